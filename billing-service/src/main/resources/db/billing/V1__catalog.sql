-- Tables owned by billing-service. Every row carries tenant_id.

CREATE TABLE product (
    tenant_id   text        NOT NULL,
    id          text        NOT NULL,
    name        text        NOT NULL,
    vendor      text,
    rules       jsonb       NOT NULL DEFAULT '[]',
    version     bigint      NOT NULL DEFAULT 1,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id)
);

CREATE TABLE cost_center (
    tenant_id   text NOT NULL,
    id          text NOT NULL,
    name        text NOT NULL,
    PRIMARY KEY (tenant_id, id)
);

-- A user or a device belongs to at most one cost center of its tenant.
CREATE TABLE cost_center_member (
    tenant_id       text NOT NULL,
    kind            text NOT NULL CHECK (kind IN ('user', 'device')),
    member          text NOT NULL,
    cost_center_id  text NOT NULL,
    PRIMARY KEY (tenant_id, kind, member),
    FOREIGN KEY (tenant_id, cost_center_id) REFERENCES cost_center (tenant_id, id) ON DELETE CASCADE
);
