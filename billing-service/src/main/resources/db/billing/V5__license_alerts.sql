-- License alerts (DESIGN.md section 6): at most one per entitlement, period and threshold, whatever the
-- number of instances evaluating or restarts.

CREATE TABLE license_alert (
    tenant_id       text          NOT NULL,
    id              text          NOT NULL,
    entitlement_id  text          NOT NULL,
    product_id      text          NOT NULL,
    metric          text          NOT NULL,
    period          text          NOT NULL,
    threshold       numeric(8,4)  NOT NULL,
    consumed        numeric(20,6) NOT NULL,
    quantity        numeric(20,4) NOT NULL,
    fired_at        timestamptz   NOT NULL,
    published_at    timestamptz,
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, entitlement_id, period, threshold)
);
CREATE INDEX license_alert_newest ON license_alert (tenant_id, fired_at DESC);
CREATE INDEX license_alert_unpublished ON license_alert (fired_at) WHERE published_at IS NULL;
