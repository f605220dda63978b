package org.wsfile.config;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;

/**
 * wsfile's settings, read once at start-up. Each can be given as a system property
 * ({@code -Dwsfile.max-file-size=1GiB}), an environment variable ({@code WSFILE_MAX_FILE_SIZE=1GiB})
 * or, where the server has MicroProfile Config, any of its sources.
 *
 * @param maxFileSize            the largest file a client may send, in bytes
 * @param subscriberSendTimeout  how long a subscriber may take to accept one fragment before it is dropped
 * @param subscriberMaxQueuedFiles how many files may wait for one subscriber before it is dropped as too far behind
 * @param senderWindow           how many bytes of one sender's files may still be on their way to subscribers
 *                               before the server stops reading from that sender
 */
public record Settings(long maxFileSize, Duration subscriberSendTimeout, int subscriberMaxQueuedFiles,
                       long senderWindow) {

    public static final String MAX_FILE_SIZE = "wsfile.max-file-size";
    public static final String SUBSCRIBER_SEND_TIMEOUT = "wsfile.subscriber.send-timeout";
    public static final String SUBSCRIBER_MAX_QUEUED_FILES = "wsfile.subscriber.max-queued-files";
    public static final String SENDER_WINDOW = "wsfile.sender.window";

    /**
     * Reads and checks every setting.
     *
     * @param source the raw value of a key, if set
     * @throws IllegalArgumentException naming the setting, its value and what was expected
     */
    public static Settings from(Function<String, Optional<String>> source) {
        long maxFileSize = read(source, MAX_FILE_SIZE, "500MiB", Units::parseSize);
        Duration sendTimeout = read(source, SUBSCRIBER_SEND_TIMEOUT, "30s", Units::parseDuration);
        int maxQueuedFiles = read(source, SUBSCRIBER_MAX_QUEUED_FILES, "64", Integer::parseInt);
        long senderWindow = read(source, SENDER_WINDOW, "64MiB", Units::parseSize);
        require(maxFileSize > 0, MAX_FILE_SIZE, "must be more than 0 bytes");
        require(!sendTimeout.isZero(), SUBSCRIBER_SEND_TIMEOUT, "must be longer than 0");
        require(maxQueuedFiles > 0, SUBSCRIBER_MAX_QUEUED_FILES, "must be at least 1");
        require(senderWindow > 0, SENDER_WINDOW, "must be more than 0 bytes");
        return new Settings(maxFileSize, sendTimeout, maxQueuedFiles, senderWindow);
    }

    private static <T> T read(Function<String, Optional<String>> source, String key, String defaultValue,
                              Function<String, T> parser) {
        String value = source.apply(key).orElse(defaultValue);
        try {
            return parser.apply(value.trim());
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw new IllegalArgumentException("setting " + key + " (environment variable "
                    + ConfigValues.envName(key) + ") has the invalid value '" + value + "': " + e.getMessage(), e);
        }
    }

    private static void require(boolean condition, String key, String rule) {
        if (!condition) {
            throw new IllegalArgumentException("setting " + key + " " + rule);
        }
    }
}
