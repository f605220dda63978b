package org.wsfile.protocol.stream;

import java.nio.ByteBuffer;

import org.wsfile.protocol.ErrorCode;
import org.wsfile.protocol.ProtocolException;

/**
 * Binary data frames: a 4-byte transfer id (unsigned, big-endian) followed by the chunk's bytes.
 * The id in every chunk lets several transfers share one connection.
 */
public final class ChunkFrames {
    /** Bytes of the id that starts every data frame. */
    public static final int ID_BYTES = 4;
    /** The largest transfer id. */
    public static final long MAX_ID = 0xFFFF_FFFFL;

    private ChunkFrames() {
    }

    /** A data frame, split into its id and its bytes (a view of the frame, not a copy). */
    public record Chunk(long id, ByteBuffer data) {
    }

    /** Splits a data frame. */
    public static Chunk parse(ByteBuffer frame) throws ProtocolException {
        if (frame.remaining() < ID_BYTES) {
            throw new ProtocolException(ErrorCode.BAD_FRAME,
                    "a data frame starts with a " + ID_BYTES + "-byte transfer id; this one has "
                            + frame.remaining() + " bytes");
        }
        long id = Integer.toUnsignedLong(frame.getInt(frame.position()));
        return new Chunk(id, frame.slice(frame.position() + ID_BYTES, frame.remaining() - ID_BYTES));
    }

    /** A new data frame carrying a copy of {@code data}. */
    public static ByteBuffer frame(long id, ByteBuffer data) {
        return ByteBuffer.allocate(ID_BYTES + data.remaining()).putInt((int) id).put(data.duplicate()).flip();
    }
}
