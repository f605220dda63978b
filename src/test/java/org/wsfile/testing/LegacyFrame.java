package org.wsfile.testing;

import java.util.Base64;

/** Builds frames of the original protocol exactly as its clients write them. */
public final class LegacyFrame {
    private LegacyFrame() {
    }

    public static String subscribe(String topic) {
        return "subscribe:" + topic;
    }

    public static String message(String topic, String mime, String name, byte[] content) {
        return "message:" + topic + ':' + mime + ':' + name + ':' + Base64.getEncoder().encodeToString(content);
    }
}
