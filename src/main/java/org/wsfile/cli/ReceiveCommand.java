package org.wsfile.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import org.wsfile.client.ConnectionLostException;
import org.wsfile.client.DownloadFolder;
import org.wsfile.client.FileConnection;
import org.wsfile.client.FileHeader;
import org.wsfile.client.FileSink;
import org.wsfile.client.RefusedException;
import org.wsfile.client.StreamConnection;
import org.wsfile.client.TextSink;
import org.wsfile.protocol.Units;
import org.wsfile.protocol.stream.HistoryRequest;

/** {@code wsfile receive}: saves the files sent to one or more topics, whole and verified. */
@Command(name = "receive", mixinStandardHelpOptions = true, versionProvider = WsfileCli.Version.class,
        description = {"Subscribes to topics and saves every file sent to them.",
                "A file is written to a hidden .part file first and takes its name only when all of it has "
                        + "arrived and its SHA-256 matches; an existing file is never overwritten (name (1).ext). "
                        + "A lost connection is re-opened, waiting longer each time."})
final class ReceiveCommand implements Callable<Integer> {
    private static final Duration FIRST_RETRY = Duration.ofSeconds(1);
    private static final Duration LONGEST_RETRY = Duration.ofSeconds(30);
    /** Control characters but line breaks and tabs: escape sequences in a text must not reach the terminal. */
    private static final Pattern TERMINAL_CONTROLS = Pattern.compile("[\\p{Cntrl}\\u0080-\\u009f&&[^\\n\\t]]");

    @Mixin
    ConnectionOptions connection;

    @Option(names = {"-t", "--topic"}, required = true, split = ",", paramLabel = "TOPIC", converter = TopicName.class,
            description = "A topic to receive from (may be repeated, or several separated by commas).")
    List<String> topics = new ArrayList<>();

    @Option(names = {"-o", "--output"}, paramLabel = "DIR", defaultValue = ".",
            description = "The folder to save files in. Default: the current folder.")
    Path output;

    @Option(names = {"-n", "--count"}, paramLabel = "N", description = "Stop after N files (texts count too).")
    Integer count;

    @Option(names = "--once", description = "Stop after one file or text (as --count 1).")
    boolean once;

    @Option(names = "--last", paramLabel = "N",
            description = "First get the last N files the server kept of each topic (if it keeps a history).")
    Integer last;

    @Option(names = "--since", paramLabel = "DURATION",
            description = "First get the files the server kept of each topic from the last DURATION (2h, 30m, 1d).")
    String since;

    @Option(names = "--text-to", paramLabel = "FILE",
            description = "Also append each text received to FILE (texts are always printed).")
    Path textFile;

    @Option(names = "--exec", paramLabel = "COMMAND",
            description = "Run COMMAND for each file saved, with the file's path as its last argument "
                    + "(through sh -c on Unix, so 'lp -d office' works; on Windows the program is run directly, without cmd.exe).")
    String exec;

    @Spec
    CommandSpec spec;

    /** Files saved and texts received so far. */
    private final AtomicInteger received = new AtomicInteger();
    private final CompletableFuture<Void> enough = new CompletableFuture<>();
    private final ExecutorService commands = Executors.newSingleThreadExecutor();

    @Override
    public Integer call() throws InterruptedException {
        int wanted = once ? 1 : count == null ? Integer.MAX_VALUE : count;
        if (wanted < 1) {
            throw new ParameterException(spec.commandLine(), "--count must be at least 1");
        }
        Optional<HistoryRequest> history = historyRequest();
        PrintWriter err = spec.commandLine().getErr();
        ProgressDisplay display = ProgressDisplay.onStandardOutput(spec.commandLine().getOut());
        DownloadFolder folder;
        try {
            folder = new DownloadFolder(output, file -> saved(file, wanted, display), display::println);
        } catch (IOException e) {
            err.println("wsfile: cannot use " + output + " as the output folder: " + e.getMessage());
            return ExitCodes.USAGE;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(folder::abortAll));
        try {
            return receive(new TextSink(new ShownProgress(folder, display), text -> printed(text, wanted, display)), folder,
                    history, display, err);
        } finally {
            folder.abortAll();
            commands.shutdown();
            commands.awaitTermination(1, TimeUnit.HOURS);
        }
    }

    private int receive(FileSink sink, DownloadFolder folder, Optional<HistoryRequest> history, ProgressDisplay display,
                        PrintWriter err) throws InterruptedException {
        Duration retry = FIRST_RETRY;
        boolean everConnected = false;
        while (true) {
            try (FileConnection server = connection.connect(sink, display::println)) {
                for (String topic : topics) {
                    if (history.isPresent()) {
                        // Not --legacy (checked first), so the connection speaks the streaming protocol.
                        ((StreamConnection) server).subscribe(topic, history);
                    } else {
                        server.subscribe(topic);
                    }
                }
                // History is asked for once: after a reconnection only new files are wanted, and the rest of
                // those the lost connection cut off.
                history = Optional.empty();
                if (server instanceof StreamConnection streaming) {
                    folder.resumable().forEach((key, offset) -> resume(streaming, folder, key, offset, display));
                }
                everConnected = true;
                retry = FIRST_RETRY;
                display.println("receiving files sent to " + String.join(", ", topics) + " into " + output.toAbsolutePath()
                        + (connection.legacy ? " (original protocol)" : ""));
                CompletableFuture.anyOf(enough, server.closed()).get();
                if (enough.isDone()) {
                    return ExitCodes.OK;
                }
                display.println("connection lost: " + server.closed().join());
            } catch (ConnectionLostException e) {
                if (!everConnected) {
                    err.println("wsfile: " + e.getMessage());
                    return ExitCodes.CONNECTION_FAILED;
                }
                display.println("connection lost: " + e.getMessage());
            } catch (RefusedException e) {
                err.println("wsfile: the server refused: " + e.getMessage());
                return ExitCodes.REFUSED;
            } catch (IOException | ExecutionException e) {
                err.println("wsfile: " + e.getMessage());
                return ExitCodes.CONNECTION_FAILED;
            }
            display.println("reconnecting in " + retry.toSeconds() + " s");
            Thread.sleep(retry.toMillis());
            retry = retry.multipliedBy(2).compareTo(LONGEST_RETRY) > 0 ? LONGEST_RETRY : retry.multipliedBy(2);
        }
    }

    /**
     * Asks for the rest of a file the last connection was cut off from; if the server no longer holds
     * it, what arrived is deleted. Should this connection be lost too, the next one asks again.
     */
    private static void resume(StreamConnection server, DownloadFolder folder, String key, long offset,
                               ProgressDisplay display) {
        String name = folder.nameOf(key).orElse(key);
        display.println(name + ": resuming from " + Progress.bytes(offset));
        try {
            server.resume(key, offset).whenComplete((started, problem) -> {
                if (problem instanceof RefusedException refused) {
                    folder.forget(key);
                    display.println(name + ": cannot be resumed (" + refused.getMessage() + "); what arrived of it was deleted");
                }
            });
        } catch (ConnectionLostException e) {
            // asked again on the next connection
        }
    }

    /** What --last or --since ask of each topic's history, if either is given. */
    private Optional<HistoryRequest> historyRequest() {
        if (last != null && since != null) {
            throw new ParameterException(spec.commandLine(), "give --last or --since, not both");
        }
        if ((last != null || since != null) && connection.legacy) {
            throw new ParameterException(spec.commandLine(), "--last and --since need the streaming protocol:"
                    + " the original one has no history");
        }
        if (last != null) {
            if (last < 1) {
                throw new ParameterException(spec.commandLine(), "--last must be at least 1");
            }
            return Optional.of(new HistoryRequest.Last(last));
        }
        if (since != null) {
            try {
                return Optional.of(new HistoryRequest.Since(Instant.now().minus(Units.parseDuration(since))));
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), "--since: " + e.getMessage());
            }
        }
        return Optional.empty();
    }

    private void saved(DownloadFolder.Saved file, int wanted, ProgressDisplay display) {
        String topic = file.header().topic().isEmpty() ? "" : " from " + file.header().topic();
        display.println("saved " + file.path() + " (" + Progress.bytes(file.size()) + ")" + topic);
        if (exec != null) {
            commands.execute(() -> run(file.path(), display));
        }
        countOne(wanted);
    }

    /** Prints a text (its control characters made visible, so that it cannot drive the terminal) and appends it to --text-to. */
    private void printed(TextSink.ReceivedText text, int wanted, ProgressDisplay display) {
        display.println("text from " + text.topic() + ":");
        display.println(TERMINAL_CONTROLS.matcher(text.text().replace("\r\n", "\n")).replaceAll("\uFFFD"));
        if (textFile != null) {
            try {
                Files.writeString(textFile, text.text() + System.lineSeparator(), StandardCharsets.UTF_8,
                        StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            } catch (IOException e) {
                display.println("the text could not be appended to " + textFile + ": " + e.getMessage());
            }
        }
        countOne(wanted);
    }

    private void countOne(int wanted) {
        if (received.incrementAndGet() >= wanted) {
            enough.complete(null);
        }
    }

    /** Runs --exec for a saved file; the path is passed as an argument, never as part of the command text. */
    private void run(Path file, ProgressDisplay display) {
        Optional<List<String>> command = ExecCommand.forFile(exec, file, ExecCommand.onWindows());
        if (command.isEmpty()) {
            display.println("--exec not run for " + file + ": a name with % cannot be passed safely to a batch file");
            return;
        }
        try {
            int status = new ProcessBuilder(command.get()).inheritIO().start().waitFor();
            if (status != 0) {
                display.println("--exec exited with " + status + " for " + file);
            }
        } catch (IOException e) {
            display.println("--exec could not run: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Shows each arriving file's progress, and hands it on to the folder. */
    private static final class ShownProgress implements FileSink {
        private final FileSink folder;
        private final ProgressDisplay display;
        private final Map<Long, Shown> shown = new HashMap<>();

        private record Shown(String name, ProgressDisplay.Task task) {
        }

        ShownProgress(FileSink folder, ProgressDisplay display) {
            this.folder = folder;
            this.display = display;
        }

        @Override
        public void begin(long id, FileHeader header) {
            ProgressDisplay.Task task = display.start(header.name(), header.size());
            task.update(header.offset());
            shown.put(id, new Shown(header.name(), task));
            folder.begin(id, header);
        }

        @Override
        public void data(long id, ByteBuffer bytes) {
            Shown file = shown.get(id);
            long length = bytes.remaining();
            folder.data(id, bytes);
            if (file != null) {
                file.task().update(file.task().progress().done() + length);
            }
        }

        @Override
        public Optional<String> end(long id, Optional<String> sha256) {
            Shown file = shown.remove(id);
            if (file != null) {
                file.task().dismiss();
            }
            Optional<String> problem = folder.end(id, sha256);
            if (file != null && problem.isPresent()) {
                display.println(file.name() + ": not kept: " + problem.get());
            }
            return problem;
        }

        @Override
        public void abort(long id, String reason) {
            folder.abort(id, reason);
            Shown file = shown.remove(id);
            if (file != null) {
                file.task().finish(file.name() + ": aborted (" + reason + "); nothing of it was kept");
            }
        }

        @Override
        public void cut(long id, String reason) {
            folder.cut(id, reason);
            Shown file = shown.remove(id);
            if (file != null) {
                file.task().finish(file.name() + ": cut off at " + Progress.bytes(file.task().progress().done())
                        + " (" + reason + ")");
            }
        }
    }
}
