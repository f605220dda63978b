package org.wsfile.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.wsfile.auth.Permissions;
import org.wsfile.config.Settings;
import org.wsfile.protocol.ProtocolException;
import org.wsfile.protocol.Sha256;
import org.wsfile.protocol.stream.BundleReader;
import org.wsfile.protocol.stream.Bundles;
import org.wsfile.protocol.stream.ClientMessages;
import org.wsfile.protocol.stream.ServerMessage;
import org.wsfile.protocol.stream.ServerMessages;

/** Small files in bundles, both ways, on a server without a container; clients that did not ask for them are unaffected. */
class BundlesTest {
    private static final String HELLO_SHA256 = "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824";
    private static final String WRONG_SHA256 = "0".repeat(64);

    private final EmbeddedServer server = new EmbeddedServer(Settings.from(key -> Optional.empty()),
            token -> new Permissions(List.of("class-7b"), List.of("*"), false));
    private final FakeTransport senderTransport = FakeTransport.reading("sender");
    private final Connection sender = server.connect(senderTransport);

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void helloWithTheFeatureIsWelcomedWithIt() throws Exception {
        sender.text(ClientMessages.hello(List.of("bundles", "not-yet-invented")));
        senderTransport.awaitWritten(1);

        ServerMessage.Welcome welcome = (ServerMessage.Welcome) ServerMessages.parse((String) senderTransport.written.get(0));

        assertEquals(Set.of("bundles"), welcome.features());
    }

    @Test
    void eachFileOfABundleIsRelayedOrRefusedOnItsOwnAndBundlesGoOnlyToSubscribersThatAskedForThem() throws Exception {
        FakeTransport bundling = FakeTransport.reading("bundling");
        Connection bundlingSubscriber = bundlingSubscriber(bundling);
        FakeTransport older = FakeTransport.reading("older");
        Connection olderSubscriber = server.connect(older);
        olderSubscriber.text(ClientMessages.subscribe("class-7b"));
        bundling.awaitWritten(2);
        older.awaitWritten(1);
        sender.text(ClientMessages.hello(List.of(Bundles.FEATURE)));
        senderTransport.awaitWritten(1);

        sender.binary(Bundles.frame(List.of(
                entry(ClientMessages.bundledSend(1, "class-7b", "a.txt", "text/plain", 5, HELLO_SHA256), "hello"),
                entry(ClientMessages.bundledSend(2, "class-7b", "b.txt", "text/plain", 5, WRONG_SHA256), "hello"),
                entry(ClientMessages.bundledSend(3, "staff", "c.txt", "text/plain", 5, HELLO_SHA256), "hello"),
                entry(ClientMessages.bundledSend(4, "class-7b", "d.txt", "text/plain", 0, HELLO_SHA256.replace('2', '3')), ""),
                entry(ClientMessages.bundledSend(5, "class-7b", "e.txt", "text/plain", 5, HELLO_SHA256), "hello"))));

        senderTransport.awaitWritten(6);
        String answers = senderTransport.text();
        assertTrue(answers.contains("\"code\":\"checksum-mismatch\""), answers);
        assertTrue(answers.contains("\"code\":\"not-allowed\",\"message\":\"not allowed to publish to staff\",\"id\":3"), answers);
        assertTrue(answers.contains("\"type\":\"receipt\",\"id\":2,\"offered\":2,\"completed\":0"), answers);
        assertTrue(answers.contains("\"type\":\"receipt\",\"id\":4,\"offered\":2,\"completed\":0"), answers);

        // The bundling subscriber gets the two good files whole, in bundles, and never hears of the others.
        List<ServerMessage.BundledFile> bundled = new ArrayList<>();
        List<String> contents = new ArrayList<>();
        awaitBundledFiles(bundling, 2, bundled, contents);
        assertEquals(List.of("a.txt", "e.txt"), bundled.stream().map(file -> file.file().name()).toList());
        assertEquals(List.of(HELLO_SHA256, HELLO_SHA256), bundled.stream().map(ServerMessage.BundledFile::sha256).toList());
        assertEquals(List.of("hello", "hello"), contents);
        assertTrue(!bundling.text().contains("aborted"), bundling.text());
        // The older one gets each file as file, data and end, and hears of the aborted ones.
        awaitText(older, "\"type\":\"end\"", 2);
        awaitText(older, "\"type\":\"aborted\"", 2);

        bundlingSubscriber.text(ClientMessages.received(bundled.stream().map(file -> file.file().id()).toList()));
        olderSubscriber.closed();
        senderTransport.awaitWritten(8);
        assertTrue(senderTransport.text().contains("\"type\":\"receipt\",\"id\":1,\"offered\":2,\"completed\":1"),
                senderTransport.text());
        assertTrue(senderTransport.text().contains("\"type\":\"receipt\",\"id\":5,\"offered\":2,\"completed\":1"),
                senderTransport.text());
    }

    @Test
    void filesQueuedForASubscriberWhileItIsBusyLeaveTogetherInOneBundle() throws Exception {
        FakeTransport bundling = FakeTransport.reading("bundling");
        bundlingSubscriber(bundling);
        bundling.awaitWritten(2);
        bundling.stall();

        for (int id = 1; id <= 20; id++) {
            sender.text(ClientMessages.send(id, "class-7b", id + ".txt", "text/plain", 5));
            sender.binary(ByteBuffer.allocate(9).putInt(id).put("hello".getBytes(StandardCharsets.US_ASCII)).flip());
            sender.text(ClientMessages.end(id, HELLO_SHA256));
            if (id == 1) {
                bundling.awaitWritesBegun(3); // the first file is being written: the others wait behind it
            }
        }
        bundling.resume();

        List<ServerMessage.BundledFile> bundled = new ArrayList<>();
        awaitBundledFiles(bundling, 20, bundled, new ArrayList<>());
        assertEquals(2 + 2, bundling.written.size(), "the first file alone, the 19 that waited for it in one bundle");
    }

    @Test
    void theFilesOfASendersBundleReachAnIdleSubscriberInOneBundle() throws Exception {
        FakeTransport bundling = FakeTransport.reading("bundling");
        bundlingSubscriber(bundling);
        bundling.awaitWritten(2);
        bundling.stall(); // a writer that started on the first file alone would be held up here with it
        sender.text(ClientMessages.hello(List.of(Bundles.FEATURE)));

        sender.binary(Bundles.frame(IntStream.rangeClosed(1, 20).mapToObj(id -> entry(
                ClientMessages.bundledSend(id, "class-7b", id + ".txt", "text/plain", 5, HELLO_SHA256), "hello")).toList()));
        bundling.resume();

        awaitBundledFiles(bundling, 20, new ArrayList<>(), new ArrayList<>());
        assertEquals(2 + 1, bundling.written.size(), "the twenty files in one bundle, not the first alone");
    }

    @Test
    void aBundleLargerThanASubscribersBufferStillReachesIt() throws Exception {
        // The relay waits for the subscriber after a few files: for a writer it holds itself, unless it starts it first.
        EmbeddedServer smallBuffers = new EmbeddedServer(Settings.from(key -> key.equals(Settings.SUBSCRIBER_BUFFER)
                ? Optional.of("4KiB") : Optional.empty()), token -> new Permissions(List.of("class-7b"), List.of("*"), false));
        try {
            FakeTransport bundling = FakeTransport.reading("bundling");
            bundlingSubscriber(smallBuffers, bundling);
            bundling.awaitWritten(2);
            Connection bundlingSender = smallBuffers.connect(FakeTransport.reading("sender"));
            bundlingSender.text(ClientMessages.hello(List.of(Bundles.FEATURE)));
            byte[] content = new byte[1000];
            MessageDigest sha256 = Sha256.digest();
            sha256.update(content);
            String contentSha256 = Sha256.hex(sha256);

            assertTimeoutPreemptively(Duration.ofSeconds(10), () -> bundlingSender.binary(Bundles.frame(
                    IntStream.rangeClosed(1, 20).mapToObj(id -> Bundles.Entry.of(ClientMessages.bundledSend(id, "class-7b",
                            id + ".bin", "application/octet-stream", content.length, contentSha256), ByteBuffer.wrap(content)))
                            .toList())));

            awaitBundledFiles(bundling, 20, new ArrayList<>(), new ArrayList<>());
        } finally {
            smallBuffers.close();
        }
    }

    @Test
    void filesThatWaitedTogetherLeaveInBundlesOfAtMostThePreferredSize() throws Exception {
        FakeTransport bundling = FakeTransport.reading("bundling");
        bundlingSubscriber(bundling);
        bundling.awaitWritten(2);
        bundling.stall();

        byte[] content = new byte[30_000];
        MessageDigest sha256 = Sha256.digest();
        sha256.update(content);
        String contentSha256 = Sha256.hex(sha256);
        for (int id = 1; id <= 20; id++) {
            sender.text(ClientMessages.send(id, "class-7b", id + ".bin", "application/octet-stream", content.length));
            sender.binary(ByteBuffer.allocate(4 + content.length).putInt(id).put(content).flip());
            sender.text(ClientMessages.end(id, contentSha256));
        }
        bundling.resume();

        awaitBundledFiles(bundling, 20, new ArrayList<>(), new ArrayList<>());
        List<Integer> sizes = bundling.written.stream().filter(ByteBuffer.class::isInstance)
                .map(frame -> ((ByteBuffer) frame).remaining()).toList();
        assertTrue(sizes.stream().allMatch(size -> size <= Bundles.PREFERRED_SIZE), "bundles of " + sizes);
        assertTrue(sizes.size() <= 1 + 3, "the 19 that waited need three bundles of 256 KiB, not one each: " + sizes);
    }

    @Test
    void aFrameWithTheBundleMarkerIsAnOrdinaryDataFrameForAClientThatDidNotAskForBundles() throws Exception {
        sender.text(ClientMessages.hello(List.of()));
        sender.binary(Bundles.frame(List.of(entry(ClientMessages.bundledSend(1, "class-7b", "a.txt", "text/plain", 5,
                HELLO_SHA256), "hello"))));

        senderTransport.awaitWritten(2);
        assertTrue(senderTransport.text().contains("\"code\":\"unknown-transfer\",\"message\":\"no transfer 4294967295 is open"),
                senderTransport.text());
    }

    /** A connection that asked for bundles and subscribed to class-7b. */
    private Connection bundlingSubscriber(FakeTransport transport) throws InterruptedException {
        return bundlingSubscriber(server, transport);
    }

    private static Connection bundlingSubscriber(EmbeddedServer on, FakeTransport transport) throws InterruptedException {
        Connection connection = on.connect(transport);
        connection.text(ClientMessages.hello(List.of(Bundles.FEATURE)));
        connection.text(ClientMessages.subscribe("class-7b"));
        return connection;
    }

    private static Bundles.Entry entry(String header, String content) {
        return Bundles.Entry.of(header, ByteBuffer.wrap(content.getBytes(StandardCharsets.UTF_8)));
    }

    /** Waits until the text written to a connection has {@code count} occurrences of {@code part}. */
    private static void awaitText(FakeTransport transport, String part, int count) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (transport.text().split(Pattern.quote(part), -1).length - 1 < count) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("fewer than " + count + " of " + part + " in " + transport.text());
            }
            Thread.sleep(5);
        }
    }

    /** Reads the files of the bundles a connection was sent until there are {@code count}. */
    private static void awaitBundledFiles(FakeTransport transport, int count, List<ServerMessage.BundledFile> files,
                                          List<String> contents) throws Exception {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (true) {
            files.clear();
            contents.clear();
            for (Object written : transport.written) {
                if (written instanceof ByteBuffer frame) {
                    readBundle(frame.duplicate(), files, contents);
                }
            }
            if (files.size() >= count) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("only " + files.size() + " bundled files arrived: " + files);
            }
            Thread.sleep(5);
        }
    }

    private static void readBundle(ByteBuffer frame, List<ServerMessage.BundledFile> files, List<String> contents)
            throws ProtocolException {
        assertEquals((int) Bundles.MARKER, frame.getInt());
        StringBuilder content = new StringBuilder();
        new BundleReader().fragment(frame, true, new BundleReader.Handler() {
            @Override
            public void begin(String header, int contentLength) {
                try {
                    files.add(ServerMessages.parseBundled(header));
                } catch (ProtocolException e) {
                    throw new AssertionError(e);
                }
                content.setLength(0);
            }

            @Override
            public void content(ByteBuffer bytes) {
                content.append(StandardCharsets.UTF_8.decode(bytes));
            }

            @Override
            public void end() {
                contents.add(content.toString());
            }
        });
    }
}
