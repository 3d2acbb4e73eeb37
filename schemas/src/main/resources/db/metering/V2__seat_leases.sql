-- Seat leases (DESIGN.md section 6): a running process of an enforced product holds one while its agent
-- renews it; an expired lease frees its seat. Written and read only by ingest-service.

CREATE TABLE seat_lease (
    tenant_id   text        NOT NULL,
    lease_id    uuid        NOT NULL,
    product_id  text        NOT NULL,
    device_id   text        NOT NULL,
    session_id  text        NOT NULL,
    user_name   text,
    granted_at  timestamptz NOT NULL DEFAULT now(),
    expires_at  timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, lease_id)
);
-- One lease per process: an agent asking again for the same session gets the same lease.
CREATE UNIQUE INDEX seat_lease_session ON seat_lease (tenant_id, product_id, device_id, session_id);
CREATE INDEX seat_lease_product ON seat_lease (tenant_id, product_id, expires_at);
