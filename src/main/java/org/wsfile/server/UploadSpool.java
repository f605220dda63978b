package org.wsfile.server;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Base64;
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

    private ByteBuffer memory = ByteBuffer.allocate(64 * 1024);
    /** The base64 the bytes in memory were decoded from; null once they went to a file. */
    private ByteBuffer base64 = ByteBuffer.allocate(64 * 1024);
    private Path file;
    private FileChannel channel;
    private boolean closed;

    @Override
    public synchronized void write(ByteBuffer decoded, ByteBuffer base64Chars) throws IOException {
        if (closed) {
            throw new IOException("the upload was given up");
        }
        if (channel == null && memory.position() + decoded.remaining() <= IN_MEMORY) {
            memory = withRoom(memory, decoded.remaining()).put(decoded);
            base64 = withRoom(base64, base64Chars.remaining()).put(base64Chars);
            return;
        }
        if (channel == null) {
            file = Files.createTempFile("wsfile-upload-", ".part");
            channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
            channel.write(memory.flip());
            base64 = null;
        }
        while (decoded.hasRemaining()) {
            channel.write(decoded);
        }
    }

    /** The buffer, or a copy of it with room for {@code more} bytes after what it holds. */
    private static ByteBuffer withRoom(ByteBuffer buffer, int more) {
        int needed = buffer.position() + more;
        if (needed <= buffer.capacity()) {
            return buffer;
        }
        return ByteBuffer.allocate(Math.max(needed, buffer.capacity() * 2)).put(buffer.flip());
    }

    /**
     * The base64 the whole file arrived in, if it is held in memory and is exactly what encoding
     * the file gives (padded, with no stray bits in its last group: a decoder forgives both, and
     * the original's receivers may not), so that original-protocol subscribers can be sent it as
     * it is. The buffer is not to be changed.
     */
    synchronized Optional<ByteBuffer> sendersBase64() {
        if (channel != null) {
            return Optional.empty();
        }
        int size = memory.position();
        int length = base64.position();
        if (length != (size + 2) / 3 * 4) {
            return Optional.empty();
        }
        if (size > 0) {
            // Groups of four characters before the last stand for their three bytes alone; only the last has leeway.
            int lastGroup = size - (size - 1) / 3 * 3;
            byte[] canonical = Base64.getEncoder().encode(Arrays.copyOfRange(memory.array(), size - lastGroup, size));
            if (!Arrays.equals(canonical, 0, 4, base64.array(), length - 4, length)) {
                return Optional.empty();
            }
        }
        return Optional.of(base64.duplicate().flip());
    }

    /** The content, from its start, a slice at a time; each slice is valid until the next is read. */
    synchronized Slices content() throws IOException {
        if (channel == null) {
            ByteBuffer whole = memory.duplicate().flip();
            return new Slices() {
                @Override
                public boolean hasNext() {
                    return whole.hasRemaining();
                }

                @Override
                public ByteBuffer next() {
                    int take = Math.min(READ_SIZE, whole.remaining());
                    ByteBuffer slice = whole.slice(whole.position(), take);
                    whole.position(whole.position() + take);
                    return slice;
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
