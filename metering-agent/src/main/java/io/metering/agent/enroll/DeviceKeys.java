package io.metering.agent.enroll;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;

import io.metering.agent.config.AtomicFiles;

/**
 * The device's Ed25519 key pair: generated at enrollment, the private key kept as PKCS#8 DER in a file
 * readable by the owner only (mode 600 where POSIX permissions exist), the public key sent to the server
 * as base64 of its X.509 DER encoding.
 */
public final class DeviceKeys {

    private DeviceKeys() {
    }

    public static KeyPair generate() {
        try {
            return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("This JVM has no Ed25519: " + e.getMessage(), e);
        }
    }

    public static void savePrivate(KeyPair keys, Path file) throws IOException {
        AtomicFiles.writeOwnerOnly(file, keys.getPrivate().getEncoded());
    }

    public static PrivateKey loadPrivate(Path file) throws IOException {
        try {
            return KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(Files.readAllBytes(file)));
        } catch (GeneralSecurityException e) {
            throw new IOException("Not an Ed25519 PKCS#8 key: " + file, e);
        }
    }

    public static String publicKeyBase64(KeyPair keys) {
        return Base64.getEncoder().encodeToString(keys.getPublic().getEncoded());
    }
}
