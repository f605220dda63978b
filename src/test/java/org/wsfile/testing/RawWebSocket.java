package org.wsfile.testing;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Random;

/**
 * A WebSocket client on a bare socket, for what library clients will not do: send a whole file as
 * ONE unfragmented text frame (as the original's Python client does), and stop reading.
 */
public final class RawWebSocket implements AutoCloseable {
    /** The close code for a connection that ended without a close frame. */
    public static final int ABNORMAL_CLOSURE = 1006;
    private final Socket socket;
    private final OutputStream out;
    private final DataInputStream in;

    private RawWebSocket(Socket socket) throws IOException {
        this.socket = socket;
        this.out = new BufferedOutputStream(socket.getOutputStream(), 1 << 16);
        this.in = new DataInputStream(socket.getInputStream());
    }

    /** Opens a connection and completes the handshake; the receive buffer is kept small so a stalled reader stalls soon. */
    public static RawWebSocket connect(URI uri) throws IOException {
        Socket socket = new Socket();
        socket.setReceiveBufferSize(64 * 1024);
        socket.connect(new java.net.InetSocketAddress(uri.getHost(), uri.getPort()), 10_000);
        socket.setSoTimeout(120_000);
        RawWebSocket ws = new RawWebSocket(socket);
        byte[] nonce = new byte[16];
        new Random().nextBytes(nonce);
        String request = "GET " + uri.getRawPath() + " HTTP/1.1\r\n"
                + "Host: " + uri.getHost() + ':' + uri.getPort() + "\r\n"
                + "Upgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: " + Base64.getEncoder().encodeToString(nonce) + "\r\n"
                + "Sec-WebSocket-Version: 13\r\n\r\n";
        ws.out.write(request.getBytes(StandardCharsets.US_ASCII));
        ws.out.flush();
        String response = ws.readHttpHead();
        if (!response.startsWith("HTTP/1.1 101")) {
            socket.close();
            throw new IOException("handshake refused: " + response);
        }
        return ws;
    }

    /** Sends one complete text frame. */
    public void sendText(String text) throws IOException {
        byte[] payload = text.getBytes(StandardCharsets.UTF_8);
        writeHeader(0x1, payload.length);
        out.write(payload);
        out.flush();
    }

    /** Sends one text frame whose payload is these bytes as they are, valid UTF-8 or not. */
    public void sendTextBytes(byte[] payload) throws IOException {
        writeHeader(0x1, payload.length);
        out.write(payload);
        out.flush();
    }

    /** Sends one text frame a byte at a time, waiting between bytes, as a client on a terrible line would. */
    public void sendTextSlowly(String text, Duration betweenBytes) throws IOException, InterruptedException {
        byte[] payload = text.getBytes(StandardCharsets.UTF_8);
        writeHeader(0x1, payload.length);
        out.flush();
        for (byte b : payload) {
            Thread.sleep(betweenBytes.toMillis());
            out.write(b);
            out.flush();
        }
    }

    /** Sends one complete binary frame. */
    public void sendBinary(byte[] payload) throws IOException {
        writeHeader(0x2, payload.length);
        out.write(payload);
        out.flush();
    }

    /**
     * Sends {@code message:{topic}:{mime}:{name}:{base64}} as one frame without holding the file:
     * its content is {@code size} pseudo-random bytes from {@code seed}, encoded while it is written.
     *
     * @return the SHA-256 of the content, in hex
     */
    public String sendLegacyFile(String topic, String mime, String name, long size, long seed) throws IOException {
        byte[] prefix = ("message:" + topic + ':' + mime + ':' + name + ':').getBytes(StandardCharsets.UTF_8);
        long base64Length = (size + 2) / 3 * 4;
        writeHeader(0x1, prefix.length + base64Length);
        out.write(prefix);
        MessageDigest sha = sha256();
        Random random = new Random(seed);
        byte[] block = new byte[3 * 64 * 1024];
        for (long left = size; left > 0; left -= block.length) {
            random.nextBytes(block);
            byte[] part = left >= block.length ? block : Arrays.copyOf(block, (int) left);
            sha.update(part);
            out.write(Base64.getEncoder().encode(part));
        }
        out.flush();
        return HexFormat.of().formatHex(sha.digest());
    }

    /**
     * Reads frames, skipping data, until the server's close frame and returns its code and reason;
     * a connection that ends without one gives 1006, the code WebSocket reserves for that.
     */
    public Close readUntilClose() throws IOException {
        while (true) {
            int first = in.read();
            if (first < 0) {
                return new Close(ABNORMAL_CLOSURE, "");
            }
            int second = in.readUnsignedByte();
            long length = second & 0x7f;
            if (length == 126) {
                length = in.readUnsignedShort();
            } else if (length == 127) {
                length = in.readLong();
            }
            if ((first & 0x0f) == 0x8) {
                byte[] body = in.readNBytes((int) length);
                int code = body.length >= 2 ? ((body[0] & 0xff) << 8) | (body[1] & 0xff) : 1005;
                String reason = body.length > 2 ? new String(body, 2, body.length - 2, StandardCharsets.UTF_8) : "";
                return new Close(code, reason);
            }
            in.skipNBytes(length);
        }
    }

    /** The server's close, if it closes the connection within the time; for a connection the server sends nothing else to. */
    public Optional<Close> closedWithin(Duration timeout) throws IOException {
        int usual = socket.getSoTimeout();
        socket.setSoTimeout((int) timeout.toMillis());
        try {
            return Optional.of(readUntilClose());
        } catch (SocketTimeoutException stillOpen) {
            return Optional.empty();
        } finally {
            socket.setSoTimeout(usual);
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    /** A close frame's content. */
    public record Close(int code, String reason) {
    }

    /** Client frames are masked; a zero mask leaves the payload as it is, which keeps streaming simple. */
    private void writeHeader(int opcode, long length) throws IOException {
        out.write(0x80 | opcode);
        if (length < 126) {
            out.write(0x80 | (int) length);
        } else if (length <= 0xffff) {
            out.write(0x80 | 126);
            out.write((int) (length >>> 8));
            out.write((int) length);
        } else {
            out.write(0x80 | 127);
            for (int shift = 56; shift >= 0; shift -= 8) {
                out.write((int) (length >>> shift));
            }
        }
        out.write(new byte[4]);
    }

    private String readHttpHead() throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            head.write(in.readUnsignedByte());
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
