package org.wsfile.client;

import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.Optional;
import java.util.function.Consumer;

import org.wsfile.protocol.legacy.LegacyFrames;

/**
 * Reads the original protocol's deliveries, {@code {mime}:{file name}:{base64}}, as they arrive in
 * fragments, and hands the decoded bytes to a {@link FileSink} without holding the file.
 * <p>
 * The name may contain {@code :} and base64 never does, so the content starts after the message's
 * last {@code :}. Until that is certain, what follows the latest {@code :} is held; once more than
 * {@link #LONGEST_NAME} characters follow one, they can only be content (no file system takes a name
 * that long), and from then on the content streams through.
 */
final class LegacyMessageReader {
    static final int LONGEST_NAME = 4096;

    private final FileSink sink;
    private final Consumer<String> notices;
    private final Consumer<RefusedException> errors;
    private final Base64.Decoder decoder = Base64.getDecoder();
    private final StringBuilder head = new StringBuilder();
    /** Base64 characters received but not yet decoded (fewer than a 4-character group, or a whole part). */
    private final StringBuilder content = new StringBuilder();
    private long lastId;
    /** The file being read, once its name is known; 0 before. */
    private long fileId;
    /** The rest of the message is to be ignored (it was malformed or its file was given up). */
    private boolean skipping;

    /**
     * @param notices told of messages that are neither files nor errors
     * @param errors  told of the server's error frames
     */
    LegacyMessageReader(FileSink sink, Consumer<String> notices, Consumer<RefusedException> errors) {
        this.sink = sink;
        this.notices = notices;
        this.errors = errors;
    }

    /** The next fragment of a text message. */
    void part(CharSequence part, boolean last) {
        if (!skipping) {
            if (fileId == 0) {
                head.append(part);
                startIfNameIsCertain();
            } else {
                decode(part);
            }
        }
        if (last) {
            if (!skipping) {
                endOfMessage();
            }
            head.setLength(0);
            content.setLength(0);
            fileId = 0;
            skipping = false;
        }
    }

    /** The connection closed: a file half read is given up. */
    void closed() {
        if (fileId != 0) {
            sink.abort(fileId, "the connection closed before the file was complete");
            fileId = 0;
        }
    }

    private void startIfNameIsCertain() {
        int mimeEnd = head.indexOf(":");
        int lastColon = head.lastIndexOf(":");
        if (mimeEnd < 0 || lastColon == mimeEnd) {
            if (head.length() > LONGEST_NAME) {
                skip("a message from the server that is not a file delivery");
            }
            return;
        }
        if (head.length() - lastColon - 1 > LONGEST_NAME) {
            start(mimeEnd, lastColon);
        }
    }

    private void start(int mimeEnd, int lastColon) {
        fileId = ++lastId;
        sink.begin(fileId, new FileHeader("", head.substring(mimeEnd + 1, lastColon), head.substring(0, mimeEnd),
                FileHeader.UNKNOWN_SIZE));
        String rest = head.substring(lastColon + 1);
        head.setLength(0);
        decode(rest);
    }

    private void decode(CharSequence part) {
        content.append(part);
        int whole = content.length() - content.length() % 4;
        if (whole == 0) {
            return;
        }
        try {
            sink.data(fileId, ByteBuffer.wrap(decoder.decode(content.substring(0, whole))));
            content.delete(0, whole);
        } catch (IllegalArgumentException e) {
            sink.abort(fileId, "its content is not valid base64");
            fileId = 0;
            skip("a file whose content is not valid base64");
        }
    }

    private void endOfMessage() {
        if (fileId == 0) {
            String message = head.toString();
            int mimeEnd = message.indexOf(':');
            int lastColon = message.lastIndexOf(':');
            if (message.startsWith(LegacyFrames.ERROR)) {
                String error = message.substring(LegacyFrames.ERROR.length());
                int codeEnd = Math.max(0, error.indexOf(':'));
                errors.accept(new RefusedException(error.substring(0, codeEnd), error.substring(codeEnd + 1)));
                return;
            }
            if (mimeEnd < 0 || lastColon == mimeEnd) {
                notices.accept("ignored a message from the server that is not a file delivery");
                return;
            }
            start(mimeEnd, lastColon);
            if (fileId == 0) {
                return;
            }
        }
        if (content.length() > 0) {
            sink.abort(fileId, "its content is not valid base64");
        } else {
            Optional<String> problem = sink.end(fileId, Optional.empty());
            problem.ifPresent(reason -> notices.accept("a file was not kept: " + reason));
        }
        fileId = 0;
    }

    private void skip(String what) {
        notices.accept("ignored " + what);
        skipping = true;
    }
}
