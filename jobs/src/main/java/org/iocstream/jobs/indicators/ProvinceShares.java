package org.iocstream.jobs.indicators;

import java.time.Duration;
import java.time.LocalDate;
import java.util.Collection;
import java.util.Set;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.iocstream.connectors.indicators.Scopes;
import org.iocstream.jobs.rollup.ComputedIndicator;
import org.iocstream.schemas.IndicatorValue;

/**
 * The province's share of communes covered ({@link ProvinceShareFunction}), as a piece of topology the telemetry
 * pipeline adds to the communes' computed values; its values go to the KPI join beside them.
 *
 * <pre>
 * IndicatorValue: INF_COMMUNE_PHYS_DIGITAL, INF_COMMUNE_RADIO_ICT of the communes (100 or 0 per commune-day)
 *   keyBy code/day (period start) -> province-shares -> IndicatorValue (same code, scope 40, period DAY)
 * </pre>
 */
public final class ProvinceShares {

    public static final String UID = "province-shares";

    /** The indicators whose province value is the share of communes whose own value is 100. */
    public static final Set<String> CODES = Set.of(ComputedIndicator.INF_COMMUNE_PHYS_DIGITAL.code(),
            ComputedIndicator.INF_COMMUNE_RADIO_ICT.code());

    private ProvinceShares() {
    }

    /**
     * @param communeValues computed values with event-time timestamps and watermarks (the computed operators'
     *     output); only the commune values of {@link #CODES} are used ({@link #isInput})
     * @param communes the province's commune codes ({@code AnalyticsOptions.scopes().communes()}): the denominator
     * @param allowedLateness the upstream operators' allowed lateness: how long after its day closed a commune
     *     value can still be corrected, and so how long the day's state is kept (rounded up to a 10-minute boundary)
     */
    public static DataStream<IndicatorValue> addTo(DataStream<IndicatorValue> communeValues,
            Collection<String> communes, Duration allowedLateness) {
        return communeValues.filter(ProvinceShares::isInput)
                .name("province-share-inputs")
                .keyBy(ProvinceShares::key)
                .process(new ProvinceShareFunction(communes, allowedLateness), new AvroTypeInfo<>(IndicatorValue.class))
                .uid(UID)
                .name(UID);
    }

    /** A value of one of {@link #CODES} for a scope other than the province. */
    public static boolean isInput(IndicatorValue value) {
        return CODES.contains(value.getCode()) && !Scopes.PROVINCE.equals(value.getScope());
    }

    /** {@code code/yyyy-MM-dd}: the value's code and period start. */
    public static String key(IndicatorValue value) {
        return value.getCode() + "/" + value.getPeriodStart();
    }

    /** The code of a {@link #key}; a code has no '/'. */
    static String code(String key) {
        return key.substring(0, key.indexOf('/'));
    }

    /** The day of a {@link #key}. */
    static LocalDate day(String key) {
        return LocalDate.parse(key.substring(key.indexOf('/') + 1));
    }
}
