package io.metering.ingest.device;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

/** The {@code device} table: enrolled devices, their keys and the position of their batch chain. */
@ApplicationScoped
public class DeviceRepository {

    /** What a batch is checked against, read under a row lock. */
    public record ChainState(String deviceId, byte[] publicKey, boolean revoked, long lastBatchSeq, byte[] lastBatchHash) {

        /** 32 zero bytes before the first batch, else the hash of the last accepted batch. */
        public byte[] expectedPreviousHash() {
            return lastBatchHash == null ? new byte[DeviceKeys.HASH_LENGTH] : lastBatchHash;
        }
    }

    /** The device's row, locked until the transaction ends (batches of one device are accepted one at a time). */
    public Optional<ChainState> lockForBatch(Connection c, String tenant, String deviceId) throws SQLException {
        return chainState(c, tenant, deviceId, " FOR UPDATE");
    }

    /** The device's row without a lock: its public key never changes, the rest may by the time it is used. */
    public Optional<ChainState> find(Connection c, String tenant, String deviceId) throws SQLException {
        return chainState(c, tenant, deviceId, "");
    }

    private Optional<ChainState> chainState(Connection c, String tenant, String deviceId, String lock)
            throws SQLException {
        try (PreparedStatement s = c.prepareStatement("""
                SELECT public_key, revoked_at IS NOT NULL, last_batch_seq, last_batch_hash
                FROM device WHERE tenant_id = ? AND device_id = ?""" + lock)) {
            s.setString(1, tenant);
            s.setString(2, deviceId);
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new ChainState(deviceId, rs.getBytes(1), rs.getBoolean(2), rs.getLong(3), rs.getBytes(4)));
            }
        }
    }

    public void recordBatch(Connection c, String tenant, String deviceId, long batchSeq, byte[] hash,
                            long evictedEvents, String agentVersion) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("""
                UPDATE device SET last_batch_seq = ?, last_batch_hash = ?, last_seen_at = now(),
                       evicted_events = evicted_events + ?, agent_version = COALESCE(?, agent_version)
                WHERE tenant_id = ? AND device_id = ?""")) {
            s.setLong(1, batchSeq);
            s.setBytes(2, hash);
            s.setLong(3, Math.max(0, evictedEvents));
            s.setString(4, agentVersion);
            s.setString(5, tenant);
            s.setString(6, deviceId);
            s.executeUpdate();
        }
    }

    public void insert(Connection c, String tenant, String deviceId, byte[] publicKey, String hostname,
                       String agentVersion) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("""
                INSERT INTO device (tenant_id, device_id, public_key, hostname, agent_version)
                VALUES (?, ?, ?, ?, ?)""")) {
            s.setString(1, tenant);
            s.setString(2, deviceId);
            s.setBytes(3, publicKey);
            s.setString(4, hostname);
            s.setString(5, agentVersion);
            s.executeUpdate();
        }
    }
}
