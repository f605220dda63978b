package org.wsfile.auth;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.regex.Pattern;

/**
 * What a connection may do: the topics it may publish to and receive from (patterns where
 * {@code *} stands for any characters, such as {@code class-*}), and whether it may see the
 * server's status and metrics.
 */
public record Permissions(List<String> publish, List<String> subscribe, boolean admin) {
    /** Everything, for when tokens are off. */
    public static final Permissions ALL = new Permissions(List.of("*"), List.of("*"), true);
    /** Nothing, for a connection whose token was refused. */
    public static final Permissions NONE = new Permissions(List.of(), List.of(), false);

    public Permissions {
        publish = List.copyOf(publish);
        subscribe = List.copyOf(subscribe);
    }

    public boolean canPublish(String topic) {
        return matchesAny(publish, topic);
    }

    public boolean canSubscribe(String topic) {
        return matchesAny(subscribe, topic);
    }

    private static boolean matchesAny(List<String> patterns, String topic) {
        return patterns.stream().anyMatch(pattern -> matches(pattern, topic));
    }

    /** {@code *} matches any characters, everything else itself. */
    static boolean matches(String pattern, String topic) {
        String regex = Arrays.stream(pattern.split("\\*", -1)).map(Pattern::quote).collect(Collectors.joining(".*"));
        return Pattern.matches(regex, topic);
    }
}
