package org.iocstream.sim;

/**
 * Seeded, stateless randomness: every number is a hash of (seed, subject, stream, index), so any reading can be
 * recomputed on its own, in any order, on any machine.
 */
final class SignalNoise {

    private final long seedHash;

    SignalNoise(long seed) {
        this.seedHash = StableHash.mix(seed);
    }

    /**
     * Uniform in [0, 1), independent for every (subject, stream, index). The subject is usually a device id or
     * a commune code, the stream names what the number is for, the index is usually an epoch second.
     */
    double uniform(String subject, String stream, long index) {
        long name = StableHash.fnv1a(StableHash.fnv1aStep(StableHash.fnv1a(subject), 0), stream);
        long key = StableHash.mix(seedHash ^ name);
        return StableHash.unitInterval(StableHash.mix(key + index * StableHash.GOLDEN_GAMMA));
    }

    /**
     * In [0, 1), varying smoothly with time: independent values at every multiple of {@code periodSeconds},
     * joined by a smoothstep curve, for things like weather and cloud cover that drift rather than jump.
     */
    double smooth(String subject, String stream, long epochSecond, long periodSeconds) {
        long knot = Math.floorDiv(epochSecond, periodSeconds);
        double fraction = (double) (epochSecond - knot * periodSeconds) / periodSeconds;
        double eased = fraction * fraction * (3 - 2 * fraction);
        double from = uniform(subject, stream, knot);
        double to = uniform(subject, stream, knot + 1);
        return from + (to - from) * eased;
    }

    /** A per-subject constant in [0, 1), e.g. a lamp's rated power or a speaker's volume setting. */
    double constant(String subject, String stream) {
        return uniform(subject, stream, 0);
    }
}
