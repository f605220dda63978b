package org.wsfile.config;

import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Function;

import org.wsfile.protocol.Sizes;
import org.wsfile.protocol.Units;

/**
 * Where the server keeps the rest of a file for a streaming subscriber that falls behind its
 * sender, so that nobody waits for it (spooled delivery), read once at start-up like {@link Settings}.
 *
 * @param maxBytes bytes the spool may hold for all files together; 0 turns spooling off (senders then go at
 *                 the pace of their slowest subscriber)
 * @param dir      where spooled bytes are written (by default in the JVM's temporary folder, as they are
 *                 transient); they are deleted once read, and never outlive the server
 */
public record SpoolSettings(long maxBytes, Path dir) {
    public static final String MAX_BYTES = "wsfile.spool.max-bytes";
    public static final String DIR = "wsfile.spool.dir";

    /** Reads and checks the spool settings. */
    public static SpoolSettings from(Function<String, Optional<String>> source) {
        long maxBytes = Settings.read(source, MAX_BYTES, "2GiB", Units::parseSize);
        Path dir = Settings.read(source, DIR, Path.of(System.getProperty("java.io.tmpdir"), "wsfile-spool").toString(),
                Path::of);
        return new SpoolSettings(maxBytes, dir);
    }

    /** Whether subscribers that fall behind are fed from the spool. */
    public boolean enabled() {
        return maxBytes > 0;
    }

    /** Every setting by its name, as {@link Settings#toString()} shows its own. */
    @Override
    public String toString() {
        return enabled() ? MAX_BYTES + "=" + Sizes.exact(maxBytes) + ", " + DIR + "=" + dir.toAbsolutePath()
                : MAX_BYTES + "=0 (no spool: senders go at the pace of their slowest subscriber)";
    }
}
