package org.wsfile.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Random;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AfterProperty;
import net.jqwik.api.lifecycle.BeforeProperty;
import org.wsfile.config.Settings;
import org.wsfile.relay.Hub;
import org.wsfile.relay.LocalBroker;
import org.wsfile.relay.TopicRelay;
import org.wsfile.relay.Transfer;
import org.wsfile.testing.Waiting;

/**
 * A file's original-protocol message, made once for its subscribers: the same fragments whether
 * the file's bytes are encoded on the way or the base64 its sender sent is passed on.
 */
class LegacyMessageTest {
    private static final String HEADER = "application/octet-stream:a.bin:";
    private final DeliveryThreads threads = new DeliveryThreads();

    @BeforeProperty
    void start() {
        threads.start();
    }

    @AfterProperty
    void stop() {
        threads.stop();
    }

    @Property(seed = "20261126", tries = 40)
    void theSendersBase64PassedOnMakesTheFragmentsThatEncodingTheBytesMakes(
            @ForAll @IntRange(max = 5_500_000) int size, @ForAll @IntRange(min = 1, max = 300_000) int chunk,
            @ForAll long seed) throws Exception {
        byte[] content = new byte[size];
        new Random(seed).nextBytes(content);
        byte[] base64 = Base64.getEncoder().encode(content);

        List<String> encoded = delivered(content, chunk, Optional.empty());
        List<String> passedOn = delivered(content, chunk, Optional.of(base64));

        assertEquals(encoded, passedOn);
        assertEquals(HEADER + new String(base64, StandardCharsets.US_ASCII), String.join("", passedOn));
    }

    @Property(seed = "20261126", tries = 5)
    void theMessageIsMadeOfTheSendersTextNotOfTheBytesEncodedAgain(@ForAll @IntRange(min = 1, max = 300_000) int size) throws Exception {
        byte[] content = new byte[size];
        // Text of the right length that is not the content's base64: only passing it on can put it in the message.
        byte[] marker = new byte[(size + 2) / 3 * 4];
        Arrays.fill(marker, (byte) 'm');

        List<String> message = delivered(content, 65_536, Optional.of(marker));

        assertEquals(HEADER + new String(marker, StandardCharsets.US_ASCII), String.join("", message));
    }

    private static HeldBytes held(byte[] text) {
        HeldBytes held = new HeldBytes(text.length);
        held.put(ByteBuffer.wrap(text));
        return held;
    }

    /** The fragments an original-protocol subscriber is written, the file relayed in chunks of this size. */
    private List<String> delivered(byte[] content, int chunk, Optional<byte[]> sendersBase64) throws Exception {
        FakeTransport connection = FakeTransport.reading();
        Outbox outbox = new Outbox(connection, Settings.from(key -> Optional.empty()), threads, () -> { }, () -> { });
        Hub hub = new Hub();
        hub.subscribe(new LegacySubscriber("fake", outbox), "t");
        Transfer transfer = new TopicRelay(new LocalBroker(hub)).open("t", "a.bin", "application/octet-stream",
                content.length, "sender");
        sendersBase64.ifPresent(text ->
                transfer.provide(LegacyMessage.class, LegacyMessage.forwarding(transfer.offer(), held(text), outbox.buffer())));
        for (int at = 0; at < content.length; at += chunk) {
            transfer.write(ByteBuffer.wrap(content, at, Math.min(chunk, content.length - at)));
        }
        transfer.finish(Optional.empty());
        int length = HEADER.length() + (content.length + 2) / 3 * 4;
        Waiting.until(() -> connection.text().length() == length, Duration.ofSeconds(10),
                "the whole message was written");
        return connection.encoded.stream().map(Utf8Text::toString).toList();
    }
}
