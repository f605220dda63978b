package org.wsfile.protocol.legacy;

/** A command of the original text protocol, as sent by a client to the server. */
public sealed interface LegacyCommand {

    /** {@code subscribe:{topic}}. */
    record Subscribe(String topic) implements LegacyCommand {
    }

    /** {@code message:{topic}:{mime}:{file name}:{base64}}. */
    record Publish(LegacyFile file) implements LegacyCommand {
    }
}
