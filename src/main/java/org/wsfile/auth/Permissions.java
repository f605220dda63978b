package org.wsfile.auth;

import java.util.List;

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

    /**
     * {@code *} matches any characters, everything else itself. Checked on every subscription and
     * file, so by plain string search rather than by building a regular expression each time.
     */
    static boolean matches(String pattern, String topic) {
        String[] literals = pattern.split("\\*", -1);
        if (literals.length == 1) {
            return pattern.equals(topic);
        }
        if (!topic.startsWith(literals[0])) {
            return false;
        }
        int at = literals[0].length();
        for (int i = 1; i < literals.length - 1; i++) {
            int found = topic.indexOf(literals[i], at);
            if (found < 0) {
                return false;
            }
            at = found + literals[i].length();
        }
        String last = literals[literals.length - 1];
        return topic.length() - last.length() >= at && topic.endsWith(last);
    }
}
