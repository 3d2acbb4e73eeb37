package io.metering.billing.webhook;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The value of {@code X-Metering-Signature}: {@code sha256=} and the lower-case hex HMAC-SHA256 of the
 * exact body bytes under the webhook's secret. Receivers recompute it and compare in constant time. Stateless.
 */
public final class WebhookSigner {

    public static final String HEADER = "X-Metering-Signature";

    private WebhookSigner() {
    }

    public static String signature(String secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }
}
