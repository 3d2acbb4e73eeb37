-- usage_event gets one index instead of two (ADR 0817): the primary key becomes
-- (tenant_id, product_id, occurred_at, device_id, seq), which both identifies an event (the same columns
-- as before, plus its product) and serves every query on the table (a product's events in a period, and
-- the events of listed sessions in a period), so the separate index usage_event_product_time, which cost
-- about a third of every COPY into the table, is dropped. Events of an unrecognised executable have no
-- product: they are stored with product_id '' (no product has an empty id), as a key column cannot be
-- null.
--
-- The key order is the order of TimescaleDB's compression settings of V3 (segment by tenant and product,
-- order by occurred_at, device, seq). TimescaleDB refuses new unique constraints on a hypertable with
-- compression enabled, so there compression is switched off around the change and on again with the
-- settings and policy of V3; a database that already holds compressed chunks keeps its old keys (a
-- NOTICE says so; queries and sinks work with either), see ADR 0817 for doing it by hand.
DO $rekey$
DECLARE
    compressed boolean := false;
BEGIN
    IF to_regclass('timescaledb_information.hypertables') IS NOT NULL THEN
        EXECUTE $sql$SELECT EXISTS (SELECT 1 FROM timescaledb_information.hypertables
                                  WHERE hypertable_schema = current_schema() AND hypertable_name = 'usage_event'
                                    AND compression_enabled)$sql$
            INTO compressed;
    END IF;
    IF compressed THEN
        IF EXISTS (SELECT 1 FROM timescaledb_information.chunks
                   WHERE hypertable_schema = current_schema() AND hypertable_name = 'usage_event' AND is_compressed) THEN
            RAISE NOTICE 'usage_event has compressed chunks: it keeps its primary key and usage_event_product_time (ADR 0817)';
            RETURN;
        END IF;
        PERFORM remove_compression_policy('usage_event', if_exists => true);
        EXECUTE 'ALTER TABLE usage_event SET (timescaledb.compress = false)';
    END IF;

    UPDATE usage_event SET product_id = '' WHERE product_id IS NULL;
    ALTER TABLE usage_event ALTER COLUMN product_id SET DEFAULT '', ALTER COLUMN product_id SET NOT NULL;
    ALTER TABLE usage_event DROP CONSTRAINT usage_event_pkey;
    DROP INDEX usage_event_product_time;
    ALTER TABLE usage_event ADD CONSTRAINT usage_event_pkey PRIMARY KEY (tenant_id, product_id, occurred_at, device_id, seq);

    IF compressed THEN
        EXECUTE $sql$ALTER TABLE usage_event SET (timescaledb.compress,
                timescaledb.compress_segmentby = 'tenant_id, product_id',
                timescaledb.compress_orderby = 'occurred_at, device_id, seq')$sql$;
        PERFORM add_compression_policy('usage_event', compress_after => interval '35 days', if_not_exists => true);
    END IF;
END
$rekey$;
