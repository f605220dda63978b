package org.wsfile.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * An application server unpacked from its distribution and run as its own process, bound to
 * 127.0.0.1, with target/wsfile.war deployed unchanged; for the portability tests.
 */
public final class ExternalServer implements AutoCloseable {
    private static final Path WAR = Path.of("target", "wsfile.war");
    private static final Duration START_TIMEOUT = Duration.ofMinutes(3);

    private final String name;
    private final Process process;
    private final URI base;
    private final Path log;

    private ExternalServer(String name, Process process, URI base, Path log) {
        this.name = name;
        this.process = process;
        this.base = base;
        this.log = log;
    }

    /** WildFly from its home folder, every listener on 127.0.0.1, HTTP on 8080 + {@code portOffset}. */
    public static ExternalServer wildFly(Path home, int portOffset) throws IOException, InterruptedException {
        Files.copy(WAR, home.resolve("standalone/deployments/wsfile.war"), StandardCopyOption.REPLACE_EXISTING);
        return start("WildFly", home, List.of("bin/standalone.sh", "-b", "127.0.0.1", "-bmanagement", "127.0.0.1",
                "-Djboss.socket.binding.port-offset=" + portOffset), 8080 + portOffset);
    }

    /** TomEE from its home folder, its HTTP connector moved to 127.0.0.1:{@code port}, its shutdown port off. */
    public static ExternalServer tomEE(Path home, int port) throws IOException, InterruptedException {
        Path serverXml = home.resolve("conf/server.xml");
        Files.writeString(serverXml, Files.readString(serverXml)
                .replace("<Server port=\"8005\"", "<Server port=\"-1\"")
                .replace("<Connector port=\"8080\"", "<Connector address=\"127.0.0.1\" port=\"" + port + "\""));
        // Tomcat would run the folder it unpacked from an earlier WAR rather than the new WAR.
        TestFiles.deleteTree(home.resolve("webapps/wsfile"));
        Files.copy(WAR, home.resolve("webapps/wsfile.war"), StandardCopyOption.REPLACE_EXISTING);
        return start("TomEE", home, List.of("bin/catalina.sh", "run"), port);
    }

    /**
     * Payara Micro from its jar, as {@code mvn -Prun} starts it (its pre-boot commands and
     * logging from src/main/payara), with HTTP on 127.0.0.1:{@code port}.
     */
    public static ExternalServer payaraMicro(Path jar, int port) throws IOException, InterruptedException {
        return payaraMicro(jar, port, "PayaraMicro", List.of());
    }

    /**
     * Payara Micro as {@link #payaraMicro(Path, int)} starts it, named {@code name} in its log's
     * file name, with these JVM options (wsfile's settings as {@code -Dwsfile...=...}).
     */
    public static ExternalServer payaraMicro(Path jar, int port, String name, List<String> jvmOptions)
            throws IOException, InterruptedException {
        Path settings = Files.createDirectories(Path.of("target", "portability", "payara-micro"));
        Path preboot = Files.writeString(settings.resolve("preboot.txt"),
                Files.readString(Path.of("src", "main", "payara", "preboot.txt")).replace("${wsfile.address}", "127.0.0.1"));
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m"));
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", jar.toAbsolutePath().toString(),
                "--deploy", WAR.toAbsolutePath().toString(), "--contextroot", "wsfile", "--port", Integer.toString(port),
                "--nohazelcast", "--prebootcommandfile", preboot.toAbsolutePath().toString(),
                "--logproperties", Path.of("src", "main", "payara", "logging.properties").toAbsolutePath().toString()));
        return start(name, settings, command, port);
    }

    private static ExternalServer start(String name, Path home, List<String> command, int port)
            throws IOException, InterruptedException {
        // Unpacking drops the scripts' executable bits.
        if (Files.isDirectory(home.resolve("bin"))) {
            try (var scripts = Files.list(home.resolve("bin"))) {
                scripts.filter(script -> script.toString().endsWith(".sh")).forEach(script -> script.toFile().setExecutable(true));
            }
        }
        Path log = Files.createDirectories(Path.of("target", "portability-logs")).resolve(name + ".log");
        ProcessBuilder builder = new ProcessBuilder(command).directory(home.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("JAVA_OPTS", "-Xmx512m");
        ExternalServer server = new ExternalServer(name, builder.start(), URI.create("http://127.0.0.1:" + port + "/wsfile/"), log);
        server.awaitPage();
        return server;
    }

    /** http://127.0.0.1:PORT/wsfile/ */
    public URI base() {
        return base;
    }

    /** The WebSocket endpoint. */
    public URI endpoint() {
        return URI.create(base.toString().replaceFirst("^http", "ws") + "ws");
    }

    /** Fetches a page of the application; returns its status and body. */
    public HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private void awaitPage() throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new AssertionError(name + " stopped while starting; see " + log);
            }
            try {
                if (get("").statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(500);
        }
        close();
        throw new AssertionError(name + " did not serve " + base + " within " + START_TIMEOUT + "; see " + log);
    }

    /** The server's console output so far. */
    public String log() throws IOException {
        return Files.readString(log);
    }

    /** Stops the server as Ctrl+C in its terminal would: SIGINT, then waits for it to end. */
    public void interrupt() throws IOException, InterruptedException {
        if (ignoresSigint()) {
            // A shell without job control starts background commands so, and the JVM then keeps ignoring it.
            throw new AssertionError(name + " ignores SIGINT, as it inherited: run the tests in the foreground,"
                    + " or from a shell with job control (set -m)");
        }
        signal("INT");
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            // The JVM prints every thread's stack to its console (the log) on SIGQUIT: what the stop waits for.
            signal("QUIT");
            Thread.sleep(2000);
            throw new AssertionError(name + " did not stop within 60 s of SIGINT; see " + log + ", which ends with its threads");
        }
    }

    private void signal(String name) throws IOException, InterruptedException {
        new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).inheritIO().start().waitFor(10, TimeUnit.SECONDS);
    }

    /** Whether the server's process ignores SIGINT (Linux: bit 1 of the SigIgn mask in /proc/PID/status). */
    private boolean ignoresSigint() throws IOException {
        String ignored = Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status")).stream()
                .filter(line -> line.startsWith("SigIgn:")).findFirst().orElseThrow().substring("SigIgn:".length()).trim();
        return (Long.parseUnsignedLong(ignored, 16) & (1L << 1)) != 0;
    }

    /** Kills the server at once, as a crash or a pulled plug would: no goodbye to anyone. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new AssertionError(name + " did not die within 30 s of SIGKILL");
        }
    }

    /** Stops the server and everything it started. */
    @Override
    public void close() throws InterruptedException {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
    }
}
