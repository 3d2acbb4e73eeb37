package io.metering.e2e.security;

import java.net.http.HttpClient;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.Signature;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

import io.metering.local.DevApi;
import io.metering.schemas.Codecs;
import io.metering.schemas.EventBatch;
import io.metering.schemas.EventType;
import io.metering.schemas.SignedBatch;
import io.metering.schemas.UsageEvent;

/**
 * A device enrolled in a tenant with its own Ed25519 key, that can build correct, chained batches and
 * also sign anything it is given (the hostile suite re-signs mangled batches). The chain moves only
 * when the test says a batch was accepted. Not thread-safe: one thread per device.
 */
final class Device {

    private final Tenant tenant;
    private final String id;
    private final KeyPair keys;
    private long batchSeq;
    private long eventSeq;
    private byte[] lastHash = new byte[32];
    private byte[] lastEnvelope;

    private Device(Tenant tenant, String id, KeyPair keys) {
        this.tenant = tenant;
        this.id = id;
        this.keys = keys;
    }

    /** Enrolls a new device with a one-use enrollment token issued by the tenant's admin. */
    static Device enroll(Tenant tenant) {
        String token = DevApi.postJson(SecurityStack.ingest() + "/v1/enrollment-tokens", tenant.token(Role.ADMIN),
                "{\"uses\":1,\"ttlSeconds\":600}").expect(201).field("token");
        try {
            KeyPair keys = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
            String publicKey = Base64.getEncoder().encodeToString(keys.getPublic().getEncoded());
            Http.Reply answer = Http.json("POST", SecurityStack.ingest() + "/v1/enroll", null,
                    "{\"token\":\"" + token + "\",\"publicKey\":\"" + publicKey + "\",\"hostname\":\"security-suite\"}");
            if (answer.status() != 201) {
                throw new IllegalStateException("Enrollment failed: " + answer);
            }
            return new Device(tenant, new DevApi.Answer(answer.status(), answer.body()).field("deviceId"), keys);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    String id() {
        return id;
    }

    Tenant tenant() {
        return tenant;
    }

    /** {@code n} LAUNCH events of {@code product}, each its own session, with the next event seqs. */
    List<UsageEvent> launches(int n, String product, Instant at) {
        List<UsageEvent> events = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            events.add(event(++eventSeq, product, at));
        }
        return events;
    }

    UsageEvent event(long seq, String product, Instant at) {
        return UsageEvent.newBuilder().setEventId(UUID.randomUUID()).setTenantId(tenant.id()).setDeviceId(id)
                .setSeq(seq).setType(EventType.LAUNCH).setOccurredAt(at).setSessionId(UUID.randomUUID().toString())
                .setProductId(product).setExecutable(product + ".exe").setUser("CORP\\" + id.substring(4, 10))
                .setAgentVersion("security-suite").build();
    }

    /** The next batch of the chain with these events, not yet encoded. */
    EventBatch.Builder next(List<UsageEvent> events) {
        return EventBatch.newBuilder().setTenantId(tenant.id()).setDeviceId(id).setBatchSeq(batchSeq + 1)
                .setPreviousHash(ByteBuffer.wrap(lastHash.clone())).setCreatedAt(Instant.now()).setEvents(events);
    }

    /** A SignedBatch envelope around {@code batchBytes}, signed with this device's key. */
    byte[] envelope(byte[] batchBytes) {
        return envelope(id, batchBytes, sign(batchBytes), "Ed25519");
    }

    static byte[] envelope(String deviceId, byte[] batchBytes, byte[] signature, String algorithm) {
        return Codecs.SIGNED_BATCH.encode(SignedBatch.newBuilder().setDeviceId(deviceId)
                .setBatch(ByteBuffer.wrap(batchBytes)).setAlgorithm(algorithm).setSignature(ByteBuffer.wrap(signature)).build());
    }

    byte[] sign(byte[] bytes) {
        try {
            Signature ed = Signature.getInstance("Ed25519");
            ed.initSign(keys.getPrivate());
            ed.update(bytes);
            return ed.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Moves the chain past a batch the service accepted (202). */
    void accepted(byte[] batchBytes, byte[] envelope) {
        EventBatch batch = Codecs.EVENT_BATCH.decode(batchBytes);
        batchSeq = batch.getBatchSeq();
        for (UsageEvent e : batch.getEvents()) {
            eventSeq = Math.max(eventSeq, e.getSeq());
        }
        try {
            lastHash = MessageDigest.getInstance("SHA-256").digest(batchBytes);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        lastEnvelope = envelope;
    }

    /** The last accepted envelope (a retry of it is answered 202 with duplicates), or null. */
    byte[] lastEnvelope() {
        return lastEnvelope;
    }

    long nextEventSeq() {
        return ++eventSeq;
    }

    /** Uploads an envelope with the tenant's agent token. */
    Http.Reply upload(byte[] envelope) {
        return upload(Http.sharedClient(), envelope);
    }

    private Http.Reply upload(HttpClient client, byte[] envelope) {
        return Http.send(client, "POST", SecurityStack.ingest() + "/v1/events", tenant.token(Role.AGENT), Http.AVRO, envelope);
    }

    /** Builds, signs and uploads the next batch; on 202 the chain moves on. */
    Http.Reply uploadNext(List<UsageEvent> events) {
        return uploadNext(Http.sharedClient(), events);
    }

    /** {@link #uploadNext(List)} over the given client's connections. */
    Http.Reply uploadNext(HttpClient client, List<UsageEvent> events) {
        byte[] batch = Codecs.EVENT_BATCH.encode(next(events).build());
        byte[] envelope = envelope(batch);
        Http.Reply answer = upload(client, envelope);
        if (answer.status() == 202) {
            accepted(batch, envelope);
        }
        return answer;
    }
}
