package org.wsfile.config;

import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;

import org.wsfile.protocol.Sizes;
import org.wsfile.protocol.Units;

/**
 * How this server joins other wsfile servers, read once at start-up like {@link Settings}. With
 * no NATS address the server relays on its own, as it always did.
 *
 * @param natsUrl      NATS servers to connect to ({@code nats://host:4222}, several separated by commas;
 *                     {@code tls://} for TLS, user and password in the address if NATS asks for them)
 * @param credentials  a NATS credentials file (JWT and NKey seed), if NATS asks for one
 * @param name         the first token of every NATS subject the servers use: servers with the same name
 *                     on the same NATS share topics, others do not
 * @param nodeId       this server's name among the others, in logs and on the status page
 * @param window       how many bytes of one sender's files may be on their way to another server
 *                     before the sender waits for that server to take them
 * @param peerTimeout  how long another server may stay silent before it counts as gone and its files
 *                     in flight are aborted
 */
public record ClusterSettings(Optional<String> natsUrl, Optional<String> credentials, String name, String nodeId,
                              long window, Duration peerTimeout) {
    public static final String NATS_URL = "wsfile.cluster.nats-url";
    public static final String CREDENTIALS = "wsfile.cluster.nats-credentials";
    public static final String NAME = "wsfile.cluster.name";
    public static final String NODE_ID = "wsfile.cluster.node-id";
    public static final String WINDOW = "wsfile.cluster.window";
    public static final String PEER_TIMEOUT = "wsfile.cluster.peer-timeout";

    /** Letters, digits, {@code -} and {@code _}: what a NATS subject token may hold without meaning anything to NATS. */
    private static final String TOKEN = "[A-Za-z0-9_-]{1,64}";

    /**
     * Reads and checks every cluster setting.
     *
     * @param source the raw value of a key, if set
     * @throws IllegalArgumentException naming the setting, its value and what was expected
     */
    public static ClusterSettings from(Function<String, Optional<String>> source) {
        Optional<String> url = source.apply(NATS_URL).map(String::strip).filter(value -> !value.isEmpty());
        Optional<String> credentials = source.apply(CREDENTIALS).map(String::strip).filter(value -> !value.isEmpty());
        String name = Settings.read(source, NAME, "wsfile", ClusterSettings::token);
        String nodeId = Settings.read(source, NODE_ID, HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt()),
                ClusterSettings::token);
        long window = Settings.read(source, WINDOW, "8MiB", Units::parseSize);
        Duration peerTimeout = Settings.read(source, PEER_TIMEOUT, "3s", Units::parseDuration);
        Settings.require(window >= 1 << 20, WINDOW, "must be at least 1 MiB");
        Settings.require(peerTimeout.toMillis() >= 1000, PEER_TIMEOUT, "must be at least 1s");
        return new ClusterSettings(url, credentials, name, nodeId, window, peerTimeout);
    }

    /** Whether the server shares topics with others. */
    public boolean enabled() {
        return natsUrl.isPresent();
    }

    /** Every setting by its name, as {@link Settings#toString()} shows its own. */
    @Override
    public String toString() {
        if (!enabled()) {
            return NATS_URL + "=(unset: this server relays on its own)";
        }
        return String.join(", ", NATS_URL + "=" + withoutPassword(natsUrl.get()), CREDENTIALS + "=" + credentials.orElse("(none)"),
                NAME + "=" + name, NODE_ID + "=" + nodeId, WINDOW + "=" + Sizes.exact(window),
                PEER_TIMEOUT + "=" + Units.formatDuration(peerTimeout));
    }

    /** NATS addresses with any user and password in them replaced by {@code ***}, for logs. */
    public static String withoutPassword(String natsUrl) {
        return natsUrl.replaceAll("//[^@/,]*@", "//***@");
    }

    private static String token(String value) {
        if (!value.matches(TOKEN)) {
            throw new IllegalArgumentException("use 1 to 64 letters, digits, - or _");
        }
        return value;
    }
}
