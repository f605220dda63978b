package org.wsfile.server;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Bytes held in memory as they arrive, in blocks of at most {@value #BLOCK} bytes taken as they
 * are needed: nothing is copied to make room, and no more is taken ahead of the bytes than one
 * block, sized by what the sender said would come. (Growing one array by doubling, as this
 * replaced, allocated and copied about three times a file's size.) Not thread-safe.
 */
final class HeldBytes {
    static final int BLOCK = 256 * 1024;
    /** The smallest block taken for bytes that come beyond what was expected; later ones are as large as what came before. */
    private static final int MIN_BLOCK = 16 * 1024;

    private final List<byte[]> blocks = new ArrayList<>();
    private final long expected;
    /** Bytes in the last block. */
    private int lastFill;
    private long size;

    /** @param expected how many bytes the sender said would come (a guide: more or fewer may) */
    HeldBytes(long expected) {
        this.expected = expected;
    }

    long size() {
        return size;
    }

    /** Appends the buffer's remaining bytes, reading them. */
    void put(ByteBuffer bytes) {
        while (bytes.hasRemaining()) {
            byte[] last = blocks.isEmpty() ? null : blocks.get(blocks.size() - 1);
            if (last == null || lastFill == last.length) {
                // Beyond what was expected (a message sent in many small frames), blocks grow with what came.
                long toCome = Math.max(expected - size, Math.max(bytes.remaining(), Math.max(MIN_BLOCK, size)));
                last = new byte[(int) Math.min(BLOCK, toCome)];
                blocks.add(last);
                lastFill = 0;
            }
            int take = Math.min(bytes.remaining(), last.length - lastFill);
            bytes.get(last, lastFill, take);
            lastFill += take;
            size += take;
        }
    }

    /** The bytes, a view of each block in turn, valid while this holds them. */
    List<ByteBuffer> slices() {
        List<ByteBuffer> slices = new ArrayList<>(blocks.size());
        for (int i = 0; i < blocks.size(); i++) {
            slices.add(ByteBuffer.wrap(blocks.get(i), 0, filled(i)).slice());
        }
        return slices;
    }

    /** Copies the bytes from {@code from} up to {@code to} (exclusive) to the end of {@code out}. */
    void copy(long from, long to, ByteArrayOutputStream out) {
        long blockStart = 0;
        for (int i = 0; i < blocks.size() && blockStart < to; i++) {
            byte[] block = blocks.get(i);
            long blockEnd = blockStart + filled(i);
            if (blockEnd > from) {
                int start = (int) (Math.max(from, blockStart) - blockStart);
                int end = (int) (Math.min(to, blockEnd) - blockStart);
                out.write(block, start, end - start);
            }
            blockStart = blockEnd;
        }
    }

    /** How many bytes block {@code i} holds: all it has room for, but for the last. */
    private int filled(int i) {
        return i == blocks.size() - 1 ? lastFill : blocks.get(i).length;
    }

    /** A copy of the last {@code count} bytes (fewer if fewer are held). */
    byte[] last(int count) {
        ByteArrayOutputStream last = new ByteArrayOutputStream(count);
        copy(Math.max(0, size - count), size, last);
        return last.toByteArray();
    }
}
