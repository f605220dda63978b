package org.wsfile.relay;

import java.nio.ByteBuffer;

import org.wsfile.protocol.stream.ChunkFrames;

/**
 * The next bytes of a file, handed to every subscriber of a transfer in turn. Subscribers that
 * turn the bytes into something else (base64) read {@link #data()} during the call; subscribers
 * that queue the bytes take {@link #dataFrame()}, which is made once and shared by all of them, so
 * a chunk costs one copy however many subscribers get it.
 */
public final class Chunk {
    private final long transferId;
    private final ByteBuffer data;
    private ByteBuffer dataFrame;

    Chunk(long transferId, ByteBuffer data) {
        this.transferId = transferId;
        this.data = data;
    }

    /** The bytes; valid only during the call they are handed to, as the sender's buffer is then reused. */
    public ByteBuffer data() {
        return data.asReadOnlyBuffer();
    }

    /** The bytes as a streaming-protocol data frame, transfer id first; a copy that stays valid and must not be changed. */
    public ByteBuffer dataFrame() {
        if (dataFrame == null) {
            dataFrame = ChunkFrames.frame(transferId, data).asReadOnlyBuffer();
        }
        return dataFrame.duplicate();
    }
}
