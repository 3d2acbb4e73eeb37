package io.metering.agent.upload;

import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;

/**
 * Signs encoded batches with the device's Ed25519 key. Thread-safe: a new {@link Signature} per call.
 */
public final class BatchSigner {

    public static final String ALGORITHM = "Ed25519";

    private final PrivateKey key;

    public BatchSigner(PrivateKey key) {
        this.key = key;
    }

    public byte[] sign(byte[] bytes) {
        try {
            Signature signature = Signature.getInstance(ALGORITHM);
            signature.initSign(key);
            signature.update(bytes);
            return signature.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot sign with the device key: " + e.getMessage(), e);
        }
    }
}
