package org.iocstream.sim;

import java.nio.charset.StandardCharsets;

/**
 * Hashing that gives the same numbers on every JVM and platform: FNV-1a over UTF-8 bytes for text and the
 * SplitMix64 finaliser for mixing, so simulated values depend only on their inputs.
 */
final class StableHash {

    private static final long FNV_OFFSET_BASIS = 0xcbf29ce484222325L;
    private static final long FNV_PRIME = 0x100000001b3L;
    /** The SplitMix64 increment (2^64 / golden ratio), used to spread consecutive indices apart. */
    static final long GOLDEN_GAMMA = 0x9e3779b97f4a7c15L;

    private StableHash() {
    }

    static long fnv1a(String text) {
        return fnv1a(FNV_OFFSET_BASIS, text);
    }

    /** Continues an FNV-1a hash over the UTF-8 bytes of the text, so hashing a then b equals hashing a + b. */
    static long fnv1a(long hash, String text) {
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) >= 0x80) {
                return fnv1a(hash, text.getBytes(StandardCharsets.UTF_8));
            }
        }
        // ASCII, the usual case (ids, codes, metric names): a char is its own UTF-8 byte, no array needed.
        for (int i = 0; i < text.length(); i++) {
            hash = fnv1aStep(hash, text.charAt(i));
        }
        return hash;
    }

    /** Continues an FNV-1a hash over one byte. */
    static long fnv1aStep(long hash, int unsignedByte) {
        return (hash ^ unsignedByte) * FNV_PRIME;
    }

    private static long fnv1a(long hash, byte[] bytes) {
        for (byte b : bytes) {
            hash = fnv1aStep(hash, b & 0xff);
        }
        return hash;
    }

    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    /** A double in [0, 1) from the top 53 bits of a hash. */
    static double unitInterval(long hash) {
        return (hash >>> 11) * 0x1.0p-53;
    }

    /** A double in [0, 1) that depends only on the text. */
    static double unitInterval(String text) {
        return unitInterval(mix(fnv1a(text)));
    }
}
