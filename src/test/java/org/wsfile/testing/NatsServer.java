package org.wsfile.testing;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.abort;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Debian's {@code nats-server}, run by a test on a free port of 127.0.0.1 and stopped by it. Tests
 * that need it are skipped, with the reason, when it is not installed, except in CI (which
 * installs it: {@code .ci/run}).
 */
public final class NatsServer implements AutoCloseable {
    private static final List<Path> PLACES = List.of(Path.of("/usr/sbin/nats-server"), Path.of("/usr/bin/nats-server"),
            Path.of("/usr/local/bin/nats-server"));
    private static final Duration START_TIMEOUT = Duration.ofSeconds(20);

    private final Path binary;
    private final int port;
    private final Path log;
    private final List<String> options;
    private Process process;

    private NatsServer(Path binary, int port, Path log, List<String> options) {
        this.binary = binary;
        this.port = port;
        this.log = log;
        this.options = options;
    }

    /** Starts a NATS server, or skips the test if there is none to start (fails it in CI). */
    public static NatsServer start() throws IOException, InterruptedException {
        return start(List.of());
    }

    /** Starts a NATS server with more command-line options, such as {@code --user} and {@code --pass}. */
    public static NatsServer start(List<String> options) throws IOException, InterruptedException {
        Optional<Path> binary = PLACES.stream().filter(Files::isExecutable).findFirst();
        if (binary.isEmpty()) {
            String missing = "nats-server is not installed (apt-get install nats-server); the cluster tests need it";
            if (System.getenv("CI") != null) {
                fail(missing);
            }
            abort(missing);
        }
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        Path log = Files.createDirectories(Path.of("target", "nats")).resolve("nats-" + port + ".log");
        NatsServer server = new NatsServer(binary.get(), port, log, options);
        server.run();
        return server;
    }

    /** nats://127.0.0.1:PORT */
    public String url() {
        return "nats://127.0.0.1:" + port;
    }

    /** nats://USER:PASSWORD@127.0.0.1:PORT */
    public String url(String user, String password) {
        return "nats://" + user + ":" + password + "@127.0.0.1:" + port;
    }

    /** Stops the server at once, as a crash would: clients see their connection drop. */
    public void stop() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            fail("nats-server did not stop within 10 s");
        }
    }

    /** Starts the server again on the same port. */
    public void restart() throws IOException, InterruptedException {
        run();
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            stop();
        }
    }

    private void run() throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(binary.toString(), "-a", "127.0.0.1", "-p", Integer.toString(port)));
        command.addAll(options);
        process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                fail("nats-server stopped while starting; see " + log);
            }
            try (Socket probe = new Socket()) {
                probe.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                Thread.sleep(50);
            }
        }
        process.destroyForcibly();
        fail("nats-server did not listen on " + port + " within " + START_TIMEOUT + "; see " + log);
    }
}
