package org.wsfile.client;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

import org.wsfile.protocol.Sha256;
import org.wsfile.protocol.StrictUtf8;

/**
 * Takes the texts among the files a connection receives (docs/PROTOCOL.md, "Texts"), checks each
 * once whole (SHA-256, UTF-8) and hands it on as a string; files go on to the sink it wraps.
 */
public final class TextSink implements FileSink {
    /** A text that arrived whole: the topic it was sent to and its words. */
    public record ReceivedText(String topic, String text) {
    }

    private final FileSink files;
    private final Consumer<ReceivedText> texts;
    /** Texts under way, by id. Reading thread only. */
    private final Map<Long, Arriving> arriving = new HashMap<>();

    private record Arriving(String topic, ByteArrayOutputStream bytes, MessageDigest sha256) {
    }

    public TextSink(FileSink files, Consumer<ReceivedText> texts) {
        this.files = files;
        this.texts = texts;
    }

    @Override
    public void begin(long id, FileHeader header) {
        if (header.text()) {
            arriving.put(id, new Arriving(header.topic(), new ByteArrayOutputStream(), Sha256.digest()));
        } else {
            files.begin(id, header);
        }
    }

    @Override
    public void data(long id, ByteBuffer bytes) {
        Arriving text = arriving.get(id);
        if (text == null) {
            files.data(id, bytes);
            return;
        }
        text.sha256().update(bytes.duplicate());
        byte[] copy = new byte[bytes.remaining()];
        bytes.duplicate().get(copy);
        text.bytes().writeBytes(copy);
    }

    @Override
    public Optional<String> end(long id, Optional<String> sha256) {
        Arriving text = arriving.remove(id);
        if (text == null) {
            return files.end(id, sha256);
        }
        if (sha256.isPresent() && !sha256.get().equals(Sha256.hex(text.sha256()))) {
            return Optional.of("checksum mismatch");
        }
        try {
            texts.accept(new ReceivedText(text.topic(), StrictUtf8.decode(ByteBuffer.wrap(text.bytes().toByteArray()))));
            return Optional.empty();
        } catch (CharacterCodingException e) {
            return Optional.of("the text is not UTF-8");
        }
    }

    @Override
    public void abort(long id, String reason) {
        if (arriving.remove(id) == null) {
            files.abort(id, reason);
        }
    }

    @Override
    public void cut(long id, String reason) {
        if (arriving.remove(id) == null) {
            files.cut(id, reason);
        }
    }
}
