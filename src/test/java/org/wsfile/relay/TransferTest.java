package org.wsfile.relay;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.wsfile.protocol.ErrorCode;
import org.wsfile.protocol.ProtocolException;

class TransferTest {
    /** SHA-256 of "hello world". */
    private static final String HELLO_WORLD_SHA256 = "b94d27b9934d3e08a52e52d7da7dabfac484efe37a5380ee9088f7ace2efcde9";

    private final Hub hub = new Hub();
    private final TopicRelay relay = new TopicRelay(new LocalBroker(hub));
    private final RecordingSubscriber subscriber = new RecordingSubscriber("subscriber");

    @Test
    void everyChunkReachesTheSubscriberAndTheEndCarriesTheVerifiedChecksum() throws Exception {
        hub.subscribe(subscriber, "t");
        Transfer transfer = relay.open("t", "hello.txt", "text/plain", 11, "sender");

        transfer.write(bytes("hello "));
        transfer.write(bytes("world"));
        String sha = transfer.finish(Optional.of(HELLO_WORLD_SHA256));

        RecordingSubscriber.Recorded delivery = subscriber.deliveries().get(0);
        assertEquals(HELLO_WORLD_SHA256, sha);
        assertArrayEquals("hello world".getBytes(StandardCharsets.UTF_8), delivery.bytes.toByteArray());
        assertEquals(HELLO_WORLD_SHA256, delivery.endSha256);
        assertEquals(2, delivery.roomChecks, "the sender must wait for room after every chunk");
        assertEquals(Optional.of(HELLO_WORLD_SHA256), transfer.sha256());
    }

    @Test
    void aTextIsNamedForItsTimeAndOneThatIsNotUtf8IsAbortedAtItsEnd() throws Exception {
        hub.subscribe(subscriber, "t");
        Transfer fine = relay.openText("t", 11, "sender");
        fine.write(bytes("hello "));
        fine.write(bytes("world"));
        fine.finish(Optional.of(HELLO_WORLD_SHA256));
        byte[] split = {'o', 'k', (byte) 0xC3, '('};
        Transfer broken = relay.openText("t", 4, "sender");
        broken.write(ByteBuffer.wrap(split));

        ProtocolException problem = assertThrows(ProtocolException.class, () -> broken.finish(Optional.empty()));

        assertTrue(fine.offer().text());
        assertTrue(fine.offer().name().matches("message-\\d{4}-\\d\\d-\\d\\dT\\d\\d-\\d\\d-\\d\\dZ\\.txt"), fine.offer().name());
        assertEquals("text/plain; charset=utf-8", fine.offer().mime());
        assertEquals(HELLO_WORLD_SHA256, subscriber.deliveries().get(0).endSha256);
        assertEquals(ErrorCode.INVALID_TEXT, problem.code());
        assertEquals(problem.getMessage(), subscriber.deliveries().get(1).abortReason);
    }

    @Test
    void theSameBytesAsAFileAreNotCheckedAsText() throws Exception {
        Transfer file = relay.open("t", "a.bin", "", 2, "sender");
        file.write(ByteBuffer.wrap(new byte[] {(byte) 0xC3, '('}));

        file.finish(Optional.empty());

        assertFalse(file.offer().text());
    }

    @Test
    void aWrongChecksumAbortsTheTransferForEverySubscriber() throws Exception {
        hub.subscribe(subscriber, "t");
        Transfer transfer = relay.open("t", "hello.txt", "text/plain", 11, "sender");
        transfer.write(bytes("hello world"));

        ProtocolException problem = assertThrows(ProtocolException.class,
                () -> transfer.finish(Optional.of("0".repeat(64))));

        assertEquals(ErrorCode.CHECKSUM_MISMATCH, problem.code());
        RecordingSubscriber.Recorded delivery = subscriber.deliveries().get(0);
        assertNull(delivery.endSha256);
        assertEquals(problem.getMessage(), delivery.abortReason);
    }

    @Test
    void moreBytesThanDeclaredAbortTheTransferBeforeTheyAreRelayed() throws Exception {
        hub.subscribe(subscriber, "t");
        Transfer transfer = relay.open("t", "a.bin", "", 4, "sender");
        transfer.write(bytes("abc"));

        ProtocolException problem = assertThrows(ProtocolException.class, () -> transfer.write(bytes("de")));

        assertEquals(ErrorCode.SIZE_MISMATCH, problem.code());
        RecordingSubscriber.Recorded delivery = subscriber.deliveries().get(0);
        assertEquals("abc", delivery.bytes.toString(StandardCharsets.UTF_8));
        assertEquals(problem.getMessage(), delivery.abortReason);
    }

    @Test
    void fewerBytesThanDeclaredAbortTheTransferAtItsEnd() throws Exception {
        hub.subscribe(subscriber, "t");
        Transfer transfer = relay.open("t", "a.bin", "", 4, "sender");
        transfer.write(bytes("abc"));

        ProtocolException problem = assertThrows(ProtocolException.class, () -> transfer.finish(Optional.empty()));

        assertEquals(ErrorCode.SIZE_MISMATCH, problem.code());
        assertEquals(problem.getMessage(), subscriber.deliveries().get(0).abortReason);
    }

    @Test
    void anAbortIsPassedOnOnceAndNothingCanBeWrittenAfterIt() throws Exception {
        hub.subscribe(subscriber, "t");
        Transfer transfer = relay.open("t", "a.bin", "", 4, "sender");

        transfer.abort("the sender disconnected");
        transfer.abort("again");

        assertEquals("the sender disconnected", subscriber.deliveries().get(0).abortReason);
        assertEquals(ErrorCode.UNKNOWN_TRANSFER,
                assertThrows(ProtocolException.class, () -> transfer.write(bytes("a"))).code());
    }

    private static ByteBuffer bytes(String text) {
        return ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
    }
}
