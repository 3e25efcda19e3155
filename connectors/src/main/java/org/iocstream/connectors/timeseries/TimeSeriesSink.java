package org.iocstream.connectors.timeseries;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.util.function.SerializableFunction;
import org.influxdb.InfluxDB;
import org.influxdb.InfluxDBFactory;

/**
 * A Flink sink that writes elements to a time-series store as line protocol through the InfluxDB Java client
 * ({@code /write}, understood by QuestDB and InfluxDB 1.x). Lines are buffered and written when the buffer is
 * full and on every checkpoint, so everything a checkpoint covers is in the store before the checkpoint
 * completes; after a restart the job re-writes from that checkpoint, and because the store rows are keyed
 * upserts, re-written rows replace rather than duplicate.
 */
public final class TimeSeriesSink<T> implements Sink<T> {

    private final StoreOptions options;
    private final SerializableFunction<T, LinePoint> toPoint;

    public TimeSeriesSink(StoreOptions options, SerializableFunction<T, LinePoint> toPoint) {
        this.options = options;
        this.toPoint = toPoint;
    }

    @Override
    public SinkWriter<T> createWriter(WriterInitContext context) {
        return new Writer<>(options, toPoint, context.metricGroup().counter("linesWritten"));
    }

    private static final class Writer<T> implements SinkWriter<T> {
        private final StoreOptions options;
        private final SerializableFunction<T, LinePoint> toPoint;
        private final Counter linesWritten;
        private final InfluxDB client;
        private final List<String> buffer = new ArrayList<>();

        Writer(StoreOptions options, SerializableFunction<T, LinePoint> toPoint, Counter linesWritten) {
            this.options = options;
            this.toPoint = toPoint;
            this.linesWritten = linesWritten;
            OkHttpClient.Builder http = new OkHttpClient.Builder()
                    .connectTimeout(options.timeout().toMillis(), TimeUnit.MILLISECONDS)
                    .readTimeout(options.timeout().toMillis(), TimeUnit.MILLISECONDS);
            this.client = options.username() == null
                    ? InfluxDBFactory.connect(options.url(), http)
                    : InfluxDBFactory.connect(options.url(), options.username(), options.password(), http);
        }

        @Override
        public void write(T element, Context context) {
            buffer.add(toPoint.apply(element).toLine());
            if (buffer.size() >= options.batchSize()) {
                writeBuffer();
            }
        }

        @Override
        public void flush(boolean endOfInput) {
            writeBuffer();
        }

        private void writeBuffer() {
            if (buffer.isEmpty()) {
                return;
            }
            // a failed write throws: the job fails over and re-writes from its last checkpoint, nothing is lost
            client.write(options.database(), null, InfluxDB.ConsistencyLevel.ONE, TimeUnit.NANOSECONDS, buffer);
            linesWritten.inc(buffer.size());
            buffer.clear();
        }

        @Override
        public void close() {
            client.close();
        }
    }
}
