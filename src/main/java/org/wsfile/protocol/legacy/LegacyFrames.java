package org.wsfile.protocol.legacy;

import org.wsfile.protocol.ProtocolException;

/** Frames of the original protocol that the server itself writes. */
public final class LegacyFrames {
    /** Prefix of an error frame: {@code error:{code}:{sentence}}. */
    public static final String ERROR = "error:";

    private LegacyFrames() {
    }

    /** The error frame that tells a client why its frame was refused. */
    public static String error(ProtocolException problem) {
        return ERROR + problem.code().wireName() + ':' + problem.getMessage();
    }
}
