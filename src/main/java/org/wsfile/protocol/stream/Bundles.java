package org.wsfile.protocol.stream;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Bundles: several whole small files in one binary frame, so that a burst of small files costs a
 * few WebSocket messages instead of three per file each way (docs/PROTOCOL.md, "Bundles"). A
 * connection uses them only after both sides named the feature in {@code hello} and {@code welcome}.
 * <pre>
 * FF FF FF FF | for each file: header length (uint32) | content length (uint32) | header (UTF-8 JSON) | content
 * </pre>
 * A header is the control message that would have opened the file ({@code send} from a sender,
 * {@code file} to a subscriber) with its {@code sha256} added: the file is whole in the bundle.
 */
public final class Bundles {
    /** The feature's name in {@code hello} and {@code welcome}. */
    public static final String FEATURE = "bundles";
    /** The id that marks a bundle where a data frame has its transfer id; no transfer has it on a connection that uses bundles. */
    public static final long MARKER = ChunkFrames.MAX_ID;
    /** The largest bundle, marker included: the size of the largest data frame. */
    public static final int MAX_SIZE = 1024 * 1024;
    /**
     * How full wsfile's own bundles are made, well under {@link #MAX_SIZE}: a JVM container copies
     * a message several times as it writes it, and Tyrus regrows its buffer as a frame arrives, so
     * every array of a larger bundle is again as large and one of 512 KiB or more is what the G1
     * collector (with 1 MiB regions, a heap up to 2 GiB) places straight in its old generation,
     * starting a costly marking cycle when they pile up; a quarter of the largest message costs
     * little more per file in per-message work.
     */
    public static final int PREFERRED_SIZE = 256 * 1024;
    /** The largest file sent in a bundle; larger ones gain little from it and go as data frames. */
    public static final int MAX_FILE_SIZE = 64 * 1024;
    /** The longest header, in bytes. */
    public static final int MAX_HEADER_SIZE = 16 * 1024;
    /** Bytes before each file's header: its two lengths. */
    static final int LENGTHS_BYTES = 8;

    private Bundles() {
    }

    /**
     * One file of a bundle.
     *
     * @param header  its JSON header, as UTF-8
     * @param content all of its bytes
     */
    public record Entry(ByteBuffer header, ByteBuffer content) {
        public Entry {
            header = header.asReadOnlyBuffer();
            content = content.asReadOnlyBuffer();
        }

        public static Entry of(String header, ByteBuffer content) {
            return new Entry(ByteBuffer.wrap(header.getBytes(StandardCharsets.UTF_8)), content);
        }

        /** Bytes this entry takes in a bundle. */
        public int size() {
            return LENGTHS_BYTES + header.remaining() + content.remaining();
        }
    }

    /** Bytes a bundle of no files takes: the marker. */
    public static int emptySize() {
        return ChunkFrames.ID_BYTES;
    }

    /** One bundle frame of these entries, in order; together they must fit {@link #MAX_SIZE}. */
    public static ByteBuffer frame(List<Entry> entries) {
        int size = emptySize() + entries.stream().mapToInt(Entry::size).sum();
        if (size > MAX_SIZE) {
            throw new IllegalArgumentException("a bundle of " + size + " bytes is over " + MAX_SIZE);
        }
        ByteBuffer frame = ByteBuffer.allocate(size).putInt((int) MARKER);
        for (Entry entry : entries) {
            frame.putInt(entry.header().remaining()).putInt(entry.content().remaining())
                    .put(entry.header().duplicate()).put(entry.content().duplicate());
        }
        return frame.flip();
    }
}
