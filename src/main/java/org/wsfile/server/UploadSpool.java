package org.wsfile.server;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import org.wsfile.protocol.legacy.LegacyUploadReader;

/**
 * Where a file sent in the original protocol waits while its frame arrives: the protocol says the
 * file's size only when the frame ends, and the relay must know it first. Up to
 * {@value #IN_MEMORY} bytes stay in memory; a larger file goes to a temporary file, so memory does
 * not grow with the file. Closing it deletes the temporary file.
 */
final class UploadSpool implements LegacyUploadReader.Sink, AutoCloseable {
    static final int IN_MEMORY = 4 * 1024 * 1024;
    private static final int READ_SIZE = 256 * 1024;

    private ByteBuffer memory = ByteBuffer.allocate(64 * 1024);
    private Path file;
    private FileChannel channel;
    private boolean closed;

    @Override
    public synchronized void write(ByteBuffer decoded) throws IOException {
        if (closed) {
            throw new IOException("the upload was given up");
        }
        int needed = memory.position() + decoded.remaining();
        if (channel == null && needed <= IN_MEMORY) {
            if (needed > memory.capacity()) {
                memory = ByteBuffer.allocate(Math.min(IN_MEMORY, Math.max(needed, memory.capacity() * 2))).put(memory.flip());
            }
            memory.put(decoded);
            return;
        }
        if (channel == null) {
            file = Files.createTempFile("wsfile-upload-", ".part");
            channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
            channel.write(memory.flip());
        }
        while (decoded.hasRemaining()) {
            channel.write(decoded);
        }
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
