package org.iocstream.jobs.rollup;

import java.time.Duration;
import java.util.Collection;
import java.util.Set;

/**
 * The province-wide indicators that count communes (DOMAIN.md section 5): {@code INF_COMMUNE_PHYS_DIGITAL} and
 * {@code INF_COMMUNE_RADIO_ICT}, in percent of all communes, so a commune that sends nothing counts against them.
 */
public final class CommuneCoverage {

    /** The kinds that make up the physical-digital infrastructure: camera, light, agriculture, environment. */
    public static final Set<String> PHYSICAL_DIGITAL_KINDS = Set.of("CAM", "LGT", "AGR", "ENV");

    /** The {@code program} of a speaker relaying the provincial source-information system. */
    public static final String SOURCE_NEWS = "source_news";

    /**
     * How far back a {@code source_news} broadcast counts (<i>ours</i>): the default schedule relays it once a
     * day (05:30-06:15), so any shorter window would drop every commune for most of the day.
     */
    public static final Duration SOURCE_NEWS_LOOKBACK = Duration.ofDays(1);

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

    /** A commune's loudspeakers: how many are registered and how many played {@link #SOURCE_NEWS} lately. */
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
     * {@link #SOURCE_NEWS} within {@link #SOURCE_NEWS_LOOKBACK} / all communes.
     *
     * @param speakersPerCommune the communes that have loudspeakers
     */
    public static double radioIctPercent(Collection<Speakers> speakersPerCommune, int communes) {
        long covered = speakersPerCommune.stream().filter(Speakers::relaySourceNews).count();
        return percentOfCommunes(covered, speakersPerCommune.size(), communes);
    }

    private static double percentOfCommunes(long covered, int listed, int communes) {
        if (listed > communes) {
            throw new IllegalArgumentException(listed + " communes listed out of only " + communes);
        }
        return communes == 0 ? Double.NaN : 100.0 * covered / communes;
    }
}
