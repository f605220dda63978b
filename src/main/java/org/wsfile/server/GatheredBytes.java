package org.wsfile.server;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * A message's bytes gathered slice by slice into one array, which goes with the message when it is
 * {@linkplain #take taken}: nothing is copied out, and a connection between messages holds no
 * buffer. The array grows to fit the rest of the frame under way when that is at most twice what it
 * will hold, so a message that comes in one read is gathered into an array of its size, and no
 * sender gets more room taken than twice the bytes it sent. Not thread-safe.
 */
final class GatheredBytes {
    private static final byte[] NONE = new byte[0];

    private byte[] bytes = NONE;
    private int size;

    int size() {
        return size;
    }

    /**
     * Appends {@code length} of the slice's remaining bytes, reading them.
     *
     * @param toCome how many more bytes the frame under way says will follow these
     */
    void append(ByteBuffer slice, int length, long toCome) {
        int needed = size + length;
        if (needed > bytes.length) {
            long room = Math.min(needed + toCome, 2L * needed);
            bytes = Arrays.copyOf(bytes, (int) Math.max(needed, Math.min(room, Integer.MAX_VALUE - 8)));
        }
        slice.get(bytes, size, length);
        size = needed;
    }

    /** The bytes gathered so far, valid until the next append or {@link #clear}. */
    ByteBuffer view() {
        return ByteBuffer.wrap(bytes, 0, size);
    }

    /** The bytes gathered, which are the caller's from now on; gathering starts again from nothing. */
    ByteBuffer take() {
        ByteBuffer taken = view();
        clear();
        return taken;
    }

    /** Drops the bytes gathered and the array they were in. */
    void clear() {
        bytes = NONE;
        size = 0;
    }
}
