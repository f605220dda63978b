package org.wsfile.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.wsfile.protocol.stream.Bundles;

/** One bundle frame for every connection that writes the same entries together, and never another batch's frame. */
class BundleFramesTest {
    @Test
    void connectionsThatWriteTheSameEntriesShareOneFrameAndEachReadsItFromTheStart() {
        List<Bundles.Entry> entries = List.of(entry("a.txt", "alpha"), entry("b.txt", "beta"));

        ByteBuffer first = BundleFrames.frame(entries);
        first.position(first.limit());
        ByteBuffer second = BundleFrames.frame(new ArrayList<>(entries));

        assertSame(first.array(), second.array());
        assertEquals(Bundles.frame(entries), second);
    }

    @Test
    void aBatchThatStartsWithTheSameEntryButHoldsOthersGetsAFrameOfItsOwn() {
        Bundles.Entry a = entry("a.txt", "alpha");
        Bundles.Entry b = entry("b.txt", "beta");

        BundleFrames.frame(List.of(a, b));

        assertEquals(Bundles.frame(List.of(a)), BundleFrames.frame(List.of(a)));
        assertEquals(Bundles.frame(List.of(a, b, a)), BundleFrames.frame(List.of(a, b, a)));
    }

    private static Bundles.Entry entry(String name, String content) {
        return Bundles.Entry.of("{\"type\":\"file\",\"name\":\"" + name + "\"}",
                ByteBuffer.wrap(content.getBytes(StandardCharsets.UTF_8)));
    }
}
