package org.wsfile.bench;

import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.wsfile.client.FileHeader;
import org.wsfile.client.FileSink;
import org.wsfile.client.OutgoingFile;
import org.wsfile.client.Receipt;
import org.wsfile.client.StreamConnection;
import org.wsfile.protocol.Sha256;
import org.wsfile.testing.TestFiles;

/**
 * Measures relay throughput of a running wsfile server with wsfile's own client (the one the
 * command line uses): one sender, N receivers on loopback, every file's SHA-256 verified by every
 * receiver and every receipt checked. Prints a Markdown table with MB/s (1 MB = 10^6 bytes) and
 * the server's peak resident memory.
 * <p>
 * Run it with {@code bench/run.sh}, which builds the WAR, starts it and passes the arguments:
 * {@code ws://127.0.0.1:PORT/wsfile/ws SERVER_PID FILES_DIR [quick]}.
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
        Path filesDir = Files.createDirectories(Path.of(args[2]));
        boolean quick = args.length > 3 && args[3].equals("quick");
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
            run(endpoint, warmUp, filesDir);
        }
        System.out.println("| scenario | files/s | MB/s sent | MB/s delivered (all receivers) | server peak RSS |");
        System.out.println("| --- | ---: | ---: | ---: | ---: |");
        for (Scenario scenario : scenarios) {
            double seconds = run(endpoint, scenario, filesDir);
            double megabytes = (double) scenario.fileSize() * scenario.files() / 1e6;
            System.out.printf(Locale.ROOT, "| %s | %.0f | %.0f | %.0f | %s |%n", scenario.label(),
                    scenario.files() / seconds, megabytes / seconds, megabytes * scenario.receivers() / seconds,
                    peakRss(serverPid));
        }
        System.out.println();
        System.out.println(latency(endpoint, filesDir));
    }

    /**
     * Latency on an otherwise idle server: 10 KB files to 10 receivers one at a time, each timed from
     * the moment the sender starts sending it to the moment the last receiver has it whole.
     */
    private static String latency(URI endpoint, Path filesDir) throws Exception {
        int receivers = 10;
        int files = 200;
        String topic = "latency-" + System.nanoTime();
        OutgoingFile file = new OutgoingFile(content(filesDir, 10_000), "file.bin", "application/octet-stream", 10_000);
        AtomicReference<CountDownLatch> current = new AtomicReference<>(new CountDownLatch(0));
        AtomicInteger corrupt = new AtomicInteger();
        List<StreamConnection> connections = new ArrayList<>();
        long[] millis = new long[files];
        try (StreamConnection sender = StreamConnection.connect(endpoint, new HashingReceiver(() -> { }, corrupt),
                RelayBenchmark::notice)) {
            for (int i = 0; i < receivers; i++) {
                StreamConnection receiver = StreamConnection.connect(endpoint,
                        new HashingReceiver(() -> current.get().countDown(), corrupt), RelayBenchmark::notice);
                connections.add(receiver);
                receiver.subscribe(topic);
            }
            for (int i = 0; i < files; i++) {
                CountDownLatch arrived = new CountDownLatch(receivers);
                current.set(arrived);
                long start = System.nanoTime();
                sender.send(topic, file, sent -> { });
                if (!arrived.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                    throw new AssertionError("latency: file " + i + " did not reach every receiver within " + WAIT);
                }
                millis[i] = (System.nanoTime() - start) / 1_000_000;
            }
        } finally {
            connections.forEach(StreamConnection::close);
        }
        if (corrupt.get() > 0) {
            throw new AssertionError("latency: " + corrupt.get() + " files arrived corrupt");
        }
        Arrays.sort(millis);
        return String.format(Locale.ROOT, "10 KB → 10, one file at a time (%d files), from sending to the last receiver"
                + " having it whole: median %d ms, p99 %d ms, slowest %d ms", files, millis[files / 2],
                millis[files * 99 / 100 - 1], millis[files - 1]);
    }

    /** Runs a scenario and checks every file and receipt; returns the seconds it took. */
    private static double run(URI endpoint, Scenario scenario, Path filesDir) throws Exception {
        String topic = "bench-" + System.nanoTime();
        OutgoingFile file = new OutgoingFile(content(filesDir, scenario.fileSize()), "file.bin", "application/octet-stream",
                scenario.fileSize());
        CountDownLatch arrived = new CountDownLatch(scenario.files() * scenario.receivers());
        AtomicInteger corrupt = new AtomicInteger();
        List<StreamConnection> connections = new ArrayList<>();
        try (StreamConnection sender = StreamConnection.connect(endpoint, new HashingReceiver(arrived::countDown, corrupt),
                RelayBenchmark::notice)) {
            for (int i = 0; i < scenario.receivers(); i++) {
                StreamConnection receiver = StreamConnection.connect(endpoint, new HashingReceiver(arrived::countDown, corrupt),
                        RelayBenchmark::notice);
                connections.add(receiver);
                receiver.subscribe(topic);
            }
            long start = System.nanoTime();
            List<CompletableFuture<Optional<Receipt>>> receipts = new ArrayList<>();
            for (int i = 0; i < scenario.files(); i++) {
                receipts.add(sender.send(topic, file, sent -> { }));
            }
            if (!arrived.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError(scenario.label() + ": not every file arrived within " + WAIT);
            }
            for (CompletableFuture<Optional<Receipt>> receipt : receipts) {
                Receipt got = receipt.get(WAIT.toMillis(), TimeUnit.MILLISECONDS).orElseThrow();
                if (got.completed() != scenario.receivers()) {
                    throw new AssertionError(scenario.label() + ": receipt " + got);
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            if (corrupt.get() > 0) {
                throw new AssertionError(scenario.label() + ": " + corrupt.get() + " files arrived corrupt");
            }
            return seconds;
        } finally {
            connections.forEach(StreamConnection::close);
        }
    }

    /** A receiver that hashes every file as it arrives and compares the checksum, keeping nothing. */
    private static final class HashingReceiver implements FileSink {
        private final Runnable arrived;
        private final AtomicInteger corrupt;
        private final Map<Long, MessageDigest> digests = new HashMap<>();

        /** @param arrived told of each file that arrived whole or corrupt */
        HashingReceiver(Runnable arrived, AtomicInteger corrupt) {
            this.arrived = arrived;
            this.corrupt = corrupt;
        }

        @Override
        public void begin(long id, FileHeader header) {
            digests.put(id, Sha256.digest());
        }

        @Override
        public void data(long id, ByteBuffer bytes) {
            digests.get(id).update(bytes);
        }

        @Override
        public Optional<String> end(long id, Optional<String> sha256) {
            boolean whole = Sha256.hex(digests.remove(id)).equals(sha256.orElseThrow());
            if (!whole) {
                corrupt.incrementAndGet();
            }
            arrived.run();
            return whole ? Optional.empty() : Optional.of("checksum mismatch");
        }

        @Override
        public void abort(long id, String reason) {
            throw new AssertionError("a transfer was aborted: " + reason);
        }
    }

    /** A file of pseudo-random bytes of this size, made once and kept for later runs. */
    private static Path content(Path dir, long size) throws IOException {
        Path file = dir.resolve(size + ".bin");
        return Files.exists(file) && Files.size(file) == size ? file : TestFiles.random(file, size, size);
    }

    private static void notice(String notice) {
        System.err.println(notice);
    }

    /** The server's peak resident set size so far, from Linux's /proc. */
    private static String peakRss(long pid) throws IOException {
        return Files.readAllLines(Path.of("/proc", Long.toString(pid), "status")).stream()
                .filter(line -> line.startsWith("VmHWM:"))
                .map(line -> Long.parseLong(line.replaceAll("\\D", "")) / 1024 + " MiB")
                .findFirst().orElse("?");
    }
}
