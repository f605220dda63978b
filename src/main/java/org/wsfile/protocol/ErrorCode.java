package org.wsfile.protocol;

/**
 * Why the server refused something a client sent. The wire name is what error frames carry,
 * so clients can react to the kind of error and show the sentence that comes with it.
 */
public enum ErrorCode {
    /** The frame does not have the shape of any known command or message type. */
    UNKNOWN_COMMAND("unknown-command"),
    /** The command is known but one of its parts is missing or malformed. */
    BAD_FRAME("bad-frame"),
    /** The topic is empty, too long or contains characters a topic may not have. */
    INVALID_TOPIC("invalid-topic"),
    /** The file name is empty or too long. */
    INVALID_NAME("invalid-name"),
    /** A text's bytes are not UTF-8. */
    INVALID_TEXT("invalid-text"),
    /** The file content is not valid base64. */
    BAD_BASE64("bad-base64"),
    /** A binary frame arrived where the protocol expects text. */
    UNEXPECTED_BINARY("unexpected-binary"),
    /** The file is larger than the server accepts. */
    TOO_LARGE("too-large"),
    /** A control message arrived where it makes no sense, e.g. a second transfer with an id still open. */
    BAD_ORDER("bad-order"),
    /** A data frame, end or cancel names a transfer that is not open. */
    UNKNOWN_TRANSFER("unknown-transfer"),
    /** A transfer carried more or fewer bytes than its header declared. */
    SIZE_MISMATCH("size-mismatch"),
    /** The content's SHA-256 is not the one the sender declared. */
    CHECKSUM_MISMATCH("checksum-mismatch"),
    /** A transfer got no data from its sender for the idle timeout and was aborted. */
    SENDER_IDLE("sender-idle"),
    /** A web page from another site tried to connect (the connection is refused at the handshake). */
    ORIGIN_NOT_ALLOWED("origin-not-allowed"),
    /** The connection already has as many topics as it may. */
    TOO_MANY_TOPICS("too-many-topics"),
    /** The connection is already sending as many files as it may at once. */
    TOO_MANY_TRANSFERS("too-many-transfers"),
    /** The connection sends control messages faster than it may; the message was ignored. */
    RATE_LIMITED("rate-limited"),
    /** The connection's token does not allow this (or tokens are required and it has none). */
    NOT_ALLOWED("not-allowed"),
    /** A file asked to be resumed is no longer held by the server (or never was). */
    NOT_RESUMABLE("not-resumable");

    private final String wireName;

    ErrorCode(String wireName) {
        this.wireName = wireName;
    }

    /** The code as it appears in error frames. */
    public String wireName() {
        return wireName;
    }
}
