package org.wsfile.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wsfile.testing.Browser;
import org.wsfile.testing.Cli;
import org.wsfile.testing.DeployedWar;
import org.wsfile.testing.Deployments;
import org.wsfile.testing.LegacyClient;
import org.wsfile.testing.StreamClient;

/** With tokens required: who may connect, receive, send and see the status, and the command line's tokens. */
class AuthIT extends DeployedWar {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String SECRET = "the class's shared secret, at least 32 bytes long";

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.wsfileWithSettings("wsfile-auth.war", "wsfile.auth.hs256-secret=" + SECRET + "\n");
    }

    @TempDir
    Path temp;

    @Test
    void aConnectionWithoutAValidTokenIsClosedAndToldWhy() throws Exception {
        String tampered = tamperedSignature(token("--subscribe", "class-7b"));
        for (Optional<String> token : List.of(Optional.<String>empty(), Optional.of("nonsense"), Optional.of(tampered))) {
            try (LegacyClient client = LegacyClient.connect(endpoint(token))) {
                LegacyClient.Close close = client.awaitClose(WAIT);
                assertEquals(1008, close.code());
                assertTrue(close.reason().startsWith("not allowed: "), close.reason());
            }
        }
    }

    @Test
    void eachTokenMayDoWhatItsClaimsSayAndNoMore() throws Exception {
        String student = token("--subscribe", "class-7b");
        String teacher = token("--publish", "class-*");
        try (StreamClient receiver = StreamClient.connect(endpoint(Optional.of(student)));
             StreamClient sender = StreamClient.connect(endpoint(Optional.of(teacher)));
             LegacyClient oldSender = LegacyClient.connect(endpoint(Optional.of(student)))) {
            receiver.subscribe("class-7b");
            receiver.sendText("{\"type\":\"subscribe\",\"topic\":\"staff\"}");
            assertEquals(new StreamClient.Error("not-allowed", "not allowed to receive files sent to staff", Optional.empty()),
                    receiver.nextError(WAIT));

            StreamClient.Sent homework = sender.send("class-7b", "homework.pdf", 5000, 1);
            assertEquals(homework.sha256(), receiver.nextFile(WAIT).sha256());
            assertEquals(1, homework.awaitReceipt(WAIT).completed());

            StreamClient.Outgoing answers = receiver.start("class-7b", "answers.pdf", "", 10, 2);
            StreamClient.Error refused = receiver.nextError(WAIT);
            assertEquals("not allowed to publish to class-7b", refused.message());
            assertEquals(Optional.of(answers.id()), refused.id());
            oldSender.sendText("message:class-7b:text/plain:a.txt:AAAA");
            assertEquals("error:not-allowed:not allowed to publish to class-7b", oldSender.nextError(WAIT).text());
        }
    }

    @Test
    void theStatusAndMetricsNeedAnAdminToken() throws Exception {
        String admin = token("--admin");
        String student = token("--subscribe", "class-7b");

        assertEquals(401, get("status", Optional.empty()).statusCode());
        assertEquals(403, get("metrics", Optional.of(student)).statusCode());
        assertEquals(200, get("status", Optional.of(admin)).statusCode());
        assertEquals(200, get("status.html", Optional.of(admin)).statusCode());
        assertTrue(get("metrics", Optional.of(admin)).body().contains("wsfile_connections"));
        assertEquals(200, get("receiver.html", Optional.empty()).statusCode(), "the pages themselves are public");
    }

    @Test
    void theReceivePageConnectsWithTheTokenInItsAddress() throws Exception {
        String student = URLEncoder.encode(token("--subscribe", "class-7b"), StandardCharsets.UTF_8);
        try (Browser browser = Browser.start(temp, 1000, 700);
             StreamClient teacher = StreamClient.connect(endpoint(Optional.of(token("--publish", "class-7b"))))) {
            browser.open(base + "receiver.html?topic=class-7b&token=" + student);
            browser.awaitElement("#state[data-state='connected']", WAIT);

            StreamClient.Sent sent = teacher.send("class-7b", "slides.pdf", 2000, 3);

            browser.awaitElement(".file[data-name='slides.pdf'][data-state='received']", WAIT);
            assertEquals(1, sent.awaitReceipt(WAIT).completed());
        }
    }

    @Test
    void theCommandLineSendsAndReceivesWithTokens() throws Exception {
        Path notes = Files.writeString(temp.resolve("notes.txt"), "hello class");
        Path inbox = temp.resolve("inbox");
        try (Cli receiver = Cli.start("receive", "-u", base.toString(), "--token", token("-s", "class-7b"), "-t", "class-7b",
                "-o", inbox.toString(), "--once")) {
            receiver.awaitLine("receiving files sent to", WAIT);

            Cli.Result sent = Cli.run(WAIT, "send", "-u", base.toString(), "--token", token("-p", "class-7b"),
                    "-t", "class-7b", notes.toString(), "--min-receivers", "1");

            assertEquals(0, sent.exitCode(), sent.text());
            assertEquals(0, receiver.await(WAIT).exitCode());
        }
        assertEquals("hello class", Files.readString(inbox.resolve("notes.txt")));
    }

    @Test
    void aFileToATopicTheTokenDoesNotCoverIsSaidToBeRefusedNeverSent() throws Exception {
        Path plain = Files.writeString(temp.resolve("plain.txt"), "hello!");

        Cli.Result sent = Cli.run(WAIT, "send", "-u", base.toString(), "--token", token("-p", "class-7b"),
                "-t", "class-8a", plain.toString());

        assertEquals(4, sent.exitCode(), sent.text());
        assertTrue(sent.text().contains("plain.txt: refused: not allowed to publish to class-8a"), sent.text());
        assertFalse(sent.text().contains("sent in"), sent.text());
    }

    /** A token made by the command line's token command. */
    private String token(String... claims) throws Exception {
        Path secret = Files.writeString(temp.resolve("secret.txt"), SECRET + "\n");
        String[] command = new String[claims.length + 3];
        command[0] = "token";
        command[1] = "--hs256-secret-file";
        command[2] = secret.toString();
        System.arraycopy(claims, 0, command, 3, claims.length);
        Cli.Result minted = Cli.run(WAIT, command);
        assertEquals(0, minted.exitCode(), minted.text());
        return minted.output().get(0);
    }

    private URI endpoint(Optional<String> token) {
        URI endpoint = endpoint();
        return token.map(value -> URI.create(endpoint + "?token=" + URLEncoder.encode(value, StandardCharsets.UTF_8)))
                .orElse(endpoint);
    }

    private HttpResponse<String> get(String path, Optional<String> token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path));
        token.ifPresent(value -> request.header("Authorization", "Bearer " + value));
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /**
     * The token with the first character of its signature changed. Not the last: the last of an
     * HS256 signature's 43 base64url characters carries two unused bits, which decoders ignore, so
     * changing it to a character that differs only there (w to x, one time in sixteen) leaves the
     * signature valid.
     */
    private static String tamperedSignature(String token) {
        int signature = token.lastIndexOf('.') + 1;
        char changed = token.charAt(signature) == 'A' ? 'B' : 'A';
        return token.substring(0, signature) + changed + token.substring(signature + 1);
    }
}
