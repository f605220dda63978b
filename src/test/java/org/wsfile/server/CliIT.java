package org.wsfile.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wsfile.testing.Cli;
import org.wsfile.testing.DeployedWar;
import org.wsfile.testing.Deployments;
import org.wsfile.testing.StreamClient;
import org.wsfile.testing.TestFiles;

/** wsfile-cli.jar run as users run it, against the deployed server. */
class CliIT extends DeployedWar {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final long LIMIT = 300L * 1024 * 1024;
    private static final String READY = "receiving files sent to";

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.wsfileWithSettings("wsfile-cli.war", "wsfile.max-file-size=300MiB\n");
    }

    @TempDir
    Path temp;

    private Path outbox;
    private Path inbox;

    @BeforeEach
    void folders() throws IOException {
        outbox = Files.createDirectories(temp.resolve("outbox"));
        inbox = temp.resolve("inbox");
    }

    @Test
    void threeFilesIncludingA200MegabyteOneArriveWholeAndTheSenderReportsTheReceipts() throws Exception {
        Path big = TestFiles.random(outbox.resolve("film.mp4"), 200_000_000, 1);
        Path notes = TestFiles.random(Files.createDirectories(outbox.resolve("docs/week 1")).resolve("notes: 10:30.txt"), 1234, 2);
        Path empty = TestFiles.random(outbox.resolve("empty.txt"), 0, 3);
        Path log = temp.resolve("exec.log");
        try (Cli receiver = Cli.start("receive", "-u", endpoint().toString(), "-t", "class-7b", "-o", inbox.toString(),
                "--count", "3", "--exec", "echo saved >> '" + log + "'")) {
            receiver.awaitLine(READY, WAIT);

            Cli.Result sent = Cli.run(WAIT, "send", "-u", base.toString(), "-t", "class-7b", "--min-receivers", "1",
                    big.toString(), outbox.resolve("docs").toString(), "-f", empty.toString());

            assertEquals(0, sent.exitCode(), sent.text());
            assertTrue(sent.text().contains("film.mp4: 200 MB sent in "), sent.text());
            assertTrue(sent.text().contains(", received by 1 of 1 subscribers"), sent.text());
            assertEquals(0, receiver.await(WAIT).exitCode());
        }
        assertEquals(TestFiles.sha256(big), TestFiles.sha256(inbox.resolve("film.mp4")));
        assertEquals(TestFiles.sha256(notes), TestFiles.sha256(inbox.resolve("docs/week 1/notes_ 10_30.txt")));
        assertEquals(0, Files.size(inbox.resolve("empty.txt")));
        assertEquals(3, files(inbox).size(), files(inbox).toString());
        String saved = "saved " + inbox.toRealPath();
        assertEquals(3, Files.readAllLines(log).stream().filter(line -> line.startsWith(saved)).count(),
                "--exec did not run once per file with its path");
    }

    @Test
    void aHostileFileNameStaysInsideTheOutputFolder() throws Exception {
        try (Cli receiver = Cli.start("receive", "-u", endpoint().toString(), "-t", "hostile", "-o", inbox.toString(), "--once");
             StreamClient sender = StreamClient.connect(endpoint())) {
            receiver.awaitLine(READY, WAIT);

            sender.send("hostile", "../../../escaped.txt", 10, 1).awaitReceipt(WAIT);

            assertEquals(0, receiver.await(WAIT).exitCode());
        }
        assertEquals(List.of(inbox.resolve("escaped.txt")), files(temp).stream().filter(path -> path.startsWith(inbox)).toList());
        assertFalse(files(temp).stream().anyMatch(path -> path.getFileName().toString().equals("escaped.txt")
                && !path.startsWith(inbox)), "a file escaped the output folder");
    }

    @Test
    void aFileWhoseSenderDisconnectsLeavesNothingBehind() throws Exception {
        try (Cli receiver = Cli.start("receive", "-u", endpoint().toString(), "-t", "aborted", "-o", inbox.toString(), "--once");
             StreamClient crashing = StreamClient.connect(endpoint());
             StreamClient sender = StreamClient.connect(endpoint())) {
            receiver.awaitLine(READY, WAIT);
            StreamClient.Outgoing half = crashing.start("aborted", "half.bin", "", 4_000_000, 1);
            half.sendChunk(1_000_000);

            crashing.abort();
            receiver.awaitLine("half.bin: aborted", WAIT);
            sender.send("aborted", "whole.bin", 1000, 2).awaitReceipt(WAIT);

            assertEquals(0, receiver.await(WAIT).exitCode());
        }
        assertEquals(List.of(inbox.resolve("whole.bin")), files(inbox));
    }

    @Test
    void theOriginalProtocolWorksBothWays() throws Exception {
        Path photo = TestFiles.random(outbox.resolve("photo.jpg"), 300_000, 4);
        try (Cli receiver = Cli.start("receive", "--legacy", "-u", endpoint().toString(), "-t", "old", "-o", inbox.toString(),
                "--once")) {
            receiver.awaitLine(READY, WAIT);

            Cli.Result sent = Cli.run(WAIT, "send", "--legacy", "-u", endpoint().toString(), "-t", "old", photo.toString());

            assertEquals(0, sent.exitCode(), sent.text());
            assertEquals(0, receiver.await(WAIT).exitCode());
        }
        assertEquals(TestFiles.sha256(photo), TestFiles.sha256(inbox.resolve("photo.jpg")));
    }

    @Test
    void aReceiverWhoseConnectionIsClosedReconnectsAndKeepsNothingOfTheCutFile() throws Exception {
        try (Cli receiver = Cli.start("receive", "--legacy", "-u", endpoint().toString(), "-t", "cut", "-o", inbox.toString(),
                "--once");
             StreamClient sender = StreamClient.connect(endpoint())) {
            receiver.awaitLine(READY, WAIT);
            // More than the server buffers for a subscriber, so part of the file has surely been written
            // to the receiver when the cancel is read: the server must then close its connection (1011).
            StreamClient.Outgoing cut = sender.start("cut", "cut.bin", "", 20_000_000, 1);
            for (int i = 0; i < 8; i++) {
                cut.sendChunk(1_000_000);
            }
            cut.cancel();

            receiver.awaitLine("1011", WAIT);
            receiver.awaitLine("reconnecting in 1 s", WAIT);
            receiver.awaitLine(READY, WAIT);
            sender.send("cut", "whole.bin", 1000, 2).awaitReceipt(WAIT);

            assertEquals(0, receiver.await(WAIT).exitCode());
        }
        assertEquals(List.of(inbox.resolve("whole.bin")), files(inbox));
    }

    @Test
    void exitCodesTellConnectionFailureRefusalAndPartialDeliveryApart() throws Exception {
        Path small = TestFiles.random(outbox.resolve("small.txt"), 10, 5);
        Path tooBig = outbox.resolve("too-big.iso");
        try (RandomAccessFile sparse = new RandomAccessFile(tooBig.toFile(), "rw")) {
            sparse.setLength(LIMIT + 1);
        }

        Cli.Result unreachable = Cli.run(WAIT, "send", "-u", "ws://127.0.0.1:9/wsfile/ws", "-t", "t", small.toString());
        Cli.Result refused = Cli.run(WAIT, "send", "-u", endpoint().toString(), "-t", "t", tooBig.toString());
        Cli.Result nobody = Cli.run(WAIT, "send", "-u", endpoint().toString(), "-t", "nobody-listens", "--min-receivers", "1",
                small.toString());
        Cli.Result badTopic = Cli.run(WAIT, "send", "-u", endpoint().toString(), "-t", "bad topic/../x", small.toString());
        Cli.Result usage = Cli.run(WAIT, "send", "-u", endpoint().toString(), "-t", "t");

        assertEquals(3, unreachable.exitCode(), unreachable.text());
        assertEquals(4, refused.exitCode(), refused.text());
        assertTrue(refused.text().contains("over the server's limit"), refused.text());
        assertEquals(5, nobody.exitCode(), nobody.text());
        assertTrue(nobody.text().contains("received by 0 of 0 subscribers"), nobody.text());
        assertEquals(2, badTopic.exitCode(), badTopic.text());
        assertTrue(badTopic.text().contains("'bad topic/../x' is not a topic: a topic is letters and digits"), badTopic.text());
        assertFalse(badTopic.text().contains("sent in"), badTopic.text());
        assertEquals(2, usage.exitCode(), usage.text());
    }

    @Test
    void aWrongAddressIsExplainedInOneSentenceWithItsExitCode() throws Exception {
        Path small = TestFiles.random(outbox.resolve("small.txt"), 10, 6);
        String authority = endpoint().getRawAuthority();

        Cli.Result wrongPath = Cli.run(WAIT, "send", "-u", "http://" + authority + "/nowhere/", "-t", "t", small.toString());
        Cli.Result unknownHost = Cli.run(WAIT, "send", "-u", "ws://no-such-host.invalid:8765/wsfile/ws", "-t", "t",
                small.toString());
        Cli.Result refused = Cli.run(WAIT, "send", "-u", "ws://127.0.0.1:9/wsfile/ws", "-t", "t", small.toString());
        Cli.Result notAnAddress = Cli.run(WAIT, "send", "-u", "not a url", "-t", "t", small.toString());
        Cli.Result otherScheme = Cli.run(WAIT, "send", "-u", "ftp://" + authority + "/", "-t", "t", small.toString());
        Cli.Result hostAndPort = Cli.run(WAIT, "send", "-u", authority, "-t", "nobody-listens", small.toString());

        assertEquals(3, wrongPath.exitCode(), wrongPath.text());
        assertTrue(wrongPath.text().contains("the server has no WebSocket endpoint at /nowhere/ws (HTTP 404); wsfile's is at"
                + " /wsfile/ws, as in ws://" + authority + "/wsfile/ws"), wrongPath.text());
        assertEquals(3, unknownHost.exitCode(), unknownHost.text());
        assertTrue(unknownHost.text().contains("there is no host called no-such-host.invalid"), unknownHost.text());
        assertEquals(3, refused.exitCode(), refused.text());
        assertTrue(refused.text().contains("nothing answers on port 9 there (connection refused)"), refused.text());
        assertEquals(2, notAnAddress.exitCode(), notAnAddress.text());
        assertTrue(notAnAddress.text().contains("'not a url' is not a server address; give one such as"), notAnAddress.text());
        assertFalse(notAnAddress.text().contains("Exception"), notAnAddress.text());
        assertEquals(2, otherScheme.exitCode(), otherScheme.text());
        // host:port means wsfile's endpoint at its usual context there; this test's WAR has another context.
        assertEquals(3, hostAndPort.exitCode(), hostAndPort.text());
        assertTrue(hostAndPort.text().contains("cannot connect to ws://" + authority + "/wsfile/ws: the server has no"
                + " WebSocket endpoint at /wsfile/ws (HTTP 404)"), hostAndPort.text());
    }

    private static List<Path> files(Path root) throws IOException {
        if (!Files.exists(root)) {
            return List.of();
        }
        try (Stream<Path> tree = Files.walk(root)) {
            return tree.filter(Files::isRegularFile).sorted().toList();
        }
    }
}
