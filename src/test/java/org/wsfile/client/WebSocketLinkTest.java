package org.wsfile.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.TrustManagerFactory;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;
import org.eclipse.jetty.websocket.core.OpCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wsfile.websocket.Handshake;
import org.wsfile.websocket.WebSocketFrames;

/**
 * The client's WebSocket connection against a server made of a socket and the same frame codec:
 * what the server sends arrives as sent however it is cut into frames and writes, what the client
 * sends is masked and reads back as sent, and a server that breaks RFC 6455 ends the connection.
 */
class WebSocketLinkTest {
    private static final String SEED = "20261127";
    private static final long WAIT_SECONDS = 10;
    private static final String NOT_FOUND = "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n";

    @Property(seed = SEED, tries = 60)
    void whatTheServerSendsArrivesAsSentHoweverItIsCut(@ForAll @Size(max = 6) List<@StringLength(max = 300) String> texts,
            @ForAll @Size(max = 6) List<@Size(max = 3000) byte[]> binaries, @ForAll @IntRange(min = 1, max = 4) int fragments,
            @ForAll @IntRange(min = 1, max = 700) int writeSize, @ForAll boolean pings) throws Exception {
        try (FakeServer server = new FakeServer(); Recorder recorder = new Recorder(server)) {
            ByteArrayOutputStream wire = new ByteArrayOutputStream();
            List<String> expected = new ArrayList<>();
            for (int i = 0; i < Math.max(texts.size(), binaries.size()); i++) {
                if (i < texts.size()) {
                    byte[] utf8 = texts.get(i).getBytes(StandardCharsets.UTF_8);
                    expected.add("text " + new String(utf8, StandardCharsets.UTF_8));
                    fragmented(wire, OpCode.TEXT, utf8, fragments, pings);
                }
                if (i < binaries.size()) {
                    expected.add("binary " + Base64.getEncoder().encodeToString(binaries.get(i)));
                    fragmented(wire, OpCode.BINARY, binaries.get(i), fragments, pings);
                }
            }

            server.writeInPieces(wire.toByteArray(), writeSize);

            for (String message : expected) {
                assertEquals(message, recorder.next());
            }
            if (pings) {
                for (String pong : server.read(expected.size() * (fragments - 1))) {
                    assertEquals("pong are you there", pong);
                }
            }
        }
    }

    @Property(seed = SEED, tries = 40)
    void whatTheClientSendsIsMaskedAndReadsBackAsSent(@ForAll @Size(max = 6) List<@StringLength(max = 300) String> texts,
            @ForAll @Size(max = 6) List<@Size(max = 3000) byte[]> binaries, @ForAll @IntRange(min = 1, max = 3) int parts)
            throws Exception {
        try (FakeServer server = new FakeServer(); Recorder recorder = new Recorder(server)) {
            List<String> expected = new ArrayList<>();
            for (String text : texts) {
                StringBuilder sent = new StringBuilder();
                int step = text.length() / parts + 1;
                for (int from = 0; from < text.length() || from == 0; from += step) {
                    String part = text.substring(Math.min(from, text.length()), Math.min(from + step, text.length()));
                    boolean last = from + step >= text.length();
                    recorder.link.sendText(part, last);
                    sent.append(new String(part.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8));
                }
                expected.add("text " + sent);
            }
            for (byte[] binary : binaries) {
                recorder.link.sendBinary(ByteBuffer.wrap(binary));
                expected.add("binary " + Base64.getEncoder().encodeToString(binary));
            }

            assertEquals(expected, server.read(expected.size()));
        }
    }

    @Test
    void aMessageLargerThanAWriteOrAReadCrossesWholeBothWays() throws Exception {
        byte[] large = new byte[700_003];
        new Random(11).nextBytes(large);
        try (FakeServer server = new FakeServer(); Recorder recorder = new Recorder(server)) {
            ByteBuffer buffer = ByteBuffer.wrap(large);
            recorder.link.sendBinary(buffer);
            assertEquals(List.of("binary " + Base64.getEncoder().encodeToString(large)), server.read(1));
            assertEquals(0, buffer.position(), "the caller's buffer is left as it was");

            server.write(frame(OpCode.BINARY, true, large));
            assertEquals("binary " + Base64.getEncoder().encodeToString(large), recorder.next());
        }
    }

    @Test
    void aRoundTripReturnsOnceTheServerAnswersThePing() throws Exception {
        try (FakeServer server = new FakeServer(); Recorder recorder = new Recorder(server)) {
            CompletableFuture<Void> trip = CompletableFuture.runAsync(() -> {
                try {
                    recorder.link.roundTrip(Duration.ofSeconds(WAIT_SECONDS));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            assertEquals(List.of("ping "), server.read(1));
            assertTrue(!trip.isDone(), "returned before the pong");

            server.write(frame(OpCode.PONG, true, new byte[0]));
            trip.get(WAIT_SECONDS, TimeUnit.SECONDS);
        }
    }

    @Test
    void theServersCloseIsAnsweredAndReportedWithItsCode() throws Exception {
        try (FakeServer server = new FakeServer(); Recorder recorder = new Recorder(server)) {
            server.write(frame(OpCode.CLOSE, true, bytes(WebSocketFrames.closePayload(1008, "no access"))));

            assertEquals("closed closed by the server (1008: no access)", recorder.next());
            assertEquals(1008, recorder.link.closeCode());
            assertEquals(List.of("close 1008 no access"), server.read(1));
        }
    }

    @Test
    void closingSendsACloseAndWaitsForTheServersAnswer() throws Exception {
        try (FakeServer server = new FakeServer(); Recorder recorder = new Recorder(server)) {
            CompletableFuture<Void> closing = CompletableFuture.runAsync(recorder.link::close);
            assertEquals(List.of("close 1000 "), server.read(1));
            server.write(frame(OpCode.CLOSE, true, bytes(WebSocketFrames.closePayload(1000, ""))));

            closing.get(WAIT_SECONDS, TimeUnit.SECONDS);
            assertEquals("closed closed by the server (1000)", recorder.next());
        }
    }

    @Test
    void aMaskedFrameFromTheServerEndsTheConnectionWithAProtocolError() throws Exception {
        try (FakeServer server = new FakeServer(); Recorder recorder = new Recorder(server)) {
            ByteBuffer header = WebSocketFrames.header(OpCode.TEXT, true, 2, new byte[] {1, 2, 3, 4});
            byte[] masked = new byte[header.remaining() + 2];
            header.get(masked, 0, masked.length - 2);
            server.write(masked);

            String closed = recorder.next();
            assertTrue(closed.startsWith("closed the server broke the WebSocket protocol"), closed);
            assertEquals(List.of("close 1002 Server MUST NOT mask any frames (RFC-6455: Section 5.1)"), server.read(1));
        }
    }

    @Test
    void textThatIsNotUtf8EndsTheConnectionWithBadPayload() throws Exception {
        try (FakeServer server = new FakeServer(); Recorder recorder = new Recorder(server)) {
            server.write(frame(OpCode.TEXT, true, new byte[] {'o', 'k', (byte) 0xC3}));

            assertEquals("closed the server sent text that is not UTF-8", recorder.next());
            assertEquals(List.of("close 1007 text that is not UTF-8"), server.read(1));
        }
    }

    @Test
    void aServerWithoutTheEndpointIsExplained() throws Exception {
        try (FakeServer server = new FakeServer()) {
            assertEquals("cannot connect to " + server.uri("/ws") + ": the server has no WebSocket endpoint at /ws (HTTP 404);"
                    + " wsfile's is at /wsfile/ws, as in ws://127.0.0.1:" + server.port() + "/wsfile/ws",
                    refusal(server.uri("/ws"), null, () -> server.answerNext(key -> NOT_FOUND)));
        }
    }

    @Test
    void aServerWithoutTheEndpointWhereWsfilesShouldBeIsAskedAboutItsDeployment() throws Exception {
        try (FakeServer server = new FakeServer()) {
            assertEquals("cannot connect to " + server.uri("/wsfile/ws") + ": the server has no WebSocket endpoint at /wsfile/ws"
                    + " (HTTP 404): is wsfile deployed under /wsfile there, and has it finished starting?",
                    refusal(server.uri("/wsfile/ws"), null, () -> server.answerNext(key -> NOT_FOUND)));
        }
    }

    @Test
    void anAnswerThatDoesNotMatchTheKeyOrChoosesAnotherSubprotocolIsRefused() throws Exception {
        try (FakeServer server = new FakeServer()) {
            String wrongKey = refusal(server.uri("/wsfile/ws"), null,
                    () -> server.answerNext(key -> switched(Handshake.accept(key + "x"), null)));
            assertTrue(wrongKey.endsWith("does not match its key"), wrongKey);

            String otherProtocol = refusal(server.uri("/wsfile/ws"), "wsfile.v1",
                    () -> server.answerNext(key -> switched(Handshake.accept(key), "other.v1")));
            assertTrue(otherProtocol.endsWith("the server chose the subprotocol other.v1, which was not asked for"),
                    otherProtocol);
        }
    }

    @Test
    void nothingListeningIsExplained() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        String refused = refusal(URI.create("ws://127.0.0.1:" + port + "/wsfile/ws"), null, () -> { });
        assertTrue(refused.endsWith("nothing answers on port " + port + " there (connection refused): is the server"
                + " running, on that port?"), refused);
    }

    @Test
    void aSecureConnectionCarriesMessagesBothWays(@TempDir Path folder) throws Exception {
        Tls tls = Tls.forName(folder, "ip:127.0.0.1");
        SSLContext before = SSLContext.getDefault();
        SSLContext.setDefault(tls.client());
        try (FakeServer server = new FakeServer(tls.serverSocket()); Recorder recorder = new Recorder(server)) {
            recorder.link.sendText("over TLS", true);
            assertEquals(List.of("text over TLS"), server.read(1));
            server.write(frame(OpCode.BINARY, true, new byte[] {4, 2}));
            assertEquals("binary " + Base64.getEncoder().encodeToString(new byte[] {4, 2}), recorder.next());
        } finally {
            SSLContext.setDefault(before);
        }
    }

    @Test
    void aCertificateForAnotherNameIsRefusedAndExplained(@TempDir Path folder) throws Exception {
        Tls tls = Tls.forName(folder, "dns:files.example.org");
        SSLContext before = SSLContext.getDefault();
        SSLContext.setDefault(tls.client());
        try (FakeServer server = new FakeServer(tls.serverSocket())) {
            String refused = refusal(server.uri("/wsfile/ws"), null,
                    () -> server.answerNext(key -> switched(Handshake.accept(key), null)));
            assertTrue(refused.startsWith("cannot connect to " + server.uri("/wsfile/ws")
                    + ": the secure connection could not be set up: "), refused);
            assertTrue(refused.contains("127.0.0.1"), refused);
        } finally {
            SSLContext.setDefault(before);
        }
    }

    /** Has the server answer as {@code answering} sets it up, and gives the reason the link could not open. */
    private static String refusal(URI uri, String subprotocol, Runnable answering) {
        answering.run();
        return assertThrows(ConnectionLostException.class, () -> WebSocketLink.open(uri, subprotocol, new Recorder.Ignoring()))
                .getMessage();
    }

    /** Writes the message as {@code fragments} frames (fewer if it is short), with a ping between each two if asked. */
    private static void fragmented(ByteArrayOutputStream wire, byte opcode, byte[] payload, int fragments, boolean pings) {
        int step = payload.length / fragments + 1;
        for (int i = 0; i < fragments; i++) {
            byte[] part = Arrays.copyOfRange(payload, Math.min(i * step, payload.length), Math.min((i + 1) * step, payload.length));
            wire.writeBytes(frame(i == 0 ? opcode : OpCode.CONTINUATION, i == fragments - 1, part));
            if (pings && i < fragments - 1) {
                wire.writeBytes(frame(OpCode.PING, true, "are you there".getBytes(StandardCharsets.UTF_8)));
            }
        }
    }

    /** A frame as a server sends it: unmasked. */
    private static byte[] frame(byte opcode, boolean fin, byte[] payload) {
        ByteBuffer header = WebSocketFrames.header(opcode, fin, payload.length);
        byte[] frame = new byte[header.remaining() + payload.length];
        int length = header.remaining();
        header.get(frame, 0, length);
        System.arraycopy(payload, 0, frame, length, payload.length);
        return frame;
    }

    private static byte[] bytes(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        return bytes;
    }

    private static String switched(String accept, String subprotocol) {
        return "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: " + accept
                + "\r\n" + (subprotocol == null ? "" : "Sec-WebSocket-Protocol: " + subprotocol + "\r\n") + "\r\n";
    }

    /** Everything the link hands on, one entry per whole message or close. */
    private static final class Recorder implements WebSocketLink.Handler, AutoCloseable {
        private final BlockingQueue<String> arrived = new LinkedBlockingQueue<>();
        private final StringBuilder text = new StringBuilder();
        private final ByteArrayOutputStream binary = new ByteArrayOutputStream();
        private final FakeServer server;
        final WebSocketLink link;

        /** Connects to the server, which answers the handshake as a WebSocket server does. */
        Recorder(FakeServer server) throws Exception {
            this.server = server;
            server.answerNext(key -> switched(Handshake.accept(key), null));
            link = WebSocketLink.open(server.uri("/wsfile/ws"), null, this);
            server.accepted.get(WAIT_SECONDS, TimeUnit.SECONDS);
        }

        @Override
        public void text(CharSequence part, boolean last) {
            text.append(part);
            if (last) {
                arrived.add("text " + text);
                text.setLength(0);
            }
        }

        @Override
        public void binary(ByteBuffer part, boolean last) {
            byte[] bytes = new byte[part.remaining()];
            part.get(bytes);
            binary.writeBytes(bytes);
            if (last) {
                arrived.add("binary " + Base64.getEncoder().encodeToString(binary.toByteArray()));
                binary.reset();
            }
        }

        @Override
        public void closed(String reason) {
            arrived.add("closed " + reason);
        }

        String next() throws InterruptedException {
            String next = arrived.poll(WAIT_SECONDS, TimeUnit.SECONDS);
            assertTrue(next != null, "nothing arrived within " + WAIT_SECONDS + " s");
            return next;
        }

        /** Hangs up the server's end first, so that the link's close handshake need not wait for an answer. */
        @Override
        public void close() throws IOException {
            server.hangUp();
            link.close();
        }

        /** For connections that are not expected to open. */
        static final class Ignoring implements WebSocketLink.Handler {
            @Override
            public void text(CharSequence part, boolean last) {
            }

            @Override
            public void binary(ByteBuffer part, boolean last) {
            }

            @Override
            public void closed(String reason) {
            }
        }
    }

    /** A key and certificate made for the test, with the name given (keytool's SAN syntax), and a client that trusts it. */
    private record Tls(KeyStore keys) {
        private static final char[] PASSWORD = "secret".toCharArray();

        static Tls forName(Path folder, String name) throws Exception {
            Path store = folder.resolve("server.p12");
            Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                    "-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=wsfile test",
                    "-ext", "SAN=" + name, "-validity", "2", "-keystore", store.toString(), "-storetype", "PKCS12",
                    "-storepass", "secret", "-keypass", "secret").redirectErrorStream(true).start();
            String output = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(keytool.waitFor(WAIT_SECONDS, TimeUnit.SECONDS) && keytool.exitValue() == 0, output);
            KeyStore keys = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(store)) {
                keys.load(in, PASSWORD);
            }
            return new Tls(keys);
        }

        ServerSocket serverSocket() throws Exception {
            KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keyManagers.init(keys, PASSWORD);
            SSLContext server = SSLContext.getInstance("TLS");
            server.init(keyManagers.getKeyManagers(), null, null);
            return server.getServerSocketFactory().createServerSocket(0, 1, InetAddress.getLoopbackAddress());
        }

        SSLContext client() throws Exception {
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(keys);
            SSLContext client = SSLContext.getInstance("TLS");
            client.init(null, trust.getTrustManagers(), null);
            return client;
        }
    }

    /** One connection at a time on a loopback port: answers the handshake as told, then reads and writes frames. */
    private static final class FakeServer implements AutoCloseable {
        private final ServerSocket listening;
        private final WebSocketFrames frames = WebSocketFrames.fromClient();
        private final byte[] buffer = new byte[64 * 1024];
        /** Messages read but not yet asked for. */
        private final List<String> read = new ArrayList<>();
        CompletableFuture<Void> accepted = new CompletableFuture<>();
        private Socket socket;

        FakeServer() throws IOException {
            this(new ServerSocket(0, 1, InetAddress.getLoopbackAddress()));
        }

        FakeServer(ServerSocket listening) throws IOException {
            this.listening = listening;
            listening.setSoTimeout((int) TimeUnit.SECONDS.toMillis(WAIT_SECONDS));
        }

        int port() {
            return listening.getLocalPort();
        }

        URI uri(String path) {
            return URI.create((listening instanceof SSLServerSocket ? "wss" : "ws") + "://127.0.0.1:" + port() + path);
        }

        /** Accepts the next connection on another thread and answers its handshake with what {@code answer} makes of its key. */
        void answerNext(UnaryOperator<String> answer) {
            accepted = CompletableFuture.runAsync(() -> {
                try {
                    socket = listening.accept();
                    socket.setSoTimeout((int) TimeUnit.SECONDS.toMillis(WAIT_SECONDS));
                    String key = null;
                    for (String line : head(socket.getInputStream()).split("\r\n")) {
                        if (line.toLowerCase().startsWith("sec-websocket-key:")) {
                            key = line.substring(line.indexOf(':') + 1).trim();
                        }
                    }
                    socket.getOutputStream().write(answer.apply(key).getBytes(StandardCharsets.US_ASCII));
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
        }

        private static String head(InputStream in) throws IOException {
            StringBuilder head = new StringBuilder();
            while (!head.toString().endsWith("\r\n\r\n")) {
                int next = in.read();
                if (next < 0) {
                    throw new IOException("the client closed during its handshake");
                }
                head.append((char) next);
            }
            return head.toString();
        }

        void write(byte[] bytes) throws IOException {
            writeInPieces(bytes, bytes.length);
        }

        void writeInPieces(byte[] bytes, int piece) throws IOException {
            OutputStream out = socket.getOutputStream();
            for (int from = 0; from < bytes.length; from += piece) {
                out.write(bytes, from, Math.min(piece, bytes.length - from));
                out.flush();
            }
        }

        /** The next {@code count} messages and control frames the client sent, read as a server reads them (masked). */
        List<String> read(int count) throws Exception {
            Collector collector = new Collector();
            while (read.size() < count) {
                int length = socket.getInputStream().read(buffer);
                if (length < 0) {
                    throw new IOException("the client closed the connection");
                }
                frames.read(ByteBuffer.wrap(buffer, 0, length), collector);
            }
            List<String> next = new ArrayList<>(read.subList(0, count));
            read.subList(0, count).clear();
            return next;
        }

        void hangUp() throws IOException {
            if (socket != null) {
                socket.close();
            }
        }

        @Override
        public void close() throws IOException {
            hangUp();
            listening.close();
        }

        private final class Collector implements WebSocketFrames.Handler {
            private final ByteArrayOutputStream message = new ByteArrayOutputStream();

            @Override
            public boolean message(boolean text, ByteBuffer slice, boolean first, boolean last) {
                byte[] bytes = new byte[slice.remaining()];
                slice.get(bytes);
                message.writeBytes(bytes);
                if (last) {
                    read.add(text ? "text " + message.toString(StandardCharsets.UTF_8)
                            : "binary " + Base64.getEncoder().encodeToString(message.toByteArray()));
                    message.reset();
                }
                return true;
            }

            @Override
            public void ping(ByteBuffer payload) {
                read.add("ping " + StandardCharsets.UTF_8.decode(payload));
            }

            @Override
            public void pong(ByteBuffer payload) {
                read.add("pong " + StandardCharsets.UTF_8.decode(payload));
            }

            @Override
            public void close(int code, String reason) {
                read.add("close " + code + " " + reason);
            }
        }
    }
}
