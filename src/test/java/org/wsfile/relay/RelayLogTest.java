package org.wsfile.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RelayLogTest {
    private final Logger logger = Logger.getLogger(TopicRelay.class.getName());
    private final List<LogRecord> records = new CopyOnWriteArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            records.add(record);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    private final AtomicLong clock = new AtomicLong(TimeUnit.SECONDS.toNanos(100));
    private final RelayLog log = new RelayLog(clock::get);
    private Level levelBefore;

    @BeforeEach
    void listen() {
        levelBefore = logger.getLevel();
        logger.setLevel(Level.ALL);
        logger.addHandler(capture);
    }

    @AfterEach
    void stopListening() {
        logger.removeHandler(capture);
        logger.setLevel(levelBefore);
    }

    @Test
    void aBusySecondLogsItsFirstFilesAtInfoAndTheRestAtFineCountedInTheNextInfoLine() {
        for (int i = 0; i < RelayLog.LINES_PER_SECOND + 5; i++) {
            log.relayed(offer("f" + i), delivered());
        }
        clock.addAndGet(TimeUnit.SECONDS.toNanos(1));
        log.relayed(offer("next"), delivered());

        assertEquals(RelayLog.LINES_PER_SECOND + 1, count(Level.INFO));
        assertEquals(5, count(Level.FINE));
        String last = records.get(records.size() - 1).getMessage();
        assertTrue(last.startsWith("relayed \"next\" (10 bytes) on topic \"t\" to 1 of 1 subscribers"), last);
        assertTrue(last.endsWith(" (5 more files relayed before it, logged at FINE)"), last);
    }

    @Test
    void aFileThatDidNotReachEveryoneIsAlwaysLoggedAtInfo() {
        for (int i = 0; i < RelayLog.LINES_PER_SECOND; i++) {
            log.relayed(offer("f" + i), delivered());
        }
        FanOut failed = new FanOut(2);
        failed.reportCompleted();
        failed.reportFailed("dropped: too slow");

        log.relayed(offer("late"), failed);

        LogRecord last = records.get(records.size() - 1);
        assertEquals(Level.INFO, last.getLevel());
        assertTrue(last.getMessage().contains("to 1 of 2 subscribers")
                && last.getMessage().endsWith("; not delivered: [dropped: too slow]"), last.getMessage());
    }

    private long count(Level level) {
        return records.stream().filter(record -> record.getLevel() == level).count();
    }

    private static FileOffer offer(String name) {
        return new FileOffer(1, "t", name, "text/plain", 10, Instant.now());
    }

    private static FanOut delivered() {
        FanOut fanOut = new FanOut(1);
        fanOut.reportCompleted();
        return fanOut;
    }
}
