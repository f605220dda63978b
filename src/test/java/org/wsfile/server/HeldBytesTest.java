package org.wsfile.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Random;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** Bytes held in blocks come back as they were put, whatever the pieces they arrived in and the size expected. */
class HeldBytesTest {

    @Property(seed = "20261126", tries = 200)
    void whatIsPutComesBackWholeAndInAnyRange(@ForAll @IntRange(max = 700_000) int size,
            @ForAll @IntRange(min = 1, max = 100_000) int piece, @ForAll @IntRange(max = 800_000) int expected,
            @ForAll long seed) {
        byte[] content = new byte[size];
        Random random = new Random(seed);
        random.nextBytes(content);
        HeldBytes held = new HeldBytes(expected);
        for (int at = 0; at < size; at += piece) {
            held.put(ByteBuffer.wrap(content, at, Math.min(piece, size - at)));
        }

        ByteArrayOutputStream slices = new ByteArrayOutputStream();
        held.slices().forEach(slice -> {
            assertTrue(slice.remaining() <= HeldBytes.BLOCK);
            byte[] bytes = new byte[slice.remaining()];
            slice.get(bytes);
            slices.writeBytes(bytes);
        });
        assertEquals(size, held.size());
        assertArrayEquals(content, slices.toByteArray());

        int from = size == 0 ? 0 : random.nextInt(size);
        int to = from + (size == from ? 0 : random.nextInt(size - from + 1));
        ByteArrayOutputStream range = new ByteArrayOutputStream();
        held.copy(from, to, range);
        assertArrayEquals(Arrays.copyOfRange(content, from, to), range.toByteArray());
        assertArrayEquals(Arrays.copyOfRange(content, Math.max(0, size - 4), size), held.last(4));
    }

    @Test
    void bytesBeyondWhatWasExpectedAreHeldInBlocksThatGrowWithThem() {
        HeldBytes held = new HeldBytes(1_000);
        for (int i = 0; i < 1024; i++) {
            held.put(ByteBuffer.wrap(new byte[1024]));
        }

        // 1 MiB in 1 KiB frames: blocks of 16 KiB, 16, 32, 64, 128, 256, 256 and the rest, not 64 of 16 KiB.
        assertTrue(held.slices().size() <= 8, held.slices().size() + " blocks");
        assertEquals(1024 * 1024, held.size());
    }
}
