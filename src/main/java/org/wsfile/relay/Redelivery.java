package org.wsfile.relay;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.SeekableByteChannel;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A file relayed before, sent again from where it was kept to one subscriber who asks for it
 * (topic history), whole or from where a receiver cut off mid-file got to: the subscriber takes
 * it as any file, at its own pace, and confirms it as any file. No sender waits for its receipt.
 */
public final class Redelivery {
    private static final int CHUNK_SIZE = 256 * 1024;

    private Redelivery() {
    }

    /**
     * Sends the file's bytes, read from {@code bytes}, and its end; if they cannot be read whole,
     * the subscriber is told the file is aborted.
     *
     * @return the subscriber's outcome, complete once it confirmed or failed the file
     */
    public static FanOut send(Subscriber subscriber, FileOffer offer, ReadableByteChannel bytes, String sha256)
            throws InterruptedException {
        FanOut fanOut = new FanOut(1);
        stream(subscriber.deliver(offer, fanOut.outcome()), offer, bytes, 0, sha256);
        return fanOut;
    }

    /**
     * As {@link #send}, from byte {@code from} on, to a receiver that has the bytes before (it asked to resume the file).
     *
     * @param bytes the file's bytes, from its first: read from {@code from} on
     */
    public static FanOut resend(Resumption receiver, FileOffer offer, SeekableByteChannel bytes, long from, String sha256)
            throws InterruptedException {
        FanOut fanOut = new FanOut(1);
        Delivery delivery = receiver.deliver(offer, from, fanOut.outcome());
        try {
            bytes.position(from);
        } catch (IOException e) {
            delivery.abort("the kept copy could not be read: " + e.getMessage());
            return fanOut;
        }
        stream(delivery, offer, bytes, from, sha256);
        return fanOut;
    }

    private static void stream(Delivery delivery, FileOffer offer, ReadableByteChannel bytes, long from, String sha256)
            throws InterruptedException {
        ConcurrentHashMap<Object, Object> fileState = new ConcurrentHashMap<>();
        ByteBuffer buffer = ByteBuffer.allocate(CHUNK_SIZE);
        long sent = from;
        try {
            while (sent < offer.size()) {
                buffer.clear().limit((int) Math.min(CHUNK_SIZE, offer.size() - sent));
                if (bytes.read(buffer) < 0) {
                    throw new IOException("it ended after " + sent + " of its " + offer.size() + " bytes");
                }
                sent += buffer.flip().remaining();
                delivery.chunk(new Chunk(offer.id(), buffer, fileState));
                delivery.awaitRoom();
            }
            delivery.end(sha256);
        } catch (IOException e) {
            delivery.abort("the kept copy could not be read: " + e.getMessage());
        }
    }
}
