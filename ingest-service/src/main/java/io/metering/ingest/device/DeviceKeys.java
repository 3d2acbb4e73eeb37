package io.metering.ingest.device;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

import io.metering.ingest.error.ApiException;

/** Ed25519 public keys of devices and SHA-256 of batches. Stateless and thread-safe. */
public final class DeviceKeys {

    public static final int HASH_LENGTH = 32;

    private DeviceKeys() {
    }

    /** Parses a base64 X.509 (SubjectPublicKeyInfo) Ed25519 key as sent at enrollment; 400 when it is not one. */
    public static byte[] parsePublicKey(String base64) {
        try {
            byte[] der = Base64.getDecoder().decode(base64);
            PublicKey key = KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(der));
            return key.getEncoded();
        } catch (IllegalArgumentException | GeneralSecurityException | NullPointerException e) {
            throw new ApiException.BadRequest("bad_public_key", "publicKey must be a base64 X.509 Ed25519 public key");
        }
    }

    public static boolean verify(byte[] publicKeyDer, byte[] data, byte[] signature) {
        try {
            PublicKey key = KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(publicKeyDer));
            Signature verifier = Signature.getInstance("Ed25519");
            verifier.initVerify(key);
            verifier.update(data);
            return verifier.verify(signature);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    public static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }
}
