package org.wsfile.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletionException;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.wsfile.testing.DeployedWar;
import org.wsfile.testing.Deployments;

/** Only the server's own pages, the allowed sites and programs that are not browsers may connect. */
class OriginIT extends DeployedWar {

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.wsfileWithSettings("wsfile-origin.war", "wsfile.allowed-origins=https://school.example\n");
    }

    @Test
    void aPageFromAnotherSiteIsRefusedAtTheHandshake() {
        CompletionException refused = assertThrows(CompletionException.class, () -> connect("https://evil.example"));

        WebSocketHandshakeException handshake = (WebSocketHandshakeException) refused.getCause();
        assertEquals(403, handshake.getResponse().statusCode());
    }

    @Test
    void aPageOpenedFromAFileIsRefusedWithTheSettingThatWouldAllowIt() throws IOException {
        String answer = rawHandshake("null");

        assertTrue(answer.startsWith("HTTP/1.1 403"), answer);
        assertTrue(answer.contains("pages opened from files send the origin null, which this server allows only when"
                + " started with wsfile.allowed-origins=null"), answer);
    }

    /** The server's whole answer to a WebSocket handshake with the given origin. */
    private String rawHandshake(String origin) throws IOException {
        URI endpoint = endpoint();
        try (Socket socket = new Socket(endpoint.getHost(), endpoint.getPort())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("GET " + endpoint.getRawPath() + " HTTP/1.1\r\nHost: " + endpoint.getHost() + ":"
                    + endpoint.getPort() + "\r\nUpgrade: websocket\r\nConnection: Upgrade, close\r\nOrigin: " + origin
                    + "\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void theServersOwnPagesAnAllowedSiteAndProgramsWithoutAnOriginMayConnect() {
        String own = base.getProtocol() + "://" + base.getHost() + ":" + base.getPort();
        for (String origin : new String[] {own, "https://school.example", null}) {
            WebSocket socket = connect(origin);
            assertTrue(!socket.isInputClosed(), "refused: " + origin);
            socket.abort();
        }
    }

    private WebSocket connect(String origin) {
        WebSocket.Builder builder = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10));
        if (origin != null) {
            builder.header("Origin", origin);
        }
        URI endpoint = endpoint();
        return builder.buildAsync(endpoint, new WebSocket.Listener() { }).join();
    }
}
