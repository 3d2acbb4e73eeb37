-- Entitlements (DESIGN.md section 6): what a tenant or one of its cost centers may consume of a product.

CREATE TABLE entitlement (
    tenant_id       text          NOT NULL,
    id              text          NOT NULL,
    product_id      text          NOT NULL,
    metric          text          NOT NULL CHECK (metric IN ('launches', 'devices', 'users', 'concurrent_sessions',
                                                             'concurrent_users', 'usage_hours', 'session_hours')),
    quantity        numeric(20,4) NOT NULL CHECK (quantity >= 0),
    period          text          NOT NULL CHECK (period IN ('day', 'month', 'year')),
    cost_center_id  text,
    -- committed: quantity x unit price plus overage; usage: consumed x unit price, no commitment
    pricing         text          NOT NULL DEFAULT 'committed' CHECK (pricing IN ('committed', 'usage')),
    unit_price      numeric(20,6) NOT NULL CHECK (unit_price >= 0),
    overage_price   numeric(20,6) NOT NULL DEFAULT 0 CHECK (overage_price >= 0),
    currency        char(3)       NOT NULL,
    thresholds      jsonb         NOT NULL DEFAULT '[0.8, 1.0]',
    enforcement     text          NOT NULL DEFAULT 'none' CHECK (enforcement IN ('none', 'warn', 'deny')),
    valid_from      date          NOT NULL,
    valid_to        date,
    version         bigint        NOT NULL DEFAULT 1,
    created_at      timestamptz   NOT NULL DEFAULT now(),
    updated_at      timestamptz   NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    CHECK (valid_to IS NULL OR valid_to >= valid_from)
);
CREATE INDEX entitlement_product ON entitlement (tenant_id, product_id);
