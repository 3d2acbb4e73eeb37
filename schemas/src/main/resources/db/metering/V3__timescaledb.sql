-- TimescaleDB features of the metering store (ADR 0401). On plain PostgreSQL this migration only
-- raises a NOTICE and changes nothing; the tables of V1 and every query on them stay the same, so the
-- consumption API answers identically on both databases.
--
-- Everything is one guarded DO block, so it runs inside Flyway's normal transaction: continuous
-- aggregates are created WITH NO DATA (only "WITH DATA" must run outside a transaction block) and
-- are filled by their refresh policies. The block is idempotent (if_not_exists everywhere), so it
-- can also be re-run by hand after installing the extension on a database migrated without it.
--
-- Numbers chosen here (see ADR 0401):
--   * late data is accepted for 31 days, so nothing younger than 35 days is compressed and the
--     refresh windows of the aggregates reach back 33 days;
--   * raw events and minutes are kept 2 years (bills of the previous year stay reproducible); the
--     hourly and daily aggregates are kept without limit.
DO $timescaledb$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'timescaledb') THEN
        RAISE NOTICE 'timescaledb is not available: the metering store stays plain PostgreSQL';
        RETURN;
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'timescaledb')
       AND position('timescaledb' IN current_setting('shared_preload_libraries')) = 0 THEN
        RAISE NOTICE 'timescaledb is installed but not in shared_preload_libraries: the metering store stays plain PostgreSQL';
        RETURN;
    END IF;

    CREATE EXTENSION IF NOT EXISTS timescaledb;

    -- Hypertables. Both primary keys contain the time column, as TimescaleDB requires.
    PERFORM create_hypertable('usage_event', 'occurred_at', chunk_time_interval => interval '1 day',
                              if_not_exists => true, migrate_data => true);
    PERFORM create_hypertable('consumption_minute', 'minute', chunk_time_interval => interval '7 days',
                              if_not_exists => true, migrate_data => true);

    -- Continuous aggregates of the per-minute consumption. Peaks stay peaks (max of per-minute
    -- values is the peak of the bucket), counters are summed. Real-time (materialized_only = false),
    -- so a bucket that a refresh has not reached yet is still exact.
    IF NOT EXISTS (SELECT 1 FROM pg_class WHERE relname = 'consumption_hour') THEN
        EXECUTE $sql$
            CREATE MATERIALIZED VIEW consumption_hour
            WITH (timescaledb.continuous, timescaledb.materialized_only = false) AS
            SELECT tenant_id, product_id, time_bucket(interval '1 hour', minute) AS hour,
                   max(sessions) AS peak_sessions, max(users) AS peak_users,
                   sum(launches) AS launches, sum(active_seconds) AS active_seconds
            FROM consumption_minute
            GROUP BY tenant_id, product_id, time_bucket(interval '1 hour', minute)
            WITH NO DATA$sql$;
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_class WHERE relname = 'consumption_day') THEN
        EXECUTE $sql$
            CREATE MATERIALIZED VIEW consumption_day
            WITH (timescaledb.continuous, timescaledb.materialized_only = false) AS
            SELECT tenant_id, product_id, time_bucket(interval '1 day', minute) AS day,
                   max(sessions) AS peak_sessions, max(users) AS peak_users,
                   sum(launches) AS launches, sum(active_seconds) AS active_seconds
            FROM consumption_minute
            GROUP BY tenant_id, product_id, time_bucket(interval '1 day', minute)
            WITH NO DATA$sql$;
    END IF;
    -- Late data (up to 31 days) keeps changing old buckets: the windows reach back 33 days.
    PERFORM add_continuous_aggregate_policy('consumption_hour', start_offset => interval '33 days',
            end_offset => interval '1 hour', schedule_interval => interval '15 minutes', if_not_exists => true);
    PERFORM add_continuous_aggregate_policy('consumption_day', start_offset => interval '34 days',
            end_offset => interval '1 day', schedule_interval => interval '1 hour', if_not_exists => true);

    -- Compression only past the late horizon, so the sinks normally never write into compressed chunks
    -- (a replay of older records still works: inserts into compressed chunks are supported).
    EXECUTE $sql$ALTER TABLE usage_event SET (timescaledb.compress,
            timescaledb.compress_segmentby = 'tenant_id, product_id',
            timescaledb.compress_orderby = 'occurred_at, device_id, seq')$sql$;
    EXECUTE $sql$ALTER TABLE consumption_minute SET (timescaledb.compress,
            timescaledb.compress_segmentby = 'tenant_id, product_id',
            timescaledb.compress_orderby = 'minute')$sql$;
    PERFORM add_compression_policy('usage_event', compress_after => interval '35 days', if_not_exists => true);
    PERFORM add_compression_policy('consumption_minute', compress_after => interval '35 days', if_not_exists => true);

    -- Retention: raw data two years; the aggregates above are kept.
    PERFORM add_retention_policy('usage_event', drop_after => interval '731 days', if_not_exists => true);
    PERFORM add_retention_policy('consumption_minute', drop_after => interval '731 days', if_not_exists => true);

    RAISE NOTICE 'timescaledb: hypertables, continuous aggregates, compression and retention in place';
END
$timescaledb$;
