package io.metering.billing.webhook;

import java.net.URI;
import java.util.regex.Pattern;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import io.metering.billing.error.ApiException;

/**
 * A receiver of license alerts: an http(s) URL and the secret its signatures are made with. The secret
 * is write-only: answers and audit entries never show it.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Webhook(String id, String url, @JsonProperty(access = JsonProperty.Access.WRITE_ONLY) String secret) {

    static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");

    Webhook validated(boolean secretRequired) {
        if (id == null || !ID.matcher(id).matches()) {
            throw new ApiException.Invalid("id must be 1-64 characters of a-z, 0-9, '.', '_' or '-', starting with a letter or digit");
        }
        if (url == null || url.length() > 2000) {
            throw new ApiException.Invalid("url is required (an absolute http or https URL)");
        }
        try {
            URI u = URI.create(url);
            if (!("http".equals(u.getScheme()) || "https".equals(u.getScheme())) || u.getHost() == null) {
                throw new IllegalArgumentException();
            }
        } catch (IllegalArgumentException e) {
            throw new ApiException.Invalid("url must be an absolute http or https URL");
        }
        if ((secret != null || secretRequired) && (secret == null || secret.length() < 16 || secret.length() > 256)) {
            throw new ApiException.Invalid("secret is required: 16 to 256 characters, used for the HMAC-SHA256 signature");
        }
        return this;
    }

    /** What answers and the audit log show. */
    Webhook redacted() {
        return new Webhook(id, url, null);
    }
}
