package org.wsfile.protocol;

import java.util.OptionalLong;

/** A client sent something the protocol does not allow; the message is a sentence meant for people. */
public class ProtocolException extends Exception {
    private static final long serialVersionUID = 1L;

    private final ErrorCode code;
    private final OptionalLong transferId;

    public ProtocolException(ErrorCode code, String message) {
        this(code, message, OptionalLong.empty());
    }

    /** A refusal of a message about a transfer, so the error frame can name the transfer. */
    public ProtocolException(ErrorCode code, String message, OptionalLong transferId) {
        super(message);
        this.code = code;
        this.transferId = transferId;
    }

    public ErrorCode code() {
        return code;
    }

    /** The transfer the refused message was about, if it named one. */
    public OptionalLong transferId() {
        return transferId;
    }
}
