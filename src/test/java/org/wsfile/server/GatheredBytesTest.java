package org.wsfile.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Random;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** A message's bytes, gathered slice by slice and taken whole, without copies or room taken far ahead of them. */
class GatheredBytesTest {

    @Property(seed = "20261127", tries = 200)
    void whatIsAppendedIsTakenWholeWhateverTheSlicesAndWhatTheFrameAnnounced(
            @ForAll @IntRange(max = 700_000) int size, @ForAll @IntRange(min = 1, max = 100_000) int piece,
            @ForAll @IntRange(max = 800_000) int announced, @ForAll long seed) {
        byte[] content = new byte[size];
        new Random(seed).nextBytes(content);
        GatheredBytes gathered = new GatheredBytes();
        for (int at = 0; at < size; at += piece) {
            int length = Math.min(piece, size - at);
            gathered.append(ByteBuffer.wrap(content, at, length), length, Math.max(0, announced - at - length));
        }

        assertEquals(ByteBuffer.wrap(content), gathered.take());
        assertEquals(0, gathered.size());
    }

    @Test
    void aMessageThatCameInOneReadIsGatheredIntoAnArrayOfItsSize() {
        GatheredBytes gathered = new GatheredBytes();
        gathered.append(ByteBuffer.wrap(new byte[3000]), 1000, 0);
        gathered.append(ByteBuffer.wrap(new byte[2000]), 2000, 0);
        gathered.clear();

        gathered.append(ByteBuffer.wrap(new byte[40_000]), 40_000, 0);

        assertEquals(40_000, gathered.take().array().length);
    }

    @Test
    void theRoomTakenForAnAnnouncedFrameIsAtMostTwiceTheBytesThatCame() {
        GatheredBytes gathered = new GatheredBytes();

        gathered.append(ByteBuffer.wrap(new byte[100]), 100, Integer.MAX_VALUE);

        assertTrue(gathered.take().array().length <= 200);
    }

    @Test
    void theRestOfAFrameThatFitsInTwiceWhatCameIsMadeRoomForAtOnce() {
        byte[] first = new byte[64 * 1024];
        Arrays.fill(first, (byte) 1);
        GatheredBytes gathered = new GatheredBytes();
        gathered.append(ByteBuffer.wrap(first), first.length, 50_000);
        ByteBuffer grown = gathered.view();

        gathered.append(ByteBuffer.wrap(new byte[50_000]), 50_000, 0);

        ByteBuffer taken = gathered.take();
        assertTrue(grown.array() == taken.array(), "the second slice went into the array the first made");
        assertEquals(first.length + 50_000, taken.array().length);
    }

    @Test
    void bytesTakenStayAsTheyWereWhileTheNextMessageIsGathered() {
        GatheredBytes gathered = new GatheredBytes();
        gathered.append(ByteBuffer.wrap(new byte[] {1, 2, 3}), 3, 0);
        ByteBuffer taken = gathered.take();

        gathered.append(ByteBuffer.wrap(new byte[] {9, 9, 9}), 3, 0);

        assertEquals(ByteBuffer.wrap(new byte[] {1, 2, 3}), taken);
    }
}
