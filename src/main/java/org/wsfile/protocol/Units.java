package org.wsfile.protocol;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads sizes ({@code 500MiB}, {@code 2GB}, {@code 1024}) and durations ({@code 30s}, {@code 500ms}, {@code 2m}). */
public final class Units {
    private static final Pattern AMOUNT = Pattern.compile("\\s*(\\d+)\\s*([a-zA-Z]*)\\s*");
    private static final Map<String, Long> SIZE_UNITS = Map.of(
            "", 1L, "b", 1L,
            "kb", 1_000L, "mb", 1_000_000L, "gb", 1_000_000_000L,
            "kib", 1L << 10, "mib", 1L << 20, "gib", 1L << 30);
    private static final Map<String, Duration> DURATION_UNITS = Map.of(
            "ms", Duration.ofMillis(1), "s", Duration.ofSeconds(1),
            "m", Duration.ofMinutes(1), "h", Duration.ofHours(1), "d", Duration.ofDays(1));

    private Units() {
    }

    /**
     * A size in bytes; units B, KB, MB, GB (powers of 1000) and KiB, MiB, GiB (powers of 1024), any case.
     *
     * @throws IllegalArgumentException if the text is not such a size
     */
    public static long parseSize(String text) {
        Matcher m = match(text, "a size such as 500MiB, 2GB or 1048576");
        Long unit = SIZE_UNITS.get(m.group(2).toLowerCase(Locale.ROOT));
        if (unit == null) {
            throw new IllegalArgumentException("unknown size unit '" + m.group(2) + "' in '" + text
                    + "'; use B, KB, MB, GB, KiB, MiB or GiB");
        }
        return Math.multiplyExact(Long.parseLong(m.group(1)), unit);
    }

    /**
     * A duration; units ms, s, m, h.
     *
     * @throws IllegalArgumentException if the text is not such a duration
     */
    public static Duration parseDuration(String text) {
        Matcher m = match(text, "a duration such as 30s, 500ms or 2m");
        Duration unit = DURATION_UNITS.get(m.group(2).toLowerCase(Locale.ROOT));
        if (unit == null) {
            throw new IllegalArgumentException("unknown duration unit '" + m.group(2) + "' in '" + text
                    + "'; use ms, s, m, h or d");
        }
        return unit.multipliedBy(Long.parseLong(m.group(1)));
    }

    /** A duration in the largest of the units {@link #parseDuration} reads that divides it exactly: 30s, 10m, 500ms. */
    public static String formatDuration(Duration duration) {
        long millis = duration.toMillis();
        for (String unit : new String[] {"d", "h", "m", "s"}) {
            long length = DURATION_UNITS.get(unit).toMillis();
            if (millis >= length && millis % length == 0) {
                return millis / length + unit;
            }
        }
        return millis + "ms";
    }

    private static Matcher match(String text, String expected) {
        Matcher m = AMOUNT.matcher(text);
        if (!m.matches() || m.group(1).length() > 15) {
            throw new IllegalArgumentException("'" + text + "' is not " + expected);
        }
        return m;
    }
}
