package org.wsfile.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;

import org.wsfile.protocol.Sizes;
import org.wsfile.protocol.Units;

/**
 * Whether and how the server keeps the last files of each topic on disk for subscribers who ask
 * for them (topic history), read once at start-up like {@link Settings}. Off unless
 * {@code wsfile.history.files} is set.
 *
 * @param files         files kept per topic, the newest; 0 keeps none (history off)
 * @param maxAge        how long a file is kept, if there is such a limit
 * @param maxTopicBytes bytes kept per topic at most
 * @param maxTotalBytes bytes kept for all topics together at most
 * @param dir           where kept files live; they survive a restart
 */
public record HistorySettings(int files, Optional<Duration> maxAge, long maxTopicBytes, long maxTotalBytes, Path dir) {
    public static final String FILES = "wsfile.history.files";
    public static final String MAX_AGE = "wsfile.history.max-age";
    public static final String MAX_BYTES = "wsfile.history.max-bytes";
    public static final String MAX_TOTAL_BYTES = "wsfile.history.max-total-bytes";
    public static final String DIR = "wsfile.history.dir";

    /** Reads and checks the history settings. */
    public static HistorySettings from(Function<String, Optional<String>> source) {
        int files = Settings.read(source, FILES, "0", Integer::parseInt);
        Settings.require(files >= 0, FILES, "must be 0 (no history) or more");
        Optional<Duration> maxAge = source.apply(MAX_AGE).filter(value -> !value.isBlank())
                .map(value -> Settings.read(source, MAX_AGE, value, Units::parseDuration));
        maxAge.ifPresent(age -> Settings.require(!age.isZero(), MAX_AGE, "must be longer than 0"));
        long topicBytes = Settings.read(source, MAX_BYTES, "1GiB", Units::parseSize);
        long totalBytes = Settings.read(source, MAX_TOTAL_BYTES, "10GiB", Units::parseSize);
        Settings.require(topicBytes > 0, MAX_BYTES, "must be more than 0 bytes");
        Settings.require(totalBytes >= topicBytes, MAX_TOTAL_BYTES, "must be at least " + MAX_BYTES);
        Path dir = Settings.read(source, DIR, "wsfile-history", Path::of);
        return new HistorySettings(files, maxAge, topicBytes, totalBytes, dir);
    }

    /** Whether the server keeps any history. */
    public boolean enabled() {
        return files > 0;
    }

    /** Every setting by its name, as {@link Settings#toString()} shows its own. */
    @Override
    public String toString() {
        if (!enabled()) {
            return FILES + "=0 (no topic history)";
        }
        return String.join(", ", FILES + "=" + files, MAX_AGE + "=" + maxAge.map(Units::formatDuration).orElse("(none)"),
                MAX_BYTES + "=" + Sizes.exact(maxTopicBytes), MAX_TOTAL_BYTES + "=" + Sizes.exact(maxTotalBytes),
                DIR + "=" + dir.toAbsolutePath());
    }
}
