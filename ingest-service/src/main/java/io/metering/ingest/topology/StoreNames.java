package io.metering.ingest.topology;

/**
 * Names of the topology's state stores; each has a changelog topic
 * {@code <application.id>-<name>-changelog}, and the minute deltas travel through
 * {@code <application.id>-consumption-deltas-repartition}.
 */
public final class StoreNames {

    /** Seen seqs per device as bitmaps of 1024 seqs, see {@link Deduplicator} (ADR 0805). */
    public static final String DEDUPE = "metering-seq-blocks";
    /** Session state by {@code tenant/device/session}. */
    public static final String SESSIONS = "metering-sessions";
    /** Open sessions by received time of their last event, for the timeout punctuator. */
    public static final String OPEN_SESSIONS = "metering-open-sessions";
    /** Per-minute totals by (minute, tenant, product). */
    public static final String MINUTES = "consumption-minutes";
    /**
     * Session counts per minute by (hour, tenant, product, user identity), see {@link MinuteUsers}
     * (ADR 0812; replaces {@code consumption-users}, one entry per minute and user).
     */
    public static final String USERS = "consumption-user-hours";
    /** Sessions changed since the last emission (change-logged, in memory), see {@link PendingEmissions}. */
    public static final String SESSIONS_PENDING = "metering-sessions-pending";
    /** Minutes changed since the last emission (change-logged, in memory), see {@link PendingEmissions}. */
    public static final String MINUTES_PENDING = "consumption-minutes-pending";
    /** Minutes that are not live changed since the last backfill emission (ADR 0807). */
    public static final String MINUTES_BACKFILL_PENDING = "consumption-minutes-backfill-pending";
    /** Name of the repartition step between sessionization and minute aggregation. */
    public static final String DELTAS_REPARTITION = "consumption-deltas";

    private StoreNames() {
    }
}
