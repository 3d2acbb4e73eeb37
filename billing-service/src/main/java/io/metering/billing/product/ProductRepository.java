package io.metering.billing.product;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The {@code product} table; every statement is scoped to one tenant. */
@ApplicationScoped
public class ProductRepository {

    private static final TypeReference<List<DetectionRule>> RULES = new TypeReference<>() {
    };

    private final DataSource dataSource;
    private final ObjectMapper json;

    @Inject
    public ProductRepository(DataSource dataSource, ObjectMapper json) {
        this.dataSource = dataSource;
        this.json = json;
    }

    public List<Product> list(String tenant) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement(
                     "SELECT id, name, vendor, rules::text FROM product WHERE tenant_id = ? ORDER BY id")) {
            s.setString(1, tenant);
            return read(s);
        }
    }

    public Optional<Product> find(String tenant, String id) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            return find(c, tenant, id);
        }
    }

    /** On the caller's connection (and transaction); locks the row until the transaction ends. */
    public Optional<Product> find(Connection c, String tenant, String id) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "SELECT id, name, vendor, rules::text FROM product WHERE tenant_id = ? AND id = ? FOR UPDATE")) {
            s.setString(1, tenant);
            s.setString(2, id);
            return read(s).stream().findFirst();
        }
    }

    /** Inserts; false when the id exists. */
    public boolean insert(String tenant, Product p) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            return insert(c, tenant, p);
        }
    }

    public boolean insert(Connection c, String tenant, Product p) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("""
                     INSERT INTO product (tenant_id, id, name, vendor, rules, version)
                     VALUES (?, ?, ?, ?, ?::jsonb, (SELECT COALESCE(MAX(version), 0) + 1 FROM product WHERE tenant_id = ?))
                     ON CONFLICT DO NOTHING""")) {
            s.setString(1, tenant);
            s.setString(2, p.id());
            s.setString(3, p.name());
            s.setString(4, p.vendor());
            s.setString(5, rulesJson(p));
            s.setString(6, tenant);
            return s.executeUpdate() == 1;
        }
    }

    /** Updates; false when there is no such product. */
    public boolean update(String tenant, Product p) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            return update(c, tenant, p);
        }
    }

    public boolean update(Connection c, String tenant, Product p) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("""
                     UPDATE product SET name = ?, vendor = ?, rules = ?::jsonb, updated_at = now(),
                         version = (SELECT MAX(version) + 1 FROM product WHERE tenant_id = ?)
                     WHERE tenant_id = ? AND id = ?""")) {
            s.setString(1, p.name());
            s.setString(2, p.vendor());
            s.setString(3, rulesJson(p));
            s.setString(4, tenant);
            s.setString(5, tenant);
            s.setString(6, p.id());
            return s.executeUpdate() == 1;
        }
    }

    public boolean delete(String tenant, String id) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            return delete(c, tenant, id);
        }
    }

    public boolean delete(Connection c, String tenant, String id) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("DELETE FROM product WHERE tenant_id = ? AND id = ?")) {
            s.setString(1, tenant);
            s.setString(2, id);
            return s.executeUpdate() == 1;
        }
    }

    private List<Product> read(PreparedStatement s) throws SQLException {
        List<Product> products = new ArrayList<>();
        try (ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                products.add(new Product(rs.getString(1), rs.getString(2), rs.getString(3), parse(rs.getString(4))));
            }
        }
        return products;
    }

    private String rulesJson(Product p) {
        try {
            return json.writeValueAsString(p.rules());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private List<DetectionRule> parse(String rules) {
        try {
            return json.readValue(rules, RULES);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Stored rules are not valid JSON", e);
        }
    }
}
