package org.wsfile.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class ControlRateTest {
    private final AtomicLong now = new AtomicLong();
    private final ControlRate rate = new ControlRate(10, now::get);

    @Test
    void aBurstOfTwiceTheRateGoesThroughThenTheRestWaits() {
        int passed = 0;
        while (rate.tryTake()) {
            passed++;
        }
        assertEquals(20, passed);
        assertFalse(rate.tryTake());
    }

    @Test
    void tokensComeBackAtTheRate() {
        while (rate.tryTake()) {
            // empty the bucket
        }
        now.addAndGet(TimeUnit.MILLISECONDS.toNanos(100));

        assertTrue(rate.tryTake(), "one message a tenth of a second at 10 a second");
        assertFalse(rate.tryTake());
        now.addAndGet(TimeUnit.SECONDS.toNanos(60));
        int passed = 0;
        while (rate.tryTake()) {
            passed++;
        }
        assertEquals(20, passed, "a long pause refills no more than the burst");
    }
}
