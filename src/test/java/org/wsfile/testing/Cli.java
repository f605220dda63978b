package org.wsfile.testing;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Runs target/wsfile-cli.jar as users do, {@code java -jar wsfile-cli.jar …}, in a JVM of its own
 * with a small heap (so a client that held files in memory would fail), and collects its output.
 */
public final class Cli implements AutoCloseable {
    private static final Path JAR = Path.of("target", "wsfile-cli.jar");
    private static final String HEAP = "-Xmx64m";

    private final Process process;
    private final Thread reader;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final List<String> output = new ArrayList<>();

    private Cli(Process process) {
        this.process = process;
        this.reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    lines.add(line);
                }
            } catch (IOException e) {
                lines.add("(output could not be read: " + e.getMessage() + ")");
            }
        });
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts the command line with these arguments; its standard error is merged into its output. */
    public static Cli start(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(javaBinary(), HEAP, "-jar", JAR.toString()));
        command.addAll(List.of(args));
        return new Cli(new ProcessBuilder(command).redirectErrorStream(true).start());
    }

    /** Runs the command line to its end with {@code input} on its standard input. */
    public static Result runWithInput(Duration timeout, String input, String... args) throws IOException, InterruptedException {
        try (Cli cli = start(args)) {
            try (var stdin = cli.process.getOutputStream()) {
                stdin.write(input.getBytes(StandardCharsets.UTF_8));
            }
            return cli.await(timeout);
        }
    }

    /** Runs the command line to its end and returns its exit code. */
    public static Result run(Duration timeout, String... args) throws IOException, InterruptedException {
        try (Cli cli = start(args)) {
            return cli.await(timeout);
        }
    }

    /** An ended run: its exit code and every line it wrote. */
    public record Result(int exitCode, List<String> output) {
        public String text() {
            return String.join("\n", output);
        }
    }

    /** Waits for a line containing {@code text}; fails with the output so far if none comes in time. */
    public String awaitLine(String text, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            String line = lines.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (line != null) {
                output.add(line);
                if (line.contains(text)) {
                    return line;
                }
            }
        }
        throw new AssertionError("no line with \"" + text + "\" within " + timeout + "; output:\n" + String.join("\n", output));
    }

    /** Waits for the process to end. */
    public Result await(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            lines.drainTo(output);
            throw new AssertionError("the command did not end within " + timeout + "; output:\n" + String.join("\n", output));
        }
        reader.join(TimeUnit.SECONDS.toMillis(10));
        lines.drainTo(output);
        return new Result(process.exitValue(), List.copyOf(output));
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString() + (File.separatorChar == '\\' ? ".exe" : "");
    }
}
