package org.wsfile.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.wsfile.testing.DeployedWar;
import org.wsfile.testing.Deployments;
import org.wsfile.testing.LegacyClient;
import org.wsfile.testing.RawWebSocket;
import org.wsfile.testing.StreamClient;

/**
 * Hostile input against the deployed server. After each attack, two well-behaved clients must
 * still exchange a file, and the server must not have logged a stack trace. (A client that never
 * reads is in LimitsIT; hostile names in StreamingIT and ParserFuzzTest.)
 */
class HostileInputIT extends DeployedWar {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.wsfileWithSettings("wsfile-hostile.war", """
                wsfile.max-file-size=1MiB
                wsfile.max-connections=200
                wsfile.max-connections-per-address=50
                wsfile.idle-timeout=3s
                """);
    }

    /** Log records with a stack trace, from the server (which shares this JVM) while a test ran. */
    private final List<LogRecord> stackTraces = new CopyOnWriteArrayList<>();
    private final Handler recorder = new Handler() {
        @Override
        public void publish(LogRecord record) {
            if (record.getThrown() != null && record.getLevel().intValue() >= Level.INFO.intValue()) {
                stackTraces.add(record);
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void listen() {
        Logger.getLogger("").addHandler(recorder);
    }

    @AfterEach
    void theServerStillWorksAndLoggedNoStackTrace() throws Exception {
        try (StreamClient receiver = StreamClient.connect(endpoint());
             StreamClient sender = StreamClient.connect(endpoint())) {
            receiver.subscribe("well-behaved");
            StreamClient.Sent sent = sender.send("well-behaved", "fine.txt", 10_000, 1);
            assertEquals(sent.sha256(), receiver.nextFile(WAIT).sha256());
            assertEquals(1, sent.awaitReceipt(WAIT).completed());
        } finally {
            Logger.getLogger("").removeHandler(recorder);
        }
        assertEquals(List.of(), stackTraces.stream().map(r -> r.getLoggerName() + ": " + r.getThrown()).toList());
    }

    @Test
    void malformedAndOversizedControlFrames() throws Exception {
        try (StreamClient client = StreamClient.connect(endpoint())) {
            for (String frame : List.of("{", "{\"type\":", "{\"type\":null}", "{\"type\":\"send\",\"id\":{}}",
                    "{\"type\":\"subscribe\",\"topic\":\"" + "x".repeat(300) + "\"}",
                    "{\"type\":\"hello\",\"pad\":\"" + "x".repeat(20_000) + "\"}")) {
                client.sendText(frame);
                assertTrue(List.of("bad-frame", "invalid-topic", "unknown-command").contains(client.nextError(WAIT).code()));
            }
        }
    }

    @Test
    void invalidUtf8ClosesOnlyThatConnection() throws Exception {
        try (RawWebSocket raw = RawWebSocket.connect(endpoint())) {
            raw.sendTextBytes(new byte[] {'{', (byte) 0xC3, (byte) 0x28, '}'});

            assertEquals(1007, raw.readUntilClose().code());
        }
    }

    @Test
    void dataForNoTransferAndMessagesInTheWrongOrder() throws Exception {
        try (StreamClient client = StreamClient.connect(endpoint())) {
            client.sendRaw(7, new byte[] {1, 2, 3});
            assertEquals("unknown-transfer", client.nextError(WAIT).code());
            client.sendEnd(8, "0".repeat(64));
            assertEquals("unknown-transfer", client.nextError(WAIT).code());
            StreamClient.Outgoing file = client.start("order", "a.bin", "", 10, 1);
            client.sendText("{\"type\":\"send\",\"id\":" + file.id() + ",\"topic\":\"order\",\"name\":\"b\",\"size\":1}");
            assertEquals("bad-order", client.nextError(WAIT).code());
            client.sendText("{\"type\":\"received\",\"id\":12345}");
            assertEquals("unknown-transfer", client.nextError(WAIT).code());
            file.cancel();
        }
    }

    @Test
    void tenThousandSubscribeRequests() throws Exception {
        try (RawWebSocket flooder = RawWebSocket.connect(endpoint())) {
            for (int i = 0; i < 10_000; i++) {
                flooder.sendText("{\"type\":\"subscribe\",\"topic\":\"t" + i + "\"}");
            }
        }
    }

    @Test
    void aThousandConnectionsFromOneAddress() throws Exception {
        List<RawWebSocket> connections = new ArrayList<>();
        List<RawWebSocket.Close> turnedAway = new ArrayList<>();
        try {
            for (int i = 0; i < 1000; i++) {
                RawWebSocket connection = RawWebSocket.connect(endpoint());
                connections.add(connection);
                if (i >= 50) {
                    connection.closedWithin(Duration.ofMillis(50)).ifPresent(turnedAway::add);
                }
            }
            // Connections idle for the idle timeout (3 s here) are closed, freeing places, so not quite all are turned away.
            assertTrue(turnedAway.size() >= 700, "only " + turnedAway.size() + " of 950 over the limit were turned away");
            assertEquals(new RawWebSocket.Close(1013, "too many connections from 127.0.0.1"), turnedAway.get(0));
        } finally {
            for (RawWebSocket connection : connections) {
                connection.close();
            }
        }
        Thread.sleep(1000); // the server hears of the closes
    }

    @Test
    void aClientThatSendsOneBytePerSecondHoldsUpNobodyAndIsClosedAsIdle() throws Exception {
        try (RawWebSocket slow = RawWebSocket.connect(endpoint())) {
            CompletableFuture.runAsync(() -> {
                try {
                    slow.sendTextSlowly("{\"type\":\"hello\"}", Duration.ofSeconds(1));
                } catch (Exception stopped) {
                    // the test ends before the frame does
                }
            });
            try (StreamClient receiver = StreamClient.connect(endpoint());
                 StreamClient sender = StreamClient.connect(endpoint())) {
                receiver.subscribe("meanwhile");
                StreamClient.Sent sent = sender.send("meanwhile", "meanwhile.bin", 500_000, 2);
                assertEquals(sent.sha256(), receiver.nextFile(WAIT).sha256());
            }
            RawWebSocket.Close close = slow.readUntilClose();
            assertEquals(1008, close.code());
            assertTrue(close.reason().startsWith("idle: "), close.reason());
        }
    }

    @Test
    void hugeAndHostileNames() throws Exception {
        try (StreamClient client = StreamClient.connect(endpoint())) {
            client.start("names", "n".repeat(1025), "", 1, 1);
            assertEquals("invalid-name", client.nextError(WAIT).code());
            client.start("names", "/../..", "", 1, 2);
            assertEquals("invalid-name", client.nextError(WAIT).code());
            client.sendText("{\"type\":\"send\",\"id\":3,\"topic\":\"names\",\"name\":\"a\\u0000b\",\"size\":1}");
            assertEquals("invalid-name", client.nextError(WAIT).code());
        }
        try (LegacyClient original = LegacyClient.connect(endpoint())) {
            original.sendText("message:names:text/plain:" + "é".repeat(2000) + ":AAAA");
            assertTrue(original.nextError(WAIT).text().startsWith("error:invalid-name:"));
        }
    }
}
