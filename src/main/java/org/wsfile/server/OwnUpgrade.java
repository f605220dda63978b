package org.wsfile.server;

import java.io.IOException;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.wsfile.config.Settings;
import org.wsfile.protocol.stream.ServerMessages;
import org.wsfile.websocket.Handshake;

/**
 * Takes WebSocket handshakes that do not ask for the {@code wsfile.v1} subprotocol (the original
 * protocol's clients, which send each file as one text frame) away from the container's WebSocket
 * engine and runs those connections itself ({@link UpgradedConnection}). Payara's engine holds a
 * whole frame in memory before it hands it on, regrowing its buffer as the frame arrives (time
 * that grows with the square of the frame's size) and unmasks it a byte at a time; a 100 MB file
 * took half a minute and gigabytes of memory. Read as it arrives, the frame costs neither.
 * Handshakes that ask for {@code wsfile.v1} stay with the container, through the endpoint, unless
 * {@link Settings#STREAMING_WEBSOCKET} says {@code wsfile}: then they are taken too, and answered
 * with the subprotocol. Handshakes this class cannot answer (another WebSocket version) always
 * stay with the container.
 */
final class OwnUpgrade {
    private OwnUpgrade() {
    }

    /**
     * Whether this is a WebSocket handshake for this class to answer.
     *
     * @param streaming which WebSocket implementation runs connections that ask for {@code wsfile.v1}
     */
    static boolean applies(HttpServletRequest request, Settings.WebSocketEngine streaming) {
        return "GET".equals(request.getMethod())
                && Handshake.hasToken(request.getHeader("Upgrade"), "websocket")
                && Handshake.hasToken(request.getHeader("Connection"), "upgrade")
                && "13".equals(request.getHeader("Sec-WebSocket-Version"))
                && validKey(request.getHeader("Sec-WebSocket-Key"))
                && (streaming == Settings.WebSocketEngine.WSFILE || !asksForStreaming(request));
    }

    /**
     * Answers the handshake with 101, and the subprotocol {@code wsfile.v1} if the client asked for
     * it, and hands the connection to an {@link UpgradedConnection}.
     */
    static void upgrade(HttpServletRequest request, HttpServletResponse response, ServerContext server)
            throws IOException, ServletException {
        boolean streaming = asksForStreaming(request);
        UpgradedConnection connection = request.upgrade(UpgradedConnection.class);
        connection.prepare(server, parameters(request), streaming);
        response.setStatus(HttpServletResponse.SC_SWITCHING_PROTOCOLS);
        response.setHeader("Upgrade", "websocket");
        response.setHeader("Connection", "Upgrade");
        response.setHeader("Sec-WebSocket-Accept", Handshake.accept(request.getHeader("Sec-WebSocket-Key")));
        if (streaming) {
            response.setHeader("Sec-WebSocket-Protocol", ServerMessages.PROTOCOL);
        }
        response.flushBuffer();
    }

    private static boolean asksForStreaming(HttpServletRequest request) {
        return Handshake.hasToken(String.join(",", Collections.list(request.getHeaders("Sec-WebSocket-Protocol"))), ServerMessages.PROTOCOL);
    }

    private static boolean validKey(String key) {
        if (key == null) {
            return false;
        }
        try {
            return Base64.getDecoder().decode(key.trim()).length == 16;
        } catch (IllegalArgumentException notBase64) {
            return false;
        }
    }

    private static Map<String, List<String>> parameters(HttpServletRequest request) {
        return request.getParameterMap().entrySet().stream()
                .collect(Collectors.toUnmodifiableMap(Map.Entry::getKey, entry -> List.of(entry.getValue())));
    }
}
