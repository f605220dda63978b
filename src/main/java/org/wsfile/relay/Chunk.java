package org.wsfile.relay;

import java.nio.ByteBuffer;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The next bytes of a file, handed to every subscriber of a transfer in turn. Subscribers that
 * turn the bytes into something else as they go (base64) read {@link #data()} during the call;
 * subscribers that queue them take {@link #encoded}, which is made once and shared by all that
 * ask for the same encoding, so a chunk costs one copy however many subscribers get it.
 */
public final class Chunk {
    private final long transferId;
    private final ByteBuffer data;
    private final Map<Object, Object> fileState;
    private Function<Chunk, ByteBuffer> encoding;
    private ByteBuffer encoded;

    /** @param fileState state shared by the subscribers of this chunk's file, one map per file */
    Chunk(long transferId, ByteBuffer data, Map<Object, Object> fileState) {
        this.transferId = transferId;
        this.data = data;
        this.fileState = fileState;
    }

    /** Other bytes of the same file, as a subscriber fed from the {@link Spool} reads them back. */
    Chunk withData(ByteBuffer other) {
        return new Chunk(transferId, other, fileState);
    }

    /** The id of the transfer the bytes belong to. */
    public long transferId() {
        return transferId;
    }

    /** The bytes; valid only during the call they are handed to, as the sender's buffer is then reused. */
    public ByteBuffer data() {
        return data.asReadOnlyBuffer();
    }

    /**
     * State that every subscriber of this chunk's file shares, under a key of the subscribers'
     * own, made by the first that asks: for an encoding that carries state from one chunk to the
     * next, so that a file is encoded once however many subscribers take it.
     */
    @SuppressWarnings("unchecked")
    public <T> T fileState(Object key, Supplier<T> make) {
        return (T) fileState.computeIfAbsent(key, k -> make.get());
    }

    /**
     * The bytes in a subscriber's encoding: a copy that stays valid and must not be changed, made
     * the first time a subscriber asks for that encoding (the same function object) and shared with
     * the others. Chunks are handed to subscribers one at a time, so this needs no lock. Not
     * read-only: a transport writes an array that is whole as it is (FrameTransport), and would
     * have to copy a read-only buffer's bytes for every subscriber.
     */
    public ByteBuffer encoded(Function<Chunk, ByteBuffer> encoding) {
        if (this.encoding != encoding) {
            this.encoding = encoding;
            this.encoded = encoding.apply(this);
        }
        return encoded.duplicate();
    }
}
