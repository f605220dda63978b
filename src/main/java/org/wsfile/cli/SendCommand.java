package org.wsfile.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.stream.Stream;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import org.wsfile.client.ConnectionLostException;
import org.wsfile.client.FileConnection;
import org.wsfile.client.FileHeader;
import org.wsfile.client.FileSink;
import org.wsfile.client.OutgoingFile;
import org.wsfile.client.Receipt;
import org.wsfile.client.RefusedException;
import org.wsfile.client.StreamConnection;
import org.wsfile.protocol.ErrorCode;
import org.wsfile.protocol.Sizes;

/** {@code wsfile send}: sends files and folders to a topic and reports who got them. */
@Command(name = "send", mixinStandardHelpOptions = true, versionProvider = WsfileCli.Version.class,
        description = {"Sends files to everyone subscribed to a topic, and waits for the server's receipts.",
                "A folder is sent as its files, named by their path from the folder on."})
final class SendCommand implements Callable<Integer> {
    @Mixin
    ConnectionOptions connection;

    @Option(names = {"-t", "--topic"}, required = true, paramLabel = "TOPIC", converter = TopicName.class,
            description = "The topic to send to.")
    String topic;

    @Parameters(paramLabel = "FILE", arity = "0..*", description = "Files or folders to send.")
    List<Path> files = new ArrayList<>();

    @Option(names = {"-f", "--file"}, paramLabel = "FILE", description = "A file or folder to send (may be repeated).")
    List<Path> fileOptions = new ArrayList<>();

    @Option(names = "--text", paramLabel = "TEXT",
            description = "A text to send (may be repeated; - reads it from standard input). Receivers that know texts"
                    + " show it; others get it as a file message-TIME.txt. At most 64 KiB unless the server allows more.")
    List<String> texts = new ArrayList<>();

    @Option(names = "--min-receivers", paramLabel = "N", defaultValue = "0",
            description = "Exit with code 5 unless every file reached at least N subscribers. Default: ${DEFAULT-VALUE}.")
    int minReceivers;

    @Option(names = "--receipt-timeout", paramLabel = "SECONDS", defaultValue = "120",
            description = "How long to wait for the receipts after the last byte is sent. Default: ${DEFAULT-VALUE}.")
    long receiptTimeout;

    @Spec
    CommandSpec spec;

    /** A file or text sent, and the exit code that what became of it calls for, once that has been printed. */
    private record Sent(String name, CompletableFuture<Integer> exit) {
    }

    @Override
    public Integer call() throws InterruptedException {
        List<OutgoingFile> outgoing = outgoingFiles();
        List<String> textsToSend = textsToSend();
        if (connection.legacy && minReceivers > 0) {
            throw new ParameterException(spec.commandLine(),
                    "--min-receivers cannot be checked with --legacy: the original protocol has no receipts");
        }
        if (connection.legacy && !textsToSend.isEmpty()) {
            throw new ParameterException(spec.commandLine(), "--text needs the streaming protocol: the original one has no texts");
        }
        PrintWriter err = spec.commandLine().getErr();
        ProgressDisplay display = ProgressDisplay.onStandardOutput(spec.commandLine().getOut());
        List<Sent> sent = new ArrayList<>();
        int exit = ExitCodes.OK;
        try (Link link = new Link(display)) {
            FileConnection server = link.server;
            OptionalLong limit = server.maxFileSize();
            for (String text : textsToSend) {
                String label = "text (" + Progress.bytes(text.getBytes(StandardCharsets.UTF_8).length) + ")";
                // Not --legacy (checked above), so the connection speaks the streaming protocol.
                CompletableFuture<Optional<Receipt>> result = ((StreamConnection) server).sendText(topic, text);
                sent.add(new Sent(label, result.handle((receipt, problem) -> outcome(label, "sent", receipt, problem, display))));
            }
            for (OutgoingFile file : outgoing) {
                if (limit.isPresent() && file.size() > limit.getAsLong()) {
                    display.println(file.name() + ": not sent: " + Progress.bytes(file.size())
                            + " is over the server's limit of " + Sizes.exact(limit.getAsLong()));
                    exit = ExitCodes.REFUSED;
                    continue;
                }
                ProgressDisplay.Task task = display.start(file.name(), file.size());
                CompletableFuture<Optional<Receipt>> result;
                try {
                    result = link.send(file, task, stillReceiving(file.name(), display));
                } catch (ConnectionLostException e) {
                    throw e;
                } catch (IOException e) {
                    task.finish(file.name() + ": not sent: " + e.getMessage());
                    exit = ExitCodes.REFUSED;
                    continue;
                }
                Progress progress = task.progress();
                task.dismiss();
                String summary = String.format("%s sent in %.1f s (%s/s)", Progress.bytes(file.size()),
                        progress.seconds(), Progress.bytes(Math.round(progress.speed())));
                // Said once the server has answered, so that a refused file is never first called sent.
                sent.add(new Sent(file.name(), result.handle((receipt, problem) -> outcome(file.name(), summary, receipt, problem,
                        display))));
            }
            return Math.max(exit, awaitOutcomes(sent, display));
        } catch (IOException e) {
            err.println("wsfile: " + e.getMessage());
            return ExitCodes.CONNECTION_FAILED;
        }
    }

    /** How long a sender whose connection dropped mid-file tries to get back and continue: the server's default wait. */
    private static final Duration RESUME_PATIENCE = Duration.ofMinutes(2);
    private static final Duration FIRST_RETRY = Duration.ofSeconds(1);
    private static final Duration LONGEST_RETRY = Duration.ofSeconds(30);

    /**
     * The connection files are sent on. If it drops mid-file, a new one is opened and the upload
     * continues where the server got to (or starts again if the server no longer keeps it); receipts
     * still to come on the old connection are lost with it.
     */
    private final class Link implements AutoCloseable {
        private final ProgressDisplay display;
        FileConnection server;

        Link(ProgressDisplay display) throws ConnectionLostException, InterruptedException {
            this.display = display;
            this.server = connect();
        }

        private FileConnection connect() throws ConnectionLostException, InterruptedException {
            return connection.connect(new NoFiles(), display::println);
        }

        CompletableFuture<Optional<Receipt>> send(OutgoingFile file, ProgressDisplay.Task task, Consumer<Receipt> meanwhile)
                throws IOException, InterruptedException {
            if (!(server instanceof StreamConnection)) {
                return server.send(topic, file, task::update, meanwhile);
            }
            String key = UUID.randomUUID().toString();
            boolean resuming = false;
            long giveUp = System.nanoTime() + RESUME_PATIENCE.toNanos();
            Duration retry = FIRST_RETRY;
            while (true) {
                try {
                    StreamConnection streaming = (StreamConnection) server;
                    if (!resuming) {
                        return streaming.upload(topic, file, key, task::update, meanwhile);
                    }
                    CompletableFuture<Optional<Receipt>> result = streaming.resumeUpload(file, key, task::update, meanwhile);
                    if (!notResumable(result)) {
                        return result;
                    }
                    display.println(file.name() + ": the server no longer keeps what it had of it; sending it again");
                    resuming = false;
                    key = UUID.randomUUID().toString();
                } catch (ConnectionLostException lost) {
                    if (System.nanoTime() - giveUp > 0) {
                        throw lost;
                    }
                    display.println(file.name() + ": " + lost.getMessage() + "; continuing on a new connection in "
                            + retry.toSeconds() + " s");
                    Thread.sleep(retry.toMillis());
                    retry = retry.multipliedBy(2).compareTo(LONGEST_RETRY) > 0 ? LONGEST_RETRY : retry.multipliedBy(2);
                    server.close();
                    try {
                        server = connect();
                        resuming = true;
                    } catch (ConnectionLostException again) {
                        display.println(file.name() + ": " + again.getMessage());
                    }
                }
            }
        }

        /** Whether the server refused to continue the upload as it no longer keeps it. */
        private boolean notResumable(CompletableFuture<Optional<Receipt>> result) {
            if (!result.isCompletedExceptionally()) {
                return false;
            }
            try {
                result.join();
                return false;
            } catch (CompletionException e) {
                return e.getCause() instanceof RefusedException refused
                        && refused.code().equals(ErrorCode.NOT_RESUMABLE.wireName());
            }
        }

        @Override
        public void close() {
            server.close();
        }
    }

    /** Prints what became of one file or text and returns the exit code it calls for. */
    private int outcome(String name, String summary, Optional<Receipt> receipt, Throwable problem,
                        ProgressDisplay display) {
        if (problem != null) {
            Throwable cause = problem instanceof CompletionException ? problem.getCause() : problem;
            if (cause instanceof RefusedException refusal) {
                display.println(name + ": refused: " + refusal.getMessage());
                return ExitCodes.REFUSED;
            }
            display.println(name + ": " + summary + ", but no receipt came: " + cause.getMessage());
            return ExitCodes.CONNECTION_FAILED;
        }
        if (receipt.isEmpty()) {
            display.println(name + ": " + summary);
            return ExitCodes.OK;
        }
        Receipt got = receipt.get();
        display.println(name + ": " + summary + ", received by " + got.completed() + " of " + got.offered() + " subscribers"
                + (got.failed().isEmpty() ? "" : "; not by others: " + String.join("; ", got.failed())));
        return got.completed() < minReceivers ? ExitCodes.PARTIAL_DELIVERY : ExitCodes.OK;
    }

    /**
     * Says how a file fares while subscribers that fell behind are still receiving it after its last
     * byte was sent, whenever that changes: the final count comes with the receipt.
     */
    private static Consumer<Receipt> stillReceiving(String name, ProgressDisplay display) {
        AtomicReference<Receipt> said = new AtomicReference<>();
        return sofar -> {
            if (!sofar.equals(said.getAndSet(sofar))) {
                display.println(name + ": received by " + sofar.completed() + " of " + sofar.offered() + " so far, "
                        + sofar.receiving() + " still receiving");
            }
        };
    }

    /** Waits for what became of every file, up to the receipt timeout, and returns the exit code they call for. */
    private int awaitOutcomes(List<Sent> sent, ProgressDisplay display) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(receiptTimeout);
        int exit = ExitCodes.OK;
        for (Sent file : sent) {
            try {
                exit = Math.max(exit, file.exit().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS));
            } catch (ExecutionException e) {
                throw new IllegalStateException("printing the outcome of " + file.name() + " failed", e.getCause());
            } catch (TimeoutException e) {
                display.println(file.name() + ": sent, but no receipt within " + receiptTimeout + " s");
                exit = Math.max(exit, ExitCodes.PARTIAL_DELIVERY);
            }
        }
        return exit;
    }

    /** The texts to send, {@code -} read from standard input. */
    private List<String> textsToSend() {
        List<String> read = new ArrayList<>();
        for (String text : texts) {
            if (text.equals("-")) {
                try {
                    read.add(new String(System.in.readAllBytes(), StandardCharsets.UTF_8));
                } catch (IOException e) {
                    throw new ParameterException(spec.commandLine(), "cannot read the text from standard input: " + e.getMessage());
                }
            } else {
                read.add(text);
            }
        }
        return read;
    }

    /** The files to send, folders expanded into their files, in a stable order. */
    private List<OutgoingFile> outgoingFiles() {
        List<Path> given = new ArrayList<>(files);
        given.addAll(fileOptions);
        if (given.isEmpty() && texts.isEmpty()) {
            throw new ParameterException(spec.commandLine(), "nothing to send: name at least one file or folder, or give --text");
        }
        List<OutgoingFile> outgoing = new ArrayList<>();
        try {
            for (Path path : given) {
                if (Files.isDirectory(path)) {
                    Path base = path.toAbsolutePath().normalize();
                    Path parent = base.getParent() == null ? base : base.getParent();
                    try (Stream<Path> tree = Files.walk(base)) {
                        for (Path file : tree.filter(Files::isRegularFile).sorted().toList()) {
                            outgoing.add(OutgoingFile.of(file, nameOf(parent.relativize(file))));
                        }
                    }
                } else if (Files.isRegularFile(path)) {
                    outgoing.add(OutgoingFile.of(path, path.getFileName().toString()));
                } else {
                    throw new ParameterException(spec.commandLine(), "no such file or folder: " + path);
                }
            }
        } catch (IOException e) {
            throw new ParameterException(spec.commandLine(), "cannot read " + e.getMessage());
        }
        if (outgoing.isEmpty() && !given.isEmpty()) {
            throw new ParameterException(spec.commandLine(), "no files to send: the folders given are empty");
        }
        return outgoing;
    }

    /** A relative path as a name, with / between folders whatever the system's separator. */
    private static String nameOf(Path relative) {
        List<String> parts = new ArrayList<>();
        relative.forEach(part -> parts.add(part.toString()));
        return String.join("/", parts);
    }

    /** A sender subscribes to nothing, so nothing arrives. */
    private static final class NoFiles implements FileSink {
        @Override
        public void begin(long id, FileHeader header) {
        }

        @Override
        public void data(long id, ByteBuffer bytes) {
        }

        @Override
        public Optional<String> end(long id, Optional<String> sha256) {
            return Optional.of("this client only sends");
        }

        @Override
        public void abort(long id, String reason) {
        }
    }
}
