package org.wsfile.protocol.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;
import org.wsfile.protocol.ErrorCode;
import org.wsfile.protocol.ProtocolException;

/** Bundles read back as they were written however they are split, and malformed ones refused without harm to the next. */
class BundleReaderTest {
    private static final String SEED = "20261125";

    /** What a reader saw: each file's header and content, and whether it ended. */
    private static final class Recorder implements BundleReader.Handler {
        final List<String> headers = new ArrayList<>();
        final List<byte[]> contents = new ArrayList<>();
        int ended;
        private ByteArrayOutputStream content;

        @Override
        public void begin(String header, int contentLength) {
            headers.add(header);
            content = new ByteArrayOutputStream();
        }

        @Override
        public void content(ByteBuffer bytes) {
            byte[] copy = new byte[bytes.remaining()];
            bytes.get(copy);
            content.writeBytes(copy);
        }

        @Override
        public void end() {
            contents.add(content.toByteArray());
            ended++;
        }
    }

    @Property(seed = SEED)
    void filesReadBackAsTheyWereBundledHoweverTheFrameIsSplit(
            @ForAll @Size(min = 1, max = 6) List<@StringLength(min = 1, max = 40) String> headers,
            @ForAll @Size(min = 6, max = 6) List<@Size(max = 300) byte[]> contents,
            @ForAll @IntRange(min = 1, max = 50) int fragment) throws ProtocolException {
        List<Bundles.Entry> entries = new ArrayList<>();
        for (int i = 0; i < headers.size(); i++) {
            entries.add(Bundles.Entry.of(headers.get(i), ByteBuffer.wrap(contents.get(i))));
        }
        Recorder read = new Recorder();

        readInFragments(new BundleReader(), Bundles.frame(entries), fragment, read);

        assertEquals(headers, read.headers);
        for (int i = 0; i < headers.size(); i++) {
            assertEquals(ByteBuffer.wrap(contents.get(i)), ByteBuffer.wrap(read.contents.get(i)));
        }
    }

    @Test
    void aBundleThatEndsInsideAFileIsRefusedAndTheNextBundleReadsWhole() throws ProtocolException {
        BundleReader reader = new BundleReader();
        ByteBuffer whole = Bundles.frame(List.of(Bundles.Entry.of("{\"a\":1}", ByteBuffer.wrap(new byte[100]))));
        ByteBuffer cut = whole.slice(0, whole.remaining() - 1);
        Recorder read = new Recorder();

        ProtocolException problem = assertThrows(ProtocolException.class, () -> readInFragments(reader, cut, 7, read));
        readInFragments(reader, whole, 7, read);

        assertEquals(ErrorCode.BAD_FRAME, problem.code());
        assertEquals("the bundle ends inside a file", problem.getMessage());
        assertEquals(List.of("{\"a\":1}", "{\"a\":1}"), read.headers);
        assertEquals(1, read.ended);
    }

    @Test
    void lengthsOutOfRangeAreRefusedBeforeAnythingIsAllocated() {
        for (int[] lengths : new int[][] {{0, 1}, {Bundles.MAX_HEADER_SIZE + 1, 0}, {10, Bundles.MAX_SIZE + 1}, {-1, 0}, {10, -1}}) {
            ByteBuffer frame = ByteBuffer.allocate(8).putInt(lengths[0]).putInt(lengths[1]).flip();
            ProtocolException problem = assertThrows(ProtocolException.class,
                    () -> new BundleReader().fragment(frame, true, new Recorder()));
            assertEquals(ErrorCode.BAD_FRAME, problem.code());
            assertTrue(problem.getMessage().startsWith("a bundled "), problem.getMessage());
        }
    }

    @Test
    void aHeaderThatIsNotUtf8IsRefused() {
        ByteBuffer frame = ByteBuffer.allocate(10).putInt(2).putInt(0).put((byte) 0xC3).put((byte) 0x28).flip();

        ProtocolException problem = assertThrows(ProtocolException.class,
                () -> new BundleReader().fragment(frame, true, new Recorder()));

        assertEquals("a bundled file's header is not UTF-8", problem.getMessage());
    }

    @Property(seed = SEED)
    void anyBytesAreFilesOrARefusal(@ForAll @Size(max = 80) byte[] bytes, @ForAll @IntRange(min = 1, max = 9) int fragment) {
        Recorder read = new Recorder();
        try {
            readInFragments(new BundleReader(), ByteBuffer.wrap(bytes), fragment, read);
            assertEquals(read.headers.size(), read.ended);
        } catch (ProtocolException refused) {
            assertEquals(ErrorCode.BAD_FRAME, refused.code());
        }
    }

    @Test
    void aHeaderIsUtf8() throws ProtocolException {
        Recorder read = new Recorder();
        String header = "{\"name\":\"größe-日本.pdf\"}";

        new BundleReader().fragment(Bundles.frame(List.of(Bundles.Entry.of(header, ByteBuffer.allocate(0))))
                .position(Bundles.emptySize()), true, read);

        assertEquals(List.of(header), read.headers);
        assertEquals(header.getBytes(StandardCharsets.UTF_8).length + 8, Bundles.Entry.of(header, ByteBuffer.allocate(0)).size());
    }

    /** Feeds a bundle frame, its marker taken off, in fragments of the given size. */
    private static void readInFragments(BundleReader reader, ByteBuffer frame, int fragment, Recorder read)
            throws ProtocolException {
        ByteBuffer rest = frame.duplicate();
        if (rest.remaining() >= Bundles.emptySize() && rest.getInt(rest.position()) == (int) Bundles.MARKER) {
            rest.position(rest.position() + Bundles.emptySize());
        }
        do {
            int take = Math.min(fragment, rest.remaining());
            ByteBuffer part = rest.slice(rest.position(), take);
            rest.position(rest.position() + take);
            reader.fragment(part, !rest.hasRemaining(), read);
        } while (rest.hasRemaining());
    }
}
