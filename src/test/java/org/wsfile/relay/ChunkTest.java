package org.wsfile.relay;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import org.junit.jupiter.api.Test;
import org.wsfile.protocol.stream.ChunkFrames;

class ChunkTest {
    @Test
    void anEncodingIsMadeOnceAndEverySubscriberGetsTheSameWholeArrayToWriteFrom() {
        Chunk chunk = new Chunk(9, ByteBuffer.wrap(new byte[] {1, 2, 3}), new HashMap<>());
        AtomicInteger made = new AtomicInteger();
        Function<Chunk, ByteBuffer> frame = c -> {
            made.incrementAndGet();
            return ChunkFrames.frame(c.transferId(), c.data());
        };

        ByteBuffer first = chunk.encoded(frame);
        ByteBuffer second = chunk.encoded(frame);

        assertEquals(1, made.get());
        // A transport writes such an array as it is; a read-only buffer, having none to give, is copied per subscriber.
        assertTrue(first.hasArray() && second.hasArray(), "the shared frame is read-only");
        assertSame(first.array(), second.array());
        assertEquals(0, first.arrayOffset());
        assertEquals(first.array().length, first.remaining());
        assertArrayEquals(new byte[] {0, 0, 0, 9, 1, 2, 3}, first.array());
        first.position(first.limit());
        assertEquals(7, second.remaining(), "each subscriber reads a position of its own");
    }
}
