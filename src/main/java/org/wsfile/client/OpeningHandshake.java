package org.wsfile.client;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

import org.wsfile.websocket.Handshake;

/**
 * How a client's WebSocket connection opens (RFC 6455, section 4.1): a socket to the address's
 * host and port, TLS for {@code wss://} (the certificate and name checked against the runtime's
 * trust store), the upgrade asked for and its answer checked. A failure is explained in words that
 * say what to check.
 */
final class OpeningHandshake {
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    /** The most an answer to the handshake may take before its end, headers included. */
    private static final int MAX_ANSWER = 16 * 1024;

    private OpeningHandshake() {
    }

    /** An open connection, and what the server sent after its answer: the start of its first frames. */
    record Opened(Socket socket, byte[] early) {
        void close() {
            try {
                socket.close();
            } catch (IOException e) {
                // closed either way
            }
        }
    }

    /**
     * Opens a connection.
     *
     * @param subprotocol the subprotocol to ask for, or null
     */
    static Opened open(URI uri, String subprotocol) throws ConnectionLostException {
        try {
            Socket socket = connect(uri);
            try {
                return new Opened(socket, handshake(socket, uri, subprotocol));
            } catch (IOException | RuntimeException e) {
                socket.close();
                throw e;
            }
        } catch (IOException e) {
            throw new ConnectionLostException("cannot connect to " + withoutQuery(uri) + ": " + whyNotConnected(e, uri), e);
        }
    }

    private static Socket connect(URI uri) throws IOException {
        String host = uri.getHost();
        if (host == null) {
            throw new UnknownHostException(uri.toString());
        }
        Socket plain = new Socket();
        try {
            plain.setTcpNoDelay(true);
            plain.connect(new InetSocketAddress(host, port(uri)), (int) CONNECT_TIMEOUT.toMillis());
            plain.setSoTimeout((int) CONNECT_TIMEOUT.toMillis());
            if (!"wss".equalsIgnoreCase(uri.getScheme())) {
                return plain;
            }
            SSLSocket secure = (SSLSocket) tls().createSocket(plain, host, port(uri), true);
            SSLParameters parameters = secure.getSSLParameters();
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
            secure.setSSLParameters(parameters);
            secure.startHandshake();
            return secure;
        } catch (IOException | RuntimeException e) {
            plain.close();
            throw e;
        }
    }

    /** The runtime's default TLS, as it is when the connection is made (its certificates, its trust store). */
    private static SSLSocketFactory tls() throws IOException {
        try {
            return SSLContext.getDefault().getSocketFactory();
        } catch (NoSuchAlgorithmException e) {
            throw new IOException("this Java runtime has no TLS", e);
        }
    }

    /**
     * Asks for the upgrade and checks the answer (RFC 6455, section 4.1).
     *
     * @return what the server sent after its answer: the start of its first frames
     */
    private static byte[] handshake(Socket socket, URI uri, String subprotocol) throws IOException {
        String key = Handshake.newKey();
        String target = (uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath())
                + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        String request = "GET " + target + " HTTP/1.1\r\n"
                + "Host: " + uri.getHost() + (uri.getPort() >= 0 ? ":" + uri.getPort() : "") + "\r\n"
                + "Upgrade: websocket\r\n"
                + "Connection: Upgrade\r\n"
                + "Sec-WebSocket-Key: " + key + "\r\n"
                + "Sec-WebSocket-Version: 13\r\n"
                + (subprotocol == null ? "" : "Sec-WebSocket-Protocol: " + subprotocol + "\r\n")
                + "\r\n";
        socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
        InputStream in = socket.getInputStream();
        byte[] answer = new byte[MAX_ANSWER];
        int length = 0;
        int end;
        while ((end = endOfHead(answer, length)) < 0) {
            if (length == answer.length) {
                throw new IOException("the server's answer to the WebSocket handshake has headers of over " + MAX_ANSWER
                        + " bytes");
            }
            int read = in.read(answer, length, answer.length - length);
            if (read < 0) {
                throw new IOException("the server closed the connection instead of answering the WebSocket handshake");
            }
            length += read;
        }
        String[] lines = new String(answer, 0, end, StandardCharsets.ISO_8859_1).split("\r\n");
        String[] status = lines[0].split(" ", 3);
        if (status.length < 2 || !status[0].startsWith("HTTP/")) {
            throw new IOException("the server did not answer in HTTP: " + lines[0]);
        }
        int code = parseStatus(status[1], lines[0]);
        if (code != 101) {
            throw new Refused(code);
        }
        Map<String, String> headers = headers(lines);
        if (!"websocket".equalsIgnoreCase(headers.get("upgrade"))
                || !Handshake.hasToken(headers.get("connection"), "upgrade")) {
            throw new IOException("the server's answer to the WebSocket handshake does not upgrade the connection");
        }
        if (!Handshake.accept(key).equals(headers.get("sec-websocket-accept"))) {
            throw new IOException("the server's answer to the WebSocket handshake does not match its key");
        }
        String chosen = headers.get("sec-websocket-protocol");
        if (chosen != null && !chosen.equals(subprotocol)) {
            throw new IOException("the server chose the subprotocol " + chosen + ", which was not asked for");
        }
        socket.setSoTimeout(0);
        return Arrays.copyOfRange(answer, end + 4, length);
    }

    /** Where the blank line that ends the answer's head starts, or -1 if it has not come yet. */
    private static int endOfHead(byte[] bytes, int length) {
        for (int i = 0; i + 3 < length; i++) {
            if (bytes[i] == '\r' && bytes[i + 1] == '\n' && bytes[i + 2] == '\r' && bytes[i + 3] == '\n') {
                return i;
            }
        }
        return -1;
    }

    private static int parseStatus(String code, String line) throws IOException {
        try {
            return Integer.parseInt(code);
        } catch (NumberFormatException e) {
            throw new IOException("the server did not answer in HTTP: " + line, e);
        }
    }

    /** The answer's headers by lower-case name; a header given twice has its values joined, as HTTP allows. */
    private static Map<String, String> headers(String[] lines) {
        Map<String, String> headers = new HashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                headers.merge(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim(),
                        (first, second) -> first + ", " + second);
            }
        }
        return headers;
    }

    /** Why a connection could not be opened, in words that say what to check. */
    private static String whyNotConnected(Throwable problem, URI uri) {
        if (problem instanceof UnknownHostException) {
            return "there is no host called " + uri.getHost() + " (check the address)";
        }
        if (problem instanceof Refused refused) {
            if (refused.status != 404) {
                return "the server answered HTTP " + refused.status + " instead of opening a WebSocket connection";
            }
            String missing = "the server has no WebSocket endpoint at " + uri.getRawPath() + " (HTTP 404)";
            return uri.getRawPath().endsWith(FileConnection.DEFAULT_PATH)
                    ? missing + ": is wsfile deployed under /wsfile there, and has it finished starting?"
                    : missing + "; wsfile's is at " + FileConnection.DEFAULT_PATH + ", as in ws://" + uri.getRawAuthority()
                            + FileConnection.DEFAULT_PATH;
        }
        if (problem instanceof SocketTimeoutException) {
            return "nothing answered within " + CONNECT_TIMEOUT.toSeconds()
                    + " s (check the address, and that no firewall is in the way)";
        }
        if (problem instanceof SSLException) {
            return "the secure connection could not be set up: " + problem.getMessage()
                    + " (is the address's name the one on the server's certificate, and is that certificate trusted?)";
        }
        if (problem instanceof ConnectException) {
            return "nothing answers on port " + port(uri) + " there (connection refused): is the server running, on that port?";
        }
        return WebSocketLink.describe(problem);
    }

    private static int port(URI uri) {
        return uri.getPort() >= 0 ? uri.getPort() : "wss".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }

    /** The address without its query, which may hold a token that has no place on a terminal. */
    private static String withoutQuery(URI uri) {
        String text = uri.toString();
        int query = text.indexOf('?');
        return query < 0 ? text : text.substring(0, query);
    }

    /** The server answered the handshake with another status than 101. */
    private static final class Refused extends IOException {
        final int status;

        Refused(int status) {
            super("HTTP " + status);
            this.status = status;
        }
    }
}
