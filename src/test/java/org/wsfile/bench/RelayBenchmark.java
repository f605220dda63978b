package org.wsfile.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.wsfile.client.FileSink;
import org.wsfile.client.OutgoingFile;
import org.wsfile.client.Receipt;
import org.wsfile.client.StreamConnection;
import org.wsfile.protocol.stream.HistoryRequest;
import org.wsfile.testing.HashingSink;
import org.wsfile.testing.StatusPage;
import org.wsfile.testing.TestFiles;

/**
 * Measures relay throughput of a running wsfile server with wsfile's own client (the one the
 * command line uses): one sender, N receivers on loopback, every file's SHA-256 verified by every
 * receiver and every receipt checked. Prints a Markdown table with MB/s (1 MB = 10^6 bytes) and
 * the server's peak resident memory.
 * <p>
 * Run it with {@code bench/run.sh}, which builds the WAR, starts it and passes the arguments:
 * {@code ws://127.0.0.1:PORT/wsfile/ws SERVER_PID FILES_DIR [quick|small|compare|lagging|history]}: {@code small} runs
 * only the small-file scenario, three times, to profile it; {@code lagging} measures how little a
 * receiver that falls behind costs a healthy one (spooled delivery); {@code history} how fast a
 * topic's kept files reach new subscribers that ask for them (the server must keep 1,000 files of
 * each topic, as bench/run.sh history starts it); {@code compare} the loads that
 * bench/compare.sh compares with the original, and the latency. {@code bench/cluster.sh} passes several servers of
 * one cluster (addresses and process ids separated by commas, then the NATS server's process id)
 * and {@code cluster}: each load runs with every receiver on the first server, then with the
 * receivers spread over all of them, in alternating rounds ({@code cluster-small}: the small-file
 * load alone, in more rounds, for a steadier median of the load whose rounds vary most). Every
 * mode first warms the servers up until their JIT compilers are nearly done; {@code warm-up} does
 * only that (bench/pages.sh warms the server so before the pages are timed).
 */
public final class RelayBenchmark {
    private static final Duration WAIT = Duration.ofMinutes(10);
    /** The warm-up leaves out the loads of larger files, which take long and run the same code. */
    private static final long WARM_UP_MAX_FILE_SIZE = 100_000_000;
    /** How long each load of a warm-up round runs at least. */
    private static final Duration WARM_UP_LOAD = Duration.ofSeconds(2);

    private record Scenario(String label, long fileSize, int files, int receivers) {
    }

    private RelayBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        List<URI> endpoints = Arrays.stream(args[0].split(",")).map(URI::create).toList();
        URI endpoint = endpoints.get(0);
        List<Long> serverPids = Arrays.stream(args[1].split(",")).map(Long::parseLong).toList();
        Path filesDir = Files.createDirectories(Path.of(args[2]));
        String mode = args.length > 3 ? args[3] : "full";
        Scenario smallFiles = new Scenario("10 KB × 1000 → 10", 10_000, 1000, 10);
        Scenario oneLarge = new Scenario("100 MB → 1", 100_000_000, 1, 1);
        Scenario largeToTen = new Scenario("100 MB → 10", 100_000_000, 1, 10);
        Scenario mediumFiles = new Scenario("1 MB × 100 → 10", 1_000_000, 100, 10);
        List<Scenario> scenarios = new ArrayList<>(switch (mode) {
            case "small" -> List.of(smallFiles, smallFiles, smallFiles);
            case "medium" -> List.of(mediumFiles, mediumFiles, mediumFiles);
            // The loads of ../shared/bench/compare-original.sh, for bench/compare.sh.
            case "compare" -> List.of(oneLarge, largeToTen, mediumFiles, smallFiles);
            case "cluster", "cluster-small" -> List.of(largeToTen, smallFiles);
            case "warm-up", "lagging", "history" -> List.of();
            default -> List.of(new Scenario("1 MB → 1", 1_000_000, 20, 1), new Scenario("1 MB → 10", 1_000_000, 20, 10),
                    oneLarge, largeToTen, smallFiles);
        });
        if (mode.equals("full")) {
            scenarios.add(new Scenario("1 GB → 1", 1_000_000_000, 1, 1));
            scenarios.add(new Scenario("1 GB → 10", 1_000_000_000, 1, 10));
            scenarios.add(new Scenario("2 GB → 10", 2_000_000_000, 1, 10));
        }
        // A fresh server runs its first files in the interpreter and compiles its hot code for many
        // thousands more (seconds of compiler CPU on these two cores): warm the relay path up
        // unreported until the compilers are nearly done, with the loads to be measured (up to
        // 100 MB files), as the compilers' work depends on the files' sizes and the receivers'
        // number. Receivers on every server, so that each server's receiving path is warm too; a
        // cluster runs its loads both ways.
        List<Round> warmUpLoads = new ArrayList<>();
        if (mode.startsWith("cluster")) {
            for (Scenario scenario : scenarios) {
                warmUpLoads.add(() -> {
                    run(endpoints.subList(0, 1), scenario, filesDir);
                    run(endpoints, scenario, filesDir);
                });
            }
        } else if (scenarios.isEmpty()) {
            int warmReceivers = Math.max(2, endpoints.size());
            warmUpLoads.add(() -> run(endpoints, new Scenario("warm-up", 10_000, 2000, warmReceivers), filesDir));
            warmUpLoads.add(() -> run(endpoints, new Scenario("warm-up", 50_000_000, 4, warmReceivers), filesDir));
        } else {
            // A load that takes a fraction of a second is repeated: a compilation or two would
            // otherwise make the compilers' share of it look large, and warming up take long.
            scenarios.stream().distinct().filter(scenario -> scenario.fileSize() <= WARM_UP_MAX_FILE_SIZE)
                    .forEach(scenario -> warmUpLoads.add(() -> {
                        long until = System.nanoTime() + WARM_UP_LOAD.toNanos();
                        do {
                            run(endpoints, scenario, filesDir);
                        } while (System.nanoTime() < until);
                    }));
        }
        warmUp(serverPids, warmUpLoads);
        if (mode.equals("cluster")) {
            compareCluster(endpoints, serverPids, scenarios, CLUSTER_ROUNDS, filesDir);
            return;
        }
        if (mode.equals("cluster-small")) {
            compareCluster(endpoints, serverPids, List.of(smallFiles), CLUSTER_SMALL_ROUNDS, filesDir);
            return;
        }
        if (mode.equals("lagging")) {
            lagging(endpoint, serverPids.get(0), filesDir);
            return;
        }
        if (mode.equals("history")) {
            System.out.println("| round | kept files replayed to 10 new subscribers | seconds | files/s delivered |");
            System.out.println("| --- | ---: | ---: | ---: |");
            for (int round = 1; round <= HISTORY_ROUNDS; round++) {
                double seconds = replay(endpoint, filesDir);
                System.out.printf(Locale.ROOT, "| %d | %d × 10 KB | %.2f | %.0f |%n", round, HISTORY_FILES, seconds,
                        HISTORY_FILES * 10 / seconds);
            }
            return;
        }
        if (scenarios.isEmpty()) {
            return;
        }
        // CPU seconds as well as rates: on two shared cores the rates swing 2x between runs, what a
        // load costs each side far less.
        System.out.println("| scenario | files/s | MB/s sent | MB/s delivered (all receivers) | CPU s, server | CPU s, clients |"
                + " server peak RSS |");
        System.out.println("| --- | ---: | ---: | ---: | ---: | ---: | ---: |");
        List<Long> measured = List.of(serverPids.get(0), ProcessHandle.current().pid());
        for (Scenario scenario : scenarios) {
            double[] cpuBefore = ProcessCpu.seconds(measured);
            double seconds = run(List.of(endpoint), scenario, filesDir);
            double[] cpuAfter = ProcessCpu.seconds(measured);
            double megabytes = (double) scenario.fileSize() * scenario.files() / 1e6;
            System.out.printf(Locale.ROOT, "| %s | %.0f | %.0f | %.0f | %.2f | %.2f | %s |%n", scenario.label(),
                    scenario.files() / seconds, megabytes / seconds, megabytes * scenario.receivers() / seconds,
                    cpuAfter[0] - cpuBefore[0], cpuAfter[1] - cpuBefore[1], peakRss(serverPids.get(0)));
        }
        if (mode.equals("full") || mode.equals("quick") || mode.equals("compare")) {
            System.out.println();
            System.out.println(latency(endpoint, filesDir));
        }
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
        List<HashingSink> sinks = new ArrayList<>();
        List<StreamConnection> connections = new ArrayList<>();
        long[] millis = new long[files];
        try (StreamConnection sender = StreamConnection.connect(endpoint, new HashingSink(() -> { }), RelayBenchmark::notice)) {
            for (int i = 0; i < receivers; i++) {
                HashingSink sink = new HashingSink(() -> current.get().countDown());
                sinks.add(sink);
                StreamConnection receiver = StreamConnection.connect(endpoint, sink, RelayBenchmark::notice);
                connections.add(receiver);
                receiver.subscribe(topic);
            }
            for (int i = 0; i < files; i++) {
                CountDownLatch arrived = new CountDownLatch(receivers);
                current.set(arrived);
                long start = System.nanoTime();
                sender.send(topic, file, sent -> { }, sofar -> { });
                if (!arrived.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                    throw new AssertionError("latency: file " + i + " did not reach every receiver within " + WAIT);
                }
                millis[i] = (System.nanoTime() - start) / 1_000_000;
            }
        } finally {
            connections.forEach(StreamConnection::close);
        }
        checkWhole("latency", sinks);
        Arrays.sort(millis);
        return String.format(Locale.ROOT, "10 KB → 10, one file at a time (%d files), from sending to the last receiver"
                + " having it whole: median %d ms, p99 %d ms, slowest %d ms", files, millis[files / 2],
                millis[files * 99 / 100 - 1], millis[files - 1]);
    }

    private static final int HISTORY_ROUNDS = 5;
    /** As many as bench/run.sh history has the server keep of each topic. */
    private static final int HISTORY_FILES = 1000;

    /**
     * Topic history: {@link #HISTORY_FILES} small files sent to a topic with one subscriber (the
     * server keeps them), then ten new subscribers that ask for all of them, timed from their
     * subscribing to the last of them having every file whole.
     */
    private static double replay(URI endpoint, Path filesDir) throws Exception {
        String topic = "history-" + System.nanoTime();
        OutgoingFile file = new OutgoingFile(content(filesDir, 10_000), "file.bin", "application/octet-stream", 10_000);
        CountDownLatch kept = new CountDownLatch(HISTORY_FILES);
        CountDownLatch replayed = new CountDownLatch(HISTORY_FILES * 10);
        List<HashingSink> sinks = new ArrayList<>();
        List<StreamConnection> connections = new ArrayList<>();
        try (StreamConnection sender = StreamConnection.connect(endpoint, new HashingSink(() -> { }), RelayBenchmark::notice);
             StreamConnection live = StreamConnection.connect(endpoint, new HashingSink(kept::countDown), RelayBenchmark::notice)) {
            live.subscribe(topic);
            for (int i = 0; i < HISTORY_FILES; i++) {
                sender.send(topic, file, sent -> { }, sofar -> { });
            }
            if (!kept.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError("history: the files to keep did not arrive within " + WAIT);
            }
            for (int i = 0; i < 10; i++) {
                HashingSink sink = new HashingSink(replayed::countDown);
                sinks.add(sink);
                connections.add(StreamConnection.connect(endpoint, sink, RelayBenchmark::notice));
            }
            long start = System.nanoTime();
            for (StreamConnection receiver : connections) {
                receiver.subscribe(topic, Optional.of(new HistoryRequest.Last(HISTORY_FILES)));
            }
            if (!replayed.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError("history: not every kept file reached every new subscriber within " + WAIT);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            checkWhole("history", sinks);
            return seconds;
        } finally {
            connections.forEach(StreamConnection::close);
        }
    }

    /** Rounds of each lagging-receiver load; the medians are reported. */
    private static final int LAGGING_ROUNDS = 3;
    private static final long LAGGING_FILE_SIZE = 200_000_000;

    /**
     * Spooled delivery: 200 MB to one healthy receiver, alone and then beside another healthy one, one
     * throttled to 20 MB/s or one that stops reading for 10 s at 30 % of the file, in alternating rounds; the
     * healthy receiver's time (from the first byte sent to it having the file whole) in each case,
     * and the lagging one's.
     */
    private static void lagging(URI endpoint, long serverPid, Path filesDir) throws Exception {
        OutgoingFile file = new OutgoingFile(content(filesDir, LAGGING_FILE_SIZE), "lecture.mp4", "video/mp4",
                LAGGING_FILE_SIZE);
        double[] alone = new double[LAGGING_ROUNDS];
        String[] kinds = {"healthy too", "throttled to 20 MB/s", "frozen for 10 s at 30 %"};
        double[][] healthy = new double[kinds.length][LAGGING_ROUNDS];
        double[][] lagging = new double[kinds.length][LAGGING_ROUNDS];
        for (int round = 0; round < LAGGING_ROUNDS; round++) {
            alone[round] = timeToEach(endpoint, file, List.of(new HashingSink(() -> { })))[0];
            for (int kind = 0; kind < kinds.length; kind++) {
                FileSink other = switch (kind) {
                    case 0 -> new HashingSink(() -> { });
                    case 1 -> Lagging.throttled(20_000_000);
                    default -> Lagging.frozen(LAGGING_FILE_SIZE * 3 / 10, 10_000);
                };
                double[] times = timeToEach(endpoint, file, List.of(new HashingSink(() -> { }), other));
                healthy[kind][round] = times[0];
                lagging[kind][round] = times[1];
            }
        }
        System.out.println("| 200 MB to a healthy receiver … | healthy receiver's time | × its time alone | the lagging one's time |");
        System.out.println("| --- | ---: | ---: | ---: |");
        System.out.printf(Locale.ROOT, "| alone | %.2f s | 1.00 | |%n", median(alone));
        for (int kind = 0; kind < kinds.length; kind++) {
            System.out.printf(Locale.ROOT, "| beside one %s | %.2f s | %.2f | %.2f s |%n", kinds[kind], median(healthy[kind]),
                    median(healthy[kind]) / median(alone), median(lagging[kind]));
        }
        System.out.println();
        System.out.println("Medians of " + LAGGING_ROUNDS + " rounds; server peak RSS " + peakRss(serverPid));
    }

    /**
     * Sends the file once to one receiver per sink and returns, for each, the seconds from the
     * start to its having the file whole; checks every copy and the receipt.
     */
    private static double[] timeToEach(URI endpoint, OutgoingFile file, List<FileSink> sinks) throws Exception {
        String topic = "lagging-" + System.nanoTime();
        List<StreamConnection> connections = new ArrayList<>();
        List<CompletableFuture<Long>> arrivals = new ArrayList<>();
        try (StreamConnection sender = StreamConnection.connect(endpoint, new HashingSink(() -> { }), RelayBenchmark::notice)) {
            for (FileSink sink : sinks) {
                CompletableFuture<Long> arrived = new CompletableFuture<>();
                arrivals.add(arrived);
                StreamConnection receiver = StreamConnection.connect(endpoint, Lagging.timed(sink, arrived),
                        RelayBenchmark::notice);
                connections.add(receiver);
                receiver.subscribe(topic);
            }
            long start = System.nanoTime();
            Receipt receipt = sender.send(topic, file, sent -> { }, sofar -> { }).get(WAIT.toMillis(), TimeUnit.MILLISECONDS)
                    .orElseThrow();
            if (receipt.completed() != sinks.size()) {
                throw new AssertionError("lagging: receipt " + receipt);
            }
            double[] seconds = new double[sinks.size()];
            for (int i = 0; i < sinks.size(); i++) {
                seconds[i] = (arrivals.get(i).get(WAIT.toMillis(), TimeUnit.MILLISECONDS) - start) / 1e9;
            }
            checkWhole("lagging", sinks.stream().map(Lagging::hashing).toList());
            return seconds;
        } finally {
            connections.forEach(StreamConnection::close);
        }
    }

    /** Warm-up rounds at most, whatever the compilers still do. */
    private static final int MAX_WARM_UP_ROUNDS = 30;
    /** The compilers' share of a server's CPU in a warm-up round below which that server counts as warm. */
    private static final double WARM = 0.10;

    /** One load of a warm-up round. */
    private interface Round {
        void run() throws Exception;
    }

    /**
     * Runs warm-up rounds, each running every load once, until on every server the JIT compiler
     * threads used under {@link #WARM} of its CPU during each load of the last round (or
     * {@link #MAX_WARM_UP_ROUNDS} rounds), and says how it ended. Each load is judged alone: a
     * large-file load uses most of the CPU of a round, and the compilers' share over the whole
     * round would hide a small-file path still being compiled. A server that is only a receiver
     * compiles its receiving path later than the sender's server compiles its own, as it does
     * less work per round.
     */
    private static void warmUp(List<Long> serverPids, List<Round> loads) throws Exception {
        for (int rounds = 1; ; rounds++) {
            double[] highest = new double[serverPids.size()];
            for (Round load : loads) {
                double[] cpu = ProcessCpu.seconds(serverPids);
                double[] compilers = ProcessCpu.compilerSeconds(serverPids);
                load.run();
                double[] cpuAfter = ProcessCpu.seconds(serverPids);
                double[] compilersAfter = ProcessCpu.compilerSeconds(serverPids);
                for (int i = 0; i < highest.length; i++) {
                    double used = cpuAfter[i] - cpu[i];
                    double share = used == 0 ? 0 : (compilersAfter[i] - compilers[i]) / used;
                    highest[i] = Math.max(highest[i], share);
                }
            }
            if (Arrays.stream(highest).allMatch(share -> share < WARM) || rounds == MAX_WARM_UP_ROUNDS) {
                System.out.printf(Locale.ROOT, "Warm-up: %d rounds; in the last, the JIT compilers used at most %s"
                        + " of each process's CPU during one load.%n%n", rounds, String.join(", ",
                        Arrays.stream(highest).mapToObj(share -> String.format(Locale.ROOT, "%.0f %%", 100 * share)).toList()));
                return;
            }
        }
    }

    /** Rounds of each cluster load, each first on one server and then on all; the medians are compared. */
    private static final int CLUSTER_ROUNDS = 3;
    /** Rounds of the small-file load alone ({@code cluster-small}): in one run its rounds' ratios spread from 52 to 90 %. */
    private static final int CLUSTER_SMALL_ROUNDS = 12;

    /**
     * Each load with the sender and every receiver on the first server, then with the receivers
     * spread over every server (the sender still on the first), in alternating rounds of one run.
     */
    private static void compareCluster(List<URI> endpoints, List<Long> serverPids, List<Scenario> scenarios, int roundsEach,
                                       Path filesDir) throws Exception {
        int n = endpoints.size();
        System.out.println("| load | files/s, 1 server | files/s, " + n + " servers | MB/s delivered, 1 server"
                + " | MB/s delivered, " + n + " servers | cluster / 1 server | each round | CPU s per round (servers and NATS), 1 server"
                + " | CPU s, " + n + " servers |");
        System.out.println("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        List<String> perProcess = new ArrayList<>();
        for (Scenario scenario : scenarios) {
            double[] one = new double[roundsEach];
            double[] all = new double[roundsEach];
            double[] cpuOne = new double[serverPids.size()];
            double[] cpuAll = new double[serverPids.size()];
            List<String> rounds = new ArrayList<>();
            for (int round = 0; round < roundsEach; round++) {
                double[] before = ProcessCpu.seconds(serverPids);
                one[round] = run(endpoints.subList(0, 1), scenario, filesDir);
                double[] between = ProcessCpu.seconds(serverPids);
                all[round] = run(endpoints, scenario, filesDir);
                double[] after = ProcessCpu.seconds(serverPids);
                for (int i = 0; i < serverPids.size(); i++) {
                    cpuOne[i] += (between[i] - before[i]) / roundsEach;
                    cpuAll[i] += (after[i] - between[i]) / roundsEach;
                }
                rounds.add(String.format(Locale.ROOT, "%.0f %%", 100 * one[round] / all[round]));
            }
            double medianOne = median(one);
            double medianAll = median(all);
            double delivered = (double) scenario.fileSize() * scenario.files() * scenario.receivers() / 1e6;
            System.out.printf(Locale.ROOT, "| %s | %.0f | %.0f | %.0f | %.0f | %.0f %% | %s | %.2f | %.2f |%n", scenario.label(),
                    scenario.files() / medianOne, scenario.files() / medianAll, delivered / medianOne, delivered / medianAll,
                    100 * medianOne / medianAll, String.join(", ", rounds), Arrays.stream(cpuOne).sum(),
                    Arrays.stream(cpuAll).sum());
            StringBuilder each = new StringBuilder(scenario.label() + ", " + n + " servers:");
            for (double seconds : cpuAll) {
                each.append(String.format(Locale.ROOT, " %.2f", seconds));
            }
            perProcess.add(each.toString());
        }
        System.out.println();
        System.out.println("CPU s of each server, then of NATS, with " + n + " servers, per round on average:");
        perProcess.forEach(System.out::println);
        List<String> rss = new ArrayList<>();
        for (long pid : serverPids) {
            rss.add(peakRss(pid));
        }
        System.out.println();
        System.out.println("Peak RSS of each server, then of NATS: " + String.join(", ", rss));
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    /**
     * Runs a scenario and checks every file and receipt; returns the seconds it took. The sender
     * connects to the first server, receiver i to server i modulo their number.
     */
    private static double run(List<URI> endpoints, Scenario scenario, Path filesDir) throws Exception {
        URI endpoint = endpoints.get(0);
        String topic = "bench-" + System.nanoTime();
        OutgoingFile file = new OutgoingFile(content(filesDir, scenario.fileSize()), "file.bin", "application/octet-stream",
                scenario.fileSize());
        CountDownLatch arrived = new CountDownLatch(scenario.files() * scenario.receivers());
        List<HashingSink> sinks = new ArrayList<>();
        List<StreamConnection> connections = new ArrayList<>();
        try (StreamConnection sender = StreamConnection.connect(endpoint, new HashingSink(() -> { }), RelayBenchmark::notice)) {
            for (int i = 0; i < scenario.receivers(); i++) {
                HashingSink sink = new HashingSink(arrived::countDown);
                sinks.add(sink);
                StreamConnection receiver = StreamConnection.connect(endpoints.get(i % endpoints.size()), sink,
                        RelayBenchmark::notice);
                connections.add(receiver);
                receiver.subscribe(topic);
            }
            awaitOtherServersWant(endpoint, topic, Math.min(endpoints.size(), scenario.receivers()) - 1);
            long start = System.nanoTime();
            List<CompletableFuture<Optional<Receipt>>> receipts = new ArrayList<>();
            for (int i = 0; i < scenario.files(); i++) {
                receipts.add(sender.send(topic, file, sent -> { }, sofar -> { }));
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
            checkWhole(scenario.label(), sinks);
            return seconds;
        } finally {
            connections.forEach(StreamConnection::close);
        }
    }

    /** Waits until the sender's server has heard that {@code servers} other servers have subscribers for the topic. */
    private static void awaitOtherServersWant(URI endpoint, String topic, int servers) throws Exception {
        if (servers == 0) {
            return;
        }
        URI status = URI.create(endpoint.toString().replaceFirst("^ws", "http").replaceFirst("ws$", "status"));
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            String body = http.send(HttpRequest.newBuilder(status).build(), HttpResponse.BodyHandlers.ofString()).body();
            if (StatusPage.otherServersWant(StatusPage.read(body), topic, servers)) {
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError(servers + " other servers did not say within " + WAIT + " that they have subscribers for " + topic);
    }

    /** Fails unless every file reached every receiver whole. */
    private static void checkWhole(String label, List<HashingSink> sinks) {
        int corrupt = sinks.stream().mapToInt(HashingSink::corrupt).sum();
        List<String> aborted = sinks.stream().flatMap(sink -> sink.aborted().stream()).toList();
        if (corrupt > 0 || !aborted.isEmpty()) {
            throw new AssertionError(label + ": " + corrupt + " files arrived corrupt, " + aborted.size() + " were aborted "
                    + aborted);
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
