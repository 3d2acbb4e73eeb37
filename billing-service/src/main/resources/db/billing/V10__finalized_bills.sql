-- Finalized bills (DESIGN.md section 7, docs/bills.md): the canonical JSON snapshot and its SHA-256,
-- one row per tenant and period. DRAFT bills are never stored: they are computed on every request.
-- The snapshot is text, not jsonb, so that its bytes (which the hash covers) are kept exactly.
CREATE TABLE finalized_bill (
    tenant_id     text        NOT NULL,
    period        text        NOT NULL CHECK (period ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
    content_hash  char(64)    NOT NULL,
    snapshot      text        NOT NULL,
    finalized_at  timestamptz NOT NULL,
    finalized_by  text        NOT NULL,
    PRIMARY KEY (tenant_id, period)
);

-- A finalized bill never changes: late usage goes on the next bill as adjustment lines.
CREATE FUNCTION finalized_bill_is_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'finalized bills are immutable (tenant %, period %)', OLD.tenant_id, OLD.period;
END
$$;

CREATE TRIGGER finalized_bill_immutable BEFORE UPDATE OR DELETE ON finalized_bill
    FOR EACH ROW EXECUTE FUNCTION finalized_bill_is_immutable();
