-- The metering store, written by ingest-service and read by billing-service (owned by ingest-service).
-- Plain PostgreSQL; a later migration adds TimescaleDB features where the extension is available.

CREATE TABLE device (
    tenant_id        text        NOT NULL,
    device_id        text        NOT NULL,
    public_key       bytea       NOT NULL,
    hostname         text,
    agent_version    text,
    enrolled_at      timestamptz NOT NULL DEFAULT now(),
    revoked_at       timestamptz,
    last_batch_seq   bigint      NOT NULL DEFAULT 0,
    last_batch_hash  bytea,
    last_seen_at     timestamptz,
    evicted_events   bigint      NOT NULL DEFAULT 0,
    PRIMARY KEY (tenant_id, device_id)
);

CREATE TABLE enrollment_token (
    token_hash  bytea       PRIMARY KEY,
    tenant_id   text        NOT NULL,
    created_by  text        NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    expires_at  timestamptz NOT NULL,
    uses_left   integer     NOT NULL CHECK (uses_left >= 0)
);

-- One row per event ever accepted onto the usage topic, keyed (tenant, device, seq).
-- occurred_at is part of the key so that the table can become a hypertable; an event's
-- occurred_at never changes, so the key stays (tenant, device, seq) in effect.
-- received_at is the Kafka record time: events with received_at - occurred_at > 31 days are too late
-- and never metered (the same rule as the topology's).
CREATE TABLE usage_event (
    tenant_id           text        NOT NULL,
    device_id           text        NOT NULL,
    seq                 bigint      NOT NULL,
    occurred_at         timestamptz NOT NULL,
    event_id            uuid        NOT NULL,
    type                text        NOT NULL,
    session_id          text        NOT NULL,
    product_id          text,
    executable          text        NOT NULL,
    user_name           text,
    pid                 bigint      NOT NULL DEFAULT 0,
    process_started_at  timestamptz,
    active_seconds      integer     NOT NULL DEFAULT 0,
    idle_seconds        integer     NOT NULL DEFAULT 0,
    agent_version       text        NOT NULL DEFAULT '',
    received_at         timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, device_id, seq, occurred_at)
);
CREATE INDEX usage_event_product_time ON usage_event (tenant_id, product_id, occurred_at);

-- Sessions as the topology last emitted them; version only grows, so an upsert keeps the newest.
CREATE TABLE usage_session (
    tenant_id       text        NOT NULL,
    device_id       text        NOT NULL,
    session_id      text        NOT NULL,
    product_id      text        NOT NULL,
    user_name       text,
    executable      text        NOT NULL DEFAULT '',
    started_at      timestamptz NOT NULL,
    ended_at        timestamptz NOT NULL,
    closed          boolean     NOT NULL,
    launches        integer     NOT NULL DEFAULT 0,
    active_seconds  bigint      NOT NULL DEFAULT 0,
    idle_seconds    bigint      NOT NULL DEFAULT 0,
    events          integer     NOT NULL DEFAULT 0,
    version         bigint      NOT NULL,
    PRIMARY KEY (tenant_id, device_id, session_id)
);
CREATE INDEX usage_session_product_start ON usage_session (tenant_id, product_id, started_at);
CREATE INDEX usage_session_product_end ON usage_session (tenant_id, product_id, ended_at);

-- Per-minute consumption of a product: the topology's latest value for the minute wins.
CREATE TABLE consumption_minute (
    tenant_id       text        NOT NULL,
    product_id      text        NOT NULL,
    minute          timestamptz NOT NULL,
    sessions        integer     NOT NULL,
    users           integer     NOT NULL,
    launches        integer     NOT NULL DEFAULT 0,
    active_seconds  bigint      NOT NULL,
    PRIMARY KEY (tenant_id, product_id, minute)
);
