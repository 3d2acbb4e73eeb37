package io.metering.e2e.scenario;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.Signature;
import java.time.Instant;
import java.util.Base64;
import java.util.List;

import io.metering.local.DevApi;
import io.metering.schemas.Codecs;
import io.metering.schemas.EventBatch;
import io.metering.schemas.SignedBatch;
import io.metering.schemas.UsageEvent;

/**
 * A device enrolled with its own Ed25519 key that uploads signed, chained Avro batches the way the
 * agent does (DESIGN.md section 8). Not thread-safe: one sender per device, batches in chain order.
 */
public final class EnrolledAgent {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final String tenant;
    private final String deviceId;
    private final KeyPair keys;
    private long batchSeq;
    private byte[] previousHash = new byte[32];
    private byte[] lastSigned;

    private EnrolledAgent(String tenant, String deviceId, KeyPair keys) {
        this.tenant = tenant;
        this.deviceId = deviceId;
        this.keys = keys;
    }

    /** Enrolls a new device with a one-use enrollment token. */
    public static EnrolledAgent enroll(String ingestUrl, String enrollmentToken, String tenant, String hostname) {
        try {
            KeyPair keys = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
            String publicKey = Base64.getEncoder().encodeToString(keys.getPublic().getEncoded());
            String json = "{\"token\":\"" + enrollmentToken + "\",\"publicKey\":\"" + publicKey
                    + "\",\"hostname\":\"" + hostname + "\"}";
            HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(URI.create(ingestUrl + "/v1/enroll"))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                    HttpResponse.BodyHandlers.ofString());
            String deviceId = new DevApi.Answer(answer.statusCode(), answer.body()).expect(201).field("deviceId");
            return new EnrolledAgent(tenant, deviceId, keys);
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public String deviceId() {
        return deviceId;
    }

    /** The next batch of the chain, signed. */
    public byte[] nextBatch(List<UsageRecord> events) {
        List<UsageEvent> avro = events.stream().map(e -> e.toAvro(tenant)).toList();
        byte[] batch = Codecs.EVENT_BATCH.encode(EventBatch.newBuilder().setTenantId(tenant).setDeviceId(deviceId)
                .setBatchSeq(++batchSeq).setPreviousHash(ByteBuffer.wrap(previousHash)).setCreatedAt(Instant.now())
                .setEvents(avro).build());
        try {
            previousHash = MessageDigest.getInstance("SHA-256").digest(batch);
            Signature ed = Signature.getInstance("Ed25519");
            ed.initSign(keys.getPrivate());
            ed.update(batch);
            lastSigned = Codecs.SIGNED_BATCH.encode(SignedBatch.newBuilder().setDeviceId(deviceId)
                    .setBatch(ByteBuffer.wrap(batch)).setSignature(ByteBuffer.wrap(ed.sign())).build());
            return lastSigned;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The last batch again, as an agent that never saw the 202 sends it. */
    public byte[] lastBatch() {
        return lastSigned;
    }
}
