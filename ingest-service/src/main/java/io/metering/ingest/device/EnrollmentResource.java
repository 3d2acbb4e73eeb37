package io.metering.ingest.device;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.UUID;

import javax.sql.DataSource;

import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;

import io.metering.ingest.auth.Caller;
import io.metering.schemas.Roles;
import io.metering.ingest.error.ApiException;

/**
 * Device enrollment: an admin issues one-time (or n-time) expiring enrollment tokens; a device
 * presents one with its Ed25519 public key and gets its id and fleet credentials. Only the token's
 * SHA-256 is stored.
 */
@Path("/v1")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class EnrollmentResource {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final DataSource dataSource;
    private final DeviceRepository devices;
    private final EnrollmentSettings settings;
    private final Caller caller;

    @Inject
    public EnrollmentResource(DataSource dataSource, DeviceRepository devices, EnrollmentSettings settings, Caller caller) {
        this.dataSource = dataSource;
        this.devices = devices;
        this.settings = settings;
        this.caller = caller;
    }

    /** {@code {"uses":1,"ttlSeconds":86400}}, both optional. */
    public record TokenRequest(Integer uses, Long ttlSeconds) {
    }

    public record IssuedToken(String token, String tenantId, int uses, Instant expiresAt) {
    }

    public record EnrollRequest(String token, String publicKey, String hostname, String agentVersion) {
    }

    public record Enrolled(String deviceId, String tenantId, String clientId, String clientSecret, String tokenUrl,
                           String ingestUrl) {
    }

    @POST
    @Path("/enrollment-tokens")
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Issue an expiring enrollment token for the caller's tenant")
    public Response issue(TokenRequest request) {
        int uses = request == null || request.uses() == null ? 1 : request.uses();
        long ttl = request == null || request.ttlSeconds() == null ? settings.tokenLifetimeSeconds() : request.ttlSeconds();
        if (uses < 1 || uses > 100_000) {
            throw new ApiException.BadRequest("bad_uses", "uses must be between 1 and 100000");
        }
        if (ttl < 60 || ttl > 30L * 24 * 3600) {
            throw new ApiException.BadRequest("bad_ttl", "ttlSeconds must be between 60 and 2592000");
        }
        byte[] secret = new byte[24];
        RANDOM.nextBytes(secret);
        String token = "enr_" + HexFormat.of().formatHex(secret);
        Instant expiresAt = Instant.now().plusSeconds(ttl);
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("""
                     INSERT INTO enrollment_token (token_hash, tenant_id, created_by, expires_at, uses_left)
                     VALUES (?, ?, ?, ?, ?)""")) {
            s.setBytes(1, DeviceKeys.sha256(token.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            s.setString(2, caller.tenant());
            s.setString(3, caller.subject());
            s.setObject(4, java.sql.Timestamp.from(expiresAt));
            s.setInt(5, uses);
            s.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot store the enrollment token", e);
        }
        return Response.status(201).entity(new IssuedToken(token, caller.tenant(), uses, expiresAt)).build();
    }

    @POST
    @Path("/enroll")
    @PermitAll
    @Operation(summary = "Enroll a device with an enrollment token and its Ed25519 public key")
    public Response enroll(EnrollRequest request) {
        if (request == null || request.token() == null || request.publicKey() == null) {
            throw new ApiException.BadRequest("bad_enrollment", "token and publicKey are required");
        }
        if (hasControlCharacters(request.hostname()) || hasControlCharacters(request.agentVersion())) {
            throw new ApiException.BadRequest("bad_enrollment", "hostname and agentVersion must not contain control characters");
        }
        byte[] publicKey = DeviceKeys.parsePublicKey(request.publicKey());
        String hostname = request.hostname() == null ? null : truncate(request.hostname(), 255);
        String deviceId = "dev-" + UUID.randomUUID();
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            String tenant = consumeToken(c, request.token());
            devices.insert(c, tenant, deviceId, publicKey, hostname,
                    request.agentVersion() == null ? null : truncate(request.agentVersion(), 64));
            c.commit();
            return Response.status(201).entity(new Enrolled(deviceId, tenant, settings.agentClientId(),
                    settings.agentClientSecret(), settings.tokenUrl(), settings.ingestUrl())).build();
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot enroll the device", e);
        }
    }

    private static String consumeToken(Connection c, String token) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("""
                UPDATE enrollment_token SET uses_left = uses_left - 1
                WHERE token_hash = ? AND uses_left > 0 AND expires_at > now()
                RETURNING tenant_id""")) {
            s.setBytes(1, DeviceKeys.sha256(token.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    throw new ApiException.Forbidden("bad_enrollment_token",
                            "The enrollment token is unknown, used up or expired");
                }
                return rs.getString(1);
            }
        }
    }

    private static boolean hasControlCharacters(String s) {
        return s != null && s.chars().anyMatch(c -> c < 0x20);
    }

    private static String truncate(String s, int max) {
        return s.length() > max ? s.substring(0, max) : s;
    }
}
