package org.wsfile.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import org.junit.jupiter.api.Test;

/** Every published file, chunk, end and abort passes through the broker before it reaches a hub. */
class BrokerTest {
    private final Hub hub = new Hub();
    private final RecordingSubscriber subscriber = new RecordingSubscriber("subscriber");
    private final List<String> carried = new ArrayList<>();
    /** A broker that notes what it carries and hands it to the local one, as a cluster broker would to its own hub. */
    private final Broker noting = (offer, sender) -> {
        carried.add("publish " + offer.name());
        Publication local = new LocalBroker(hub).publish(offer, sender);
        return new Publication() {
            @Override
            public FanOut fanOut() {
                return local.fanOut();
            }

            @Override
            public void chunk(Chunk chunk) {
                carried.add("chunk " + chunk.data().remaining());
                local.chunk(chunk);
            }

            @Override
            public void awaitRoom() throws InterruptedException {
                local.awaitRoom();
            }

            @Override
            public void awaitReadyForNext() throws InterruptedException {
                local.awaitReadyForNext();
            }

            @Override
            public void end(String sha256) {
                carried.add("end");
                local.end(sha256);
            }

            @Override
            public void abort(String reason) {
                carried.add("abort " + reason);
                local.abort(reason);
            }
        };
    };
    private final TopicRelay relay = new TopicRelay(noting);

    @Test
    void aFileReachesTheHubOnlyThroughTheBroker() throws Exception {
        hub.subscribe(subscriber, "t");

        Transfer transfer = relay.open("t", "a.txt", "text/plain", 5, "sender");
        transfer.write(ByteBuffer.wrap("he".getBytes()));
        transfer.write(ByteBuffer.wrap("llo".getBytes()));
        String sha256 = transfer.finish(Optional.empty());

        assertEquals(List.of("publish a.txt", "chunk 2", "chunk 3", "end"), carried);
        assertEquals("hello", subscriber.deliveries().get(0).bytes.toString());
        assertEquals(sha256, subscriber.deliveries().get(0).endSha256);
    }

    @Test
    void anAbortReachesTheHubThroughTheBroker() throws Exception {
        hub.subscribe(subscriber, "t");

        relay.open("t", "a.txt", "text/plain", 5, "sender").abort("cancelled by the sender");

        assertEquals(List.of("publish a.txt", "abort cancelled by the sender"), carried);
        assertEquals("cancelled by the sender", subscriber.deliveries().get(0).abortReason);
    }

    @Test
    void aChunkIsEncodedOnceForEverySubscriberThatAsksForTheSameEncoding() {
        Chunk chunk = new Chunk(7, ByteBuffer.wrap(new byte[] {1, 2, 3}), new HashMap<>());
        int[] made = {0};
        Function<Chunk, ByteBuffer> framed = c -> {
            made[0]++;
            return ByteBuffer.allocate(4 + c.data().remaining()).putInt((int) c.transferId()).put(c.data()).flip();
        };

        ByteBuffer first = chunk.encoded(framed);
        ByteBuffer second = chunk.encoded(framed);

        assertEquals(1, made[0]);
        assertEquals(first, second);
        assertEquals(7, second.getInt());
    }
}
