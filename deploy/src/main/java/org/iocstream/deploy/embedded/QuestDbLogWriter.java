package org.iocstream.deploy.embedded;

import io.questdb.log.LogFactory;
import io.questdb.log.LogLevel;
import io.questdb.log.LogRecordUtf8Sink;
import io.questdb.log.LogWriter;
import io.questdb.mp.QueueConsumer;
import io.questdb.mp.RingQueue;
import io.questdb.mp.SCSequence;
import io.questdb.mp.SynchronizedJob;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands QuestDB's log records to SLF4J.
 *
 * <p>QuestDB has a logging framework of its own that writes to stdout; the log configuration written by
 * {@link EmbeddedQuestDb} names this class as its only writer, so that logback filters and formats QuestDB's records
 * like everyone else's. A record from QuestDB's {@code i.q.c.TableWriter} goes to the SLF4J logger
 * {@code io.questdb.TableWriter}.
 */
public final class QuestDbLogWriter extends SynchronizedJob implements LogWriter {

    private static final String LOGGER_PREFIX = "io.questdb.";

    private final RingQueue<LogRecordUtf8Sink> records;
    private final SCSequence sequence;
    private final int levels;
    private final QueueConsumer<LogRecordUtf8Sink> forwarder = this::forward;

    /** Called reflectively by QuestDB's LogFactory, which owns the queue and knows the configured levels. */
    public QuestDbLogWriter(RingQueue<LogRecordUtf8Sink> records, SCSequence sequence, int levels) {
        this.records = records;
        this.sequence = sequence;
        this.levels = levels;
    }

    @Override
    public void bindProperties(LogFactory factory) {
        // this writer has no writer-specific properties (w.<name>.*) to read
    }

    @Override
    protected boolean runSerially() {
        return sequence.consumeAll(records, forwarder);
    }

    private void forward(LogRecordUtf8Sink record) {
        int level = record.getLevel();
        if ((level & levels) == 0) {
            return;
        }
        // a record reads "<timestamp> <level letter> <source> <message>"
        String line = record.toString().stripTrailing();
        String[] parts = line.split(" ", 4);
        boolean wellFormed = parts.length == 4;
        String source = wellFormed ? parts[2].substring(parts[2].lastIndexOf('.') + 1) : "log";
        String message = wellFormed ? parts[3] : line;
        Logger logger = LoggerFactory.getLogger(LOGGER_PREFIX + source);
        if (level == LogLevel.CRITICAL || level == LogLevel.ERROR) {
            logger.error(message);
        } else if (level == LogLevel.DEBUG) {
            logger.debug(message);
        } else {
            logger.info(message);
        }
    }
}
