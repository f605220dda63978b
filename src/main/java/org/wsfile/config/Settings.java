package org.wsfile.config;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

import org.wsfile.protocol.Sizes;
import org.wsfile.protocol.Units;

/**
 * wsfile's settings, read once at start-up. Each can be given as a system property
 * ({@code -Dwsfile.max-file-size=1GiB}), an environment variable ({@code WSFILE_MAX_FILE_SIZE=1GiB})
 * or, where the server has MicroProfile Config, any of its sources.
 *
 * @param maxFileSize            the largest file a client may send, in bytes
 * @param maxTextSize            the largest text a client may send, in bytes of UTF-8
 * @param subscriberSendTimeout  how long a subscriber may take to accept one fragment before it is dropped
 * @param subscriberBuffer       how many bytes may wait for one subscriber before its senders are slowed down
 * @param subscriberMaxBuffer    how many bytes may wait for one subscriber before it is dropped as too far behind
 *                               (only an original-protocol subscriber, which takes one file at a time, gets there)
 * @param senderIdleTimeout      how long a streaming transfer may wait for its sender's next bytes before it is aborted
 * @param senderResumeWindow     how long a streaming upload whose sender's connection dropped waits for the sender to
 *                               reconnect and continue it before it is aborted; zero aborts it at once
 * @param allowedOrigins         web page origins (scheme://host[:port]) besides the server's own whose pages may
 *                               connect; {@code *} allows any, {@code null} pages opened from files
 * @param limits                 what one connection, and the server, may have at once
 * @param streamingWebSocket     which WebSocket implementation runs the connections that ask for the streaming protocol
 */
public record Settings(long maxFileSize, long maxTextSize, Duration subscriberSendTimeout, long subscriberBuffer,
                       long subscriberMaxBuffer, Duration senderIdleTimeout, Duration senderResumeWindow,
                       Set<String> allowedOrigins, Limits limits, WebSocketEngine streamingWebSocket) {

    /**
     * @param maxConnections            open connections the server takes; more are closed with 1013 (try again later)
     * @param maxConnectionsPerAddress  open connections the server takes from one client address
     * @param maxTopicsPerConnection    topics one connection may subscribe to
     * @param maxTransfersPerConnection files one connection may be sending at once
     * @param controlMessagesPerSecond  requests that carry no file one connection may send per second, with bursts
     *                                  of twice as many
     * @param idleTimeout               how long a connection may go without a message while it has no subscription
     *                                  and sends no file
     */
    public record Limits(int maxConnections, int maxConnectionsPerAddress, int maxTopicsPerConnection,
                         int maxTransfersPerConnection, int controlMessagesPerSecond, Duration idleTimeout) {
        /** The defaults, for tests that do not read settings. */
        public static final Limits DEFAULTS = new Limits(1000, 100, 100, 16, 100, Duration.ofMinutes(10));
    }

    /**
     * A WebSocket implementation that runs connections. The original protocol's clients are always
     * run by wsfile's own, which reads a file's one large frame as it arrives; those that ask for the
     * streaming protocol ({@code wsfile.v1}) by the one {@link #STREAMING_WEBSOCKET} names.
     */
    public enum WebSocketEngine {
        /** The container's, through the Jakarta WebSocket endpoint: the default. */
        CONTAINER,
        /**
         * wsfile's own, over the Servlet API's HTTP upgrade: on Payara 2–4 times the throughput of
         * the container's, whose engine unmasks what clients send a byte at a time.
         */
        WSFILE
    }

    /**
     * The origin browsers send for pages opened from files ({@code file://}), such as the original
     * system's pages; sandboxed frames of any site send it too, so it is allowed only when listed.
     */
    public static final String NULL_ORIGIN = "null";
    public static final String MAX_FILE_SIZE = "wsfile.max-file-size";
    public static final String MAX_TEXT_SIZE = "wsfile.max-text-size";
    public static final String SUBSCRIBER_SEND_TIMEOUT = "wsfile.subscriber.send-timeout";
    public static final String SUBSCRIBER_BUFFER = "wsfile.subscriber.buffer";
    public static final String SUBSCRIBER_MAX_BUFFER = "wsfile.subscriber.max-buffer";
    public static final String SENDER_IDLE_TIMEOUT = "wsfile.sender.idle-timeout";
    public static final String SENDER_RESUME_WINDOW = "wsfile.sender.resume-window";
    public static final String ALLOWED_ORIGINS = "wsfile.allowed-origins";
    public static final String MAX_CONNECTIONS = "wsfile.max-connections";
    public static final String MAX_CONNECTIONS_PER_ADDRESS = "wsfile.max-connections-per-address";
    public static final String MAX_TOPICS_PER_CONNECTION = "wsfile.max-topics-per-connection";
    public static final String MAX_TRANSFERS_PER_CONNECTION = "wsfile.max-transfers-per-connection";
    public static final String CONTROL_MESSAGES_PER_SECOND = "wsfile.control-messages-per-second";
    public static final String IDLE_TIMEOUT = "wsfile.idle-timeout";
    public static final String STREAMING_WEBSOCKET = "wsfile.streaming.websocket";

    /**
     * Reads and checks every setting.
     *
     * @param source the raw value of a key, if set
     * @throws IllegalArgumentException naming the setting, its value and what was expected
     */
    public static Settings from(Function<String, Optional<String>> source) {
        long maxFileSize = read(source, MAX_FILE_SIZE, "500MiB", Units::parseSize);
        long maxTextSize = read(source, MAX_TEXT_SIZE, "64KiB", Units::parseSize);
        Duration sendTimeout = read(source, SUBSCRIBER_SEND_TIMEOUT, "30s", Units::parseDuration);
        long buffer = read(source, SUBSCRIBER_BUFFER, "4MiB", Units::parseSize);
        long maxBuffer = read(source, SUBSCRIBER_MAX_BUFFER, "64MiB", Units::parseSize);
        Duration idleTimeout = read(source, SENDER_IDLE_TIMEOUT, "60s", Units::parseDuration);
        Duration resumeWindow = read(source, SENDER_RESUME_WINDOW, "2m", Units::parseDuration);
        Set<String> origins = read(source, ALLOWED_ORIGINS, "", Settings::parseOrigins);
        Limits limits = new Limits(
                count(source, MAX_CONNECTIONS, Limits.DEFAULTS.maxConnections()),
                count(source, MAX_CONNECTIONS_PER_ADDRESS, Limits.DEFAULTS.maxConnectionsPerAddress()),
                count(source, MAX_TOPICS_PER_CONNECTION, Limits.DEFAULTS.maxTopicsPerConnection()),
                count(source, MAX_TRANSFERS_PER_CONNECTION, Limits.DEFAULTS.maxTransfersPerConnection()),
                count(source, CONTROL_MESSAGES_PER_SECOND, Limits.DEFAULTS.controlMessagesPerSecond()),
                read(source, IDLE_TIMEOUT, "10m", Units::parseDuration));
        WebSocketEngine streamingWebSocket = read(source, STREAMING_WEBSOCKET, "container", Settings::parseEngine);
        require(!limits.idleTimeout().isZero(), IDLE_TIMEOUT, "must be longer than 0");
        require(maxFileSize > 0, MAX_FILE_SIZE, "must be more than 0 bytes");
        require(maxTextSize > 0, MAX_TEXT_SIZE, "must be more than 0 bytes");
        require(!sendTimeout.isZero(), SUBSCRIBER_SEND_TIMEOUT, "must be longer than 0");
        require(buffer > 0, SUBSCRIBER_BUFFER, "must be more than 0 bytes");
        require(maxBuffer >= buffer, SUBSCRIBER_MAX_BUFFER, "must be at least " + SUBSCRIBER_BUFFER);
        require(!idleTimeout.isZero(), SENDER_IDLE_TIMEOUT, "must be longer than 0");
        return new Settings(maxFileSize, maxTextSize, sendTimeout, buffer, maxBuffer, idleTimeout, resumeWindow, origins,
                limits, streamingWebSocket);
    }

    /** Every setting by its name, sizes and durations in the units they were most likely given in. */
    @Override
    public String toString() {
        return String.join(", ",
                MAX_FILE_SIZE + "=" + Sizes.exact(maxFileSize),
                MAX_TEXT_SIZE + "=" + Sizes.exact(maxTextSize),
                SUBSCRIBER_SEND_TIMEOUT + "=" + Units.formatDuration(subscriberSendTimeout),
                SUBSCRIBER_BUFFER + "=" + Sizes.exact(subscriberBuffer),
                SUBSCRIBER_MAX_BUFFER + "=" + Sizes.exact(subscriberMaxBuffer),
                SENDER_IDLE_TIMEOUT + "=" + Units.formatDuration(senderIdleTimeout),
                SENDER_RESUME_WINDOW + "=" + Units.formatDuration(senderResumeWindow),
                ALLOWED_ORIGINS + "=" + (allowedOrigins.isEmpty() ? "(only the server's own pages)" : String.join(",", allowedOrigins)),
                MAX_CONNECTIONS + "=" + limits.maxConnections(),
                MAX_CONNECTIONS_PER_ADDRESS + "=" + limits.maxConnectionsPerAddress(),
                MAX_TOPICS_PER_CONNECTION + "=" + limits.maxTopicsPerConnection(),
                MAX_TRANSFERS_PER_CONNECTION + "=" + limits.maxTransfersPerConnection(),
                CONTROL_MESSAGES_PER_SECOND + "=" + limits.controlMessagesPerSecond(),
                IDLE_TIMEOUT + "=" + Units.formatDuration(limits.idleTimeout()),
                STREAMING_WEBSOCKET + "=" + streamingWebSocket.name().toLowerCase(Locale.ROOT));
    }

    /** {@code https://school.example, http://localhost:3000} → those origins, lower case; {@code *} stays {@code *}. */
    private static Set<String> parseOrigins(String list) {
        Set<String> origins = new LinkedHashSet<>();
        for (String origin : list.split(",")) {
            String trimmed = origin.strip().toLowerCase(Locale.ROOT);
            if (trimmed.isEmpty()) {
                continue;
            }
            if (!trimmed.equals("*") && !trimmed.equals(NULL_ORIGIN) && !trimmed.matches("https?://[^/\\s]+")) {
                throw new IllegalArgumentException("an origin is scheme://host[:port], such as https://school.example,"
                        + " or null for pages opened from files");
            }
            origins.add(trimmed);
        }
        return Set.copyOf(origins);
    }

    /** {@code container} or {@code wsfile}, in any case. */
    private static WebSocketEngine parseEngine(String name) {
        for (WebSocketEngine engine : WebSocketEngine.values()) {
            if (engine.name().equalsIgnoreCase(name)) {
                return engine;
            }
        }
        throw new IllegalArgumentException("expected container (the server's WebSocket engine) or wsfile (wsfile's own)");
    }

    /** A whole number of at least 1. */
    private static int count(Function<String, Optional<String>> source, String key, int defaultValue) {
        int value = read(source, key, Integer.toString(defaultValue), Integer::parseInt);
        require(value >= 1, key, "must be at least 1");
        return value;
    }

    static <T> T read(Function<String, Optional<String>> source, String key, String defaultValue,
                              Function<String, T> parser) {
        String value = source.apply(key).orElse(defaultValue);
        try {
            return parser.apply(value.trim());
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw new IllegalArgumentException("setting " + key + " (environment variable "
                    + ConfigValues.envName(key) + ") has the invalid value '" + value + "': " + e.getMessage(), e);
        }
    }

    static void require(boolean condition, String key, String rule) {
        if (!condition) {
            throw new IllegalArgumentException("setting " + key + " " + rule);
        }
    }
}
