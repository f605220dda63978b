package org.wsfile.bench;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.wsfile.testing.StreamClient;

/**
 * Measures relay throughput of a running wsfile server over the streaming protocol: one sender,
 * N receivers on loopback, every file's SHA-256 verified by every receiver. Prints a Markdown
 * table with MB/s (1 MB = 10^6 bytes) and the server's peak resident memory.
 * <p>
 * Run it with {@code bench/run.sh}, which builds the WAR, starts it and passes the arguments:
 * {@code ws://127.0.0.1:PORT/wsfile/ws SERVER_PID [quick]}.
 */
public final class RelayBenchmark {
    private static final Duration WAIT = Duration.ofMinutes(10);

    private record Scenario(String label, long fileSize, int files, int receivers) {
    }

    private RelayBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        URI endpoint = URI.create(args[0]);
        long serverPid = Long.parseLong(args[1]);
        boolean quick = args.length > 2 && args[2].equals("quick");
        List<Scenario> scenarios = new ArrayList<>(List.of(
                new Scenario("1 MB → 1", 1_000_000, 20, 1),
                new Scenario("1 MB → 10", 1_000_000, 20, 10),
                new Scenario("100 MB → 1", 100_000_000, 1, 1),
                new Scenario("100 MB → 10", 100_000_000, 1, 10),
                new Scenario("10 KB × 1000 → 10", 10_000, 1000, 10)));
        if (!quick) {
            scenarios.add(new Scenario("1 GB → 1", 1_000_000_000, 1, 1));
            scenarios.add(new Scenario("1 GB → 10", 1_000_000_000, 1, 10));
            scenarios.add(new Scenario("2 GB → 10", 2_000_000_000, 1, 10));
        }
        // A fresh server runs its first files in the interpreter; warm the relay path up unreported.
        for (Scenario warmUp : List.of(new Scenario("warm-up", 10_000, 2000, 2), new Scenario("warm-up", 50_000_000, 4, 2))) {
            run(endpoint, warmUp);
        }
        System.out.println("| scenario | files/s | MB/s sent | MB/s delivered (all receivers) | server peak RSS |");
        System.out.println("| --- | ---: | ---: | ---: | ---: |");
        for (Scenario scenario : scenarios) {
            double seconds = run(endpoint, scenario);
            double megabytes = (double) scenario.fileSize() * scenario.files() / 1e6;
            System.out.printf(Locale.ROOT, "| %s | %.0f | %.0f | %.0f | %s |%n", scenario.label(),
                    scenario.files() / seconds, megabytes / seconds, megabytes * scenario.receivers() / seconds,
                    peakRss(serverPid));
        }
    }

    /** Runs a scenario and checks every file and receipt; returns the seconds it took. */
    private static double run(URI endpoint, Scenario scenario) throws Exception {
        String topic = "bench-" + System.nanoTime();
        List<StreamClient> receivers = new ArrayList<>();
        try (StreamClient sender = StreamClient.connect(endpoint)) {
            for (int i = 0; i < scenario.receivers(); i++) {
                StreamClient receiver = StreamClient.connect(endpoint);
                receivers.add(receiver);
                receiver.subscribe(topic);
            }
            long start = System.nanoTime();
            List<StreamClient.Sent> sent = new ArrayList<>();
            for (int i = 0; i < scenario.files(); i++) {
                // A few seeds give distinct contents without the client holding a pattern per file.
                sent.add(sender.send(topic, "file-" + i, scenario.fileSize(), i % 8));
            }
            sender.poll(Duration.ZERO).ifPresent(refusal -> {
                throw new AssertionError(scenario.label() + ": the server refused a file: " + refusal);
            });
            for (StreamClient receiver : receivers) {
                for (StreamClient.Sent file : sent) {
                    StreamClient.Received received = receiver.nextFile(WAIT);
                    if (!received.sha256().equals(file.sha256())) {
                        throw new AssertionError(scenario.label() + ": " + received.name() + " arrived corrupt");
                    }
                }
            }
            for (StreamClient.Sent file : sent) {
                StreamClient.Receipt receipt = file.awaitReceipt(WAIT);
                if (receipt.completed() != scenario.receivers()) {
                    throw new AssertionError(scenario.label() + ": receipt " + receipt);
                }
            }
            return (System.nanoTime() - start) / 1e9;
        } finally {
            receivers.forEach(StreamClient::close);
        }
    }

    /** The server's peak resident set size so far, from Linux's /proc. */
    private static String peakRss(long pid) throws IOException {
        return Files.readAllLines(Path.of("/proc", Long.toString(pid), "status")).stream()
                .filter(line -> line.startsWith("VmHWM:"))
                .map(line -> Long.parseLong(line.replaceAll("\\D", "")) / 1024 + " MiB")
                .findFirst().orElse("?");
    }
}
