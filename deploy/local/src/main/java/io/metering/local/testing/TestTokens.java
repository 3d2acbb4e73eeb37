package io.metering.local.testing;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Signs RS256 access tokens shaped like the dev realm's (tenant claim, realm_access roles) with a key
 * made for this JVM. Services under test verify them with {@link #publicKeyBase64()}
 * ({@code quarkus.oidc.public-key}); tests that need a real Keycloak use {@code Keycloak} instead.
 * Thread-safe.
 */
public final class TestTokens {

    private static final KeyPair KEYS = generate();
    public static final String ISSUER = "https://test-issuer.invalid/realms/metering";

    private TestTokens() {
    }

    /** The public key in the form {@code quarkus.oidc.public-key} takes (base64 X.509). */
    public static String publicKeyBase64() {
        return Base64.getEncoder().encodeToString(KEYS.getPublic().getEncoded());
    }

    /** A token of {@code subject} in {@code tenant} with the given realm roles, valid for 10 minutes. */
    public static String issue(String tenant, String subject, String... roles) {
        long now = Instant.now().getEpochSecond();
        String roleList = List.of(roles).stream().map(r -> "\"" + r + "\"").collect(Collectors.joining(","));
        String tenantClaim = tenant == null ? "" : "\"tenant\":\"" + tenant + "\",";
        String payload = "{\"iss\":\"" + ISSUER + "\",\"sub\":\"" + subject + "\",\"preferred_username\":\"" + subject
                + "\"," + tenantClaim + "\"realm_access\":{\"roles\":[" + roleList + "]},\"iat\":" + now
                + ",\"exp\":" + (now + 600) + ",\"typ\":\"Bearer\",\"azp\":\"metering-cli\"}";
        String header = "{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"test-key\"}";
        String signingInput = b64(header) + "." + b64(payload);
        try {
            Signature rsa = Signature.getInstance("SHA256withRSA");
            rsa.initSign(KEYS.getPrivate());
            rsa.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(rsa.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String b64(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    private static KeyPair generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
