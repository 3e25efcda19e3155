package org.iocstream.jobs.rollup;

import java.util.Collection;
import java.util.Set;

/**
 * The province-wide indicators that count communes (DOMAIN.md section 5): {@code INF_COMMUNE_PHYS_DIGITAL} and
 * {@code INF_COMMUNE_RADIO_ICT}, in percent of all communes, so a commune that sends nothing counts against them.
 * Each commune's own value is {@link #COVERED} or {@link #NOT_COVERED}; the province's is the share of communes
 * covered ({@link #sharePercent}).
 */
public final class CommuneCoverage {

    /** The kinds that make up the physical-digital infrastructure: camera, light, agriculture, environment. */
    public static final Set<String> PHYSICAL_DIGITAL_KINDS = Set.of("CAM", "LGT", "AGR", "ENV");

    /** The {@code program} of a speaker relaying the provincial source-information system. */
    public static final String SOURCE_NEWS = "source_news";

    /** A commune's value when it is covered: 100 (percent of itself). */
    public static final double COVERED = 100.0;

    /** A commune's value when it is not covered. */
    public static final double NOT_COVERED = 0.0;

    private CommuneCoverage() {
    }

    /**
     * {@code INF_COMMUNE_PHYS_DIGITAL}: 100 × communes with at least one working (online, {@link DeviceOnline})
     * device of a {@link #PHYSICAL_DIGITAL_KINDS} kind / all communes.
     *
     * @param workingKindsPerCommune for each commune that has any working device, the kinds of those devices
     */
    public static double physicalDigitalPercent(Collection<Set<String>> workingKindsPerCommune, int communes) {
        long covered = workingKindsPerCommune.stream()
                .filter(kinds -> kinds.stream().anyMatch(PHYSICAL_DIGITAL_KINDS::contains))
                .count();
        return percentOfCommunes(covered, workingKindsPerCommune.size(), communes);
    }

    /**
     * A commune's loudspeakers on one local day: how many are registered and how many of those played
     * {@link #SOURCE_NEWS} that day (<i>ours</i>: the default schedule relays it once a day, 05:30-06:15, so any
     * shorter window would drop every commune for most of the day).
     */
    public record Speakers(int registered, int playedSourceNews) {
        public Speakers {
            if (playedSourceNews < 0 || playedSourceNews > registered) {
                throw new IllegalArgumentException("need 0 <= played <= registered, got " + playedSourceNews
                        + " of " + registered);
            }
        }

        /** Every speaker relayed the source system: our proxy for the indicator's "covering 100% of villages". */
        public boolean relaySourceNews() {
            return registered > 0 && playedSourceNews == registered;
        }
    }

    /**
     * {@code INF_COMMUNE_RADIO_ICT}: 100 × communes whose every registered loudspeaker played
     * {@link #SOURCE_NEWS} that day / all communes.
     *
     * @param speakersPerCommune the communes that have loudspeakers
     */
    public static double radioIctPercent(Collection<Speakers> speakersPerCommune, int communes) {
        long covered = speakersPerCommune.stream().filter(Speakers::relaySourceNews).count();
        return percentOfCommunes(covered, speakersPerCommune.size(), communes);
    }

    /**
     * One commune's {@code INF_COMMUNE_RADIO_ICT}: {@link #COVERED} if every loudspeaker relayed the source system,
     * {@link #NOT_COVERED} if one did not; NaN for a commune without loudspeakers, which has no value.
     */
    public static double radioIctPercent(Speakers speakers) {
        if (speakers.registered() == 0) {
            return Double.NaN;
        }
        return speakers.relaySourceNews() ? COVERED : NOT_COVERED;
    }

    /** Whether a value is one a commune can have: {@link #COVERED} or {@link #NOT_COVERED}. */
    public static boolean isCommuneValue(double value) {
        return value == COVERED || value == NOT_COVERED;
    }

    /**
     * The province's value from its communes' values: 100 × communes at {@link #COVERED} / all communes.
     *
     * @param covered how many communes are at {@link #COVERED}
     * @param communes how many communes the province has, whether they sent a value or not
     */
    public static double sharePercent(long covered, int communes) {
        if (covered < 0) {
            throw new IllegalArgumentException("covered communes must not be negative, got " + covered);
        }
        return percentOfCommunes(covered, covered, communes);
    }

    private static double percentOfCommunes(long covered, long listed, int communes) {
        if (listed > communes) {
            throw new IllegalArgumentException(listed + " communes listed out of only " + communes);
        }
        return communes == 0 ? Double.NaN : 100.0 * covered / communes;
    }
}
