package org.iocstream.jobs.telemetry;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.types.Either;
import org.apache.flink.api.java.typeutils.EitherTypeInfo;
import org.iocstream.schemas.DeadLetter;
import org.iocstream.schemas.Reading;

/**
 * The pipeline's input element: a decoded {@link Reading} (right), or a {@link DeadLetter} (left) for a record
 * the source could not decode. Decoding failures travel with the data instead of failing the source, so bad
 * bytes on the topic never stop the job and are still routed to the dead-letter topic.
 */
public final class TelemetryInput {

    public static final TypeInformation<Either<DeadLetter, Reading>> TYPE =
            new EitherTypeInfo<>(new AvroTypeInfo<>(DeadLetter.class), new AvroTypeInfo<>(Reading.class));

    private TelemetryInput() {
    }

    public static Either<DeadLetter, Reading> of(Reading reading) {
        return Either.Right(reading);
    }

    public static Either<DeadLetter, Reading> rejected(DeadLetter deadLetter) {
        return Either.Left(deadLetter);
    }
}
