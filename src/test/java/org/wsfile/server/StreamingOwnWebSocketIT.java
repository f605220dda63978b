package org.wsfile.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.net.http.WebSocket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wsfile.protocol.stream.ServerMessages;
import org.wsfile.testing.Deployments;
import org.wsfile.testing.PageTransfer;
import org.wsfile.testing.TestFiles;

/**
 * The streaming protocol on wsfile's own WebSocket implementation ({@code
 * wsfile.streaming.websocket=wsfile}): clients that ask for {@code wsfile.v1} get it, every case
 * behaves as on the container's engine, and the pages in a browser work as they do there.
 */
class StreamingOwnWebSocketIT extends StreamingCases {
    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.wsfileWithSettings("wsfile-streaming-own.war", SETTINGS + "wsfile.streaming.websocket=wsfile\n");
    }

    /** wsfile's own implementation takes a text message of at most 64 KiB, where the container's engine takes far more. */
    @Test
    void aConnectionThatAsksForTheStreamingProtocolIsRunByWsfileItself() throws Exception {
        CompletableFuture<String> closed = new CompletableFuture<>();
        WebSocket socket = HttpClient.newHttpClient().newWebSocketBuilder()
                .subprotocols(ServerMessages.PROTOCOL)
                .buildAsync(endpoint(), new WebSocket.Listener() {
                    @Override
                    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
                        closed.complete(statusCode + " " + reason);
                        return null;
                    }
                })
                .get(10, TimeUnit.SECONDS);

        socket.sendText("{" + " ".repeat(UpgradedConnection.MAX_TEXT_MESSAGE) + "}", true).get(10, TimeUnit.SECONDS);

        assertEquals("1009 a text message of more than 65536 bytes", closed.get(10, TimeUnit.SECONDS));
        socket.abort();
    }

    @Test
    void theSendPageReachesTheReceivePageWithAFileWhole(@TempDir Path temp) throws Exception {
        Path file = TestFiles.random(temp.resolve("lecture.mp4"), 40_000_000, 7);
        Path downloads = Files.createDirectories(temp.resolve("downloads"));

        PageTransfer transfer = PageTransfer.run(page(""), file, downloads, Duration.ofMinutes(2));

        assertEquals(TestFiles.sha256(file), TestFiles.sha256(transfer.saved()));
    }
}
