package org.iocstream.connectors.gateway;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Salted password hashes in Mosquitto's own format, {@code $7$<iterations>$<salt>$<hash>} (PBKDF2 with
 * HMAC-SHA512, base64 salt and hash, as {@code mosquitto_passwd} writes them). One format serves both brokers:
 * the HiveMQ extension checks passwords against it and Mosquitto's password file holds it unchanged.
 */
public final class PasswordHash {

    /** Mosquitto's default. */
    static final int ITERATIONS = 101;
    private static final int SALT_BYTES = 12;
    private static final int HASH_BITS = 512;
    private static final String PREFIX = "$7$";

    private PasswordHash() {
    }

    /** A new hash of {@code password} with a fresh salt. */
    public static String create(String password, SecureRandom random) {
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        return format(ITERATIONS, salt, pbkdf2(password, salt, ITERATIONS));
    }

    /** Whether {@code password} is the one {@code hash} was made from; false for a hash not in this format. */
    public static boolean matches(String hash, byte[] password) {
        String[] parts = hash.split("\\$");
        // "$7$101$salt$hash" splits into "", "7", "101", salt, hash
        if (parts.length != 5 || !parts[0].isEmpty() || !parts[1].equals("7")) {
            return false;
        }
        try {
            int iterations = Integer.parseInt(parts[2]);
            byte[] salt = Base64.getDecoder().decode(parts[3]);
            byte[] expected = Base64.getDecoder().decode(parts[4]);
            byte[] actual = pbkdf2(new String(password, StandardCharsets.UTF_8), salt, iterations);
            return MessageDigest.isEqual(expected, actual);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    static String format(int iterations, byte[] salt, byte[] hash) {
        Base64.Encoder base64 = Base64.getEncoder();
        return PREFIX + iterations + "$" + base64.encodeToString(salt) + "$" + base64.encodeToString(hash);
    }

    private static byte[] pbkdf2(String password, byte[] salt, int iterations) {
        try {
            PBEKeySpec spec = new PBEKeySpec(password.toCharArray(), salt, iterations, HASH_BITS);
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA512").generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA512 is part of every Java 17 runtime", e);
        }
    }
}
