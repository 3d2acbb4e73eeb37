-- Audit log of every change to products, entitlements (with prices), cost centers, members and webhooks.
-- Written in the same transaction as the change it records; never updated.

CREATE TABLE audit_log (
    seq         bigserial   PRIMARY KEY,
    tenant_id   text        NOT NULL,
    at          timestamptz NOT NULL DEFAULT clock_timestamp(),
    actor       text        NOT NULL,
    entity      text        NOT NULL,
    entity_id   text        NOT NULL,
    action      text        NOT NULL CHECK (action IN ('create', 'update', 'delete')),
    before      jsonb,
    after       jsonb
);
CREATE INDEX audit_log_tenant ON audit_log (tenant_id, seq DESC);
CREATE INDEX audit_log_entity ON audit_log (tenant_id, entity, entity_id, seq DESC);
