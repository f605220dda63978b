package org.wsfile.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class UnitsTest {

    @ParameterizedTest
    @CsvSource({"1024, 1024", "7B, 7", "2kb, 2000", "3MB, 3000000", "1GB, 1000000000",
        "1KiB, 1024", "500MiB, 524288000", "2GiB, 2147483648", "' 5 MiB ', 5242880"})
    void sizes(String text, long bytes) {
        assertEquals(bytes, Units.parseSize(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "MB", "-1MB", "1.5MB", "1TB", "10 apples", "9999999999999999GiB"})
    void invalidSizes(String text) {
        assertThrows(IllegalArgumentException.class, () -> Units.parseSize(text));
    }

    @ParameterizedTest
    @CsvSource({"250ms, PT0.25S", "30s, PT30S", "2m, PT2M", "1h, PT1H"})
    void durations(String text, Duration duration) {
        assertEquals(duration, Units.parseDuration(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"30", "3 days", "s", "1.5s"})
    void invalidDurations(String text) {
        assertThrows(IllegalArgumentException.class, () -> Units.parseDuration(text));
    }

    @Test
    void durationsAreWrittenInTheLargestUnitThatFitsExactly() {
        assertEquals("30s", Units.formatDuration(Duration.ofSeconds(30)));
        assertEquals("10m", Units.formatDuration(Duration.ofMinutes(10)));
        assertEquals("90s", Units.formatDuration(Duration.ofSeconds(90)));
        assertEquals("2h", Units.formatDuration(Duration.ofHours(2)));
        assertEquals("1500ms", Units.formatDuration(Duration.ofMillis(1500)));
    }
}
