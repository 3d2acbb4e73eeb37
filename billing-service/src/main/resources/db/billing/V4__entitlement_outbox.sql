-- Entitlement changes waiting to be published to the compacted topic metering.entitlements.v1.
-- A row is written in the transaction of the change and deleted once Kafka acknowledged it, so a crash
-- between commit and publish delays the record but never loses it.

CREATE TABLE entitlement_outbox (
    seq             bigserial PRIMARY KEY,
    tenant_id       text      NOT NULL,
    entitlement_id  text      NOT NULL,
    payload         bytea     NOT NULL
);
