package org.wsfile.protocol.stream;

import java.nio.ByteBuffer;

/**
 * Reads data frames that arrive in fragments, as a WebSocket client hands them on: the transfer
 * id from the first {@value ChunkFrames#ID_BYTES} bytes, however they are split, then each
 * fragment's bytes as they come, without holding a whole frame. One reader per connection, fed
 * one fragment at a time.
 */
public final class DataFrameReader {
    /** Where the bytes of each frame go. */
    public interface Sink {
        /** Bytes of the frame for {@code transferId} (may be none when {@code last}); valid during the call only. */
        void data(long transferId, ByteBuffer bytes, boolean last);
    }

    private final ByteBuffer id = ByteBuffer.allocate(ChunkFrames.ID_BYTES);
    private long transferId = -1;

    /**
     * Reads one fragment.
     *
     * @param last whether it ends its frame
     */
    public void fragment(ByteBuffer part, boolean last, Sink sink) {
        while (id.hasRemaining() && part.hasRemaining()) {
            id.put(part.get());
        }
        if (transferId < 0 && !id.hasRemaining()) {
            transferId = Integer.toUnsignedLong(id.getInt(0));
        }
        if (transferId >= 0 && (part.hasRemaining() || last)) {
            sink.data(transferId, part, last);
        }
        if (last) {
            id.clear();
            transferId = -1;
        }
    }
}
