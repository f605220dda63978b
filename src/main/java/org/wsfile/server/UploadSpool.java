package org.wsfile.server;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Base64;
import java.util.Iterator;
import java.util.Optional;

import org.wsfile.protocol.legacy.LegacyUploadReader;

/**
 * Where a file sent in the original protocol waits while its frame arrives: the protocol says the
 * file's size only when the frame ends, and the relay must know it first. Up to
 * {@value #IN_MEMORY} bytes stay in memory, with the base64 they came in, which original-protocol
 * subscribers can be sent as it is ({@link #sendersBase64()}); a larger file goes to a temporary
 * file, so memory does not grow with the file. Closing it deletes the temporary file.
 */
final class UploadSpool implements LegacyUploadReader.Sink, AutoCloseable {
    static final int IN_MEMORY = 4 * 1024 * 1024;
    private static final int READ_SIZE = 256 * 1024;

    /** The decoded bytes while they are in memory; null once they went to a file. */
    private HeldBytes memory;
    /** The base64 the bytes in memory were decoded from; null once they went to a file. */
    private HeldBytes base64;
    private Path file;
    private FileChannel channel;
    private boolean closed;

    /** @param expectedChars how many characters the frame carries, as its header says: a guide to the memory taken */
    UploadSpool(long expectedChars) {
        memory = new HeldBytes(expectedChars / 4 * 3);
        base64 = new HeldBytes(expectedChars);
    }

    @Override
    public synchronized void write(ByteBuffer decoded, ByteBuffer base64Chars) throws IOException {
        if (closed) {
            throw new IOException("the upload was given up");
        }
        if (channel == null && memory.size() + decoded.remaining() <= IN_MEMORY) {
            memory.put(decoded);
            base64.put(base64Chars);
            return;
        }
        if (channel == null) {
            file = Files.createTempFile("wsfile-upload-", ".part");
            channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
            for (ByteBuffer held : memory.slices()) {
                writeAll(held);
            }
            memory = null;
            base64 = null;
        }
        writeAll(decoded);
    }

    private void writeAll(ByteBuffer bytes) throws IOException {
        while (bytes.hasRemaining()) {
            channel.write(bytes);
        }
    }

    /**
     * The base64 the whole file arrived in, if it is held in memory and is exactly what encoding
     * the file gives (padded, with no stray bits in its last group: a decoder forgives both, and
     * the original's receivers may not), so that original-protocol subscribers can be sent it as
     * it is.
     */
    synchronized Optional<HeldBytes> sendersBase64() {
        if (channel != null) {
            return Optional.empty();
        }
        long size = memory.size();
        if (base64.size() != (size + 2) / 3 * 4) {
            return Optional.empty();
        }
        if (size > 0) {
            // Groups of four characters before the last stand for their three bytes alone; only the last has leeway.
            int lastGroup = (int) (size - (size - 1) / 3 * 3);
            if (!Arrays.equals(Base64.getEncoder().encode(memory.last(lastGroup)), base64.last(4))) {
                return Optional.empty();
            }
        }
        return Optional.of(base64);
    }

    /** The content, from its start, a slice at a time; each slice is valid until the next is read. */
    synchronized Slices content() throws IOException {
        if (channel == null) {
            Iterator<ByteBuffer> held = memory.slices().iterator();
            return new Slices() {
                @Override
                public boolean hasNext() {
                    return held.hasNext();
                }

                @Override
                public ByteBuffer next() {
                    return held.next();
                }
            };
        }
        long size = channel.size();
        ByteBuffer buffer = ByteBuffer.allocate(READ_SIZE);
        return new Slices() {
            private long position;

            @Override
            public boolean hasNext() {
                return position < size;
            }

            @Override
            public ByteBuffer next() throws IOException {
                buffer.clear();
                while (buffer.hasRemaining() && position < size) {
                    int read = channel.read(buffer, position);
                    if (read < 0) {
                        throw new IOException("the spooled file ended early");
                    }
                    position += read;
                }
                return buffer.flip();
            }
        };
    }

    /** A file's content, read a slice at a time. */
    interface Slices {
        boolean hasNext();

        ByteBuffer next() throws IOException;
    }

    /** Deletes the temporary file, if there is one; may be called more than once, from any thread. */
    @Override
    public synchronized void close() throws IOException {
        closed = true;
        if (channel != null) {
            channel.close();
            Files.deleteIfExists(file);
        }
    }
}
