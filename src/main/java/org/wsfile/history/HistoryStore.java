package org.wsfile.history;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.logging.Logger;

import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.spi.JsonProvider;

import org.wsfile.config.HistorySettings;
import org.wsfile.protocol.Sizes;
import org.wsfile.protocol.stream.HistoryRequest;
import org.wsfile.relay.Chunk;
import org.wsfile.relay.Delivery;
import org.wsfile.relay.FileOffer;

/**
 * The files kept of each topic, on disk: each file relayed is written to the store as it passes
 * (never held in memory), becomes part of its topic's history once whole, and the oldest are
 * deleted to keep within the limits. What is kept survives a restart: a file's bytes
 * ({@code SEQ.data}) and what receivers are told of it ({@code SEQ.json}, written once the bytes
 * are all there) sit in a folder per topic; bytes without their entry, as a stop leaves a file
 * still being written, are deleted when the store opens again.
 * A file that cannot be written (a full disk) is not kept, with a logged reason; relaying it to
 * subscribers is not affected.
 */
public final class HistoryStore {
    private static final Logger LOG = Logger.getLogger(HistoryStore.class.getName());
    /** Found once: each {@code Json.create…} call would look the provider up again through the class loader. */
    private static final JsonProvider JSON = JsonProvider.provider();
    private static final String DATA = ".data";
    private static final String ENTRY = ".json";
    private static final Base64.Encoder TOPIC_FOLDER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder TOPIC_NAME = Base64.getUrlDecoder();

    private final HistorySettings settings;
    private final Clock clock;
    /** Bytes left on the store's disk (found once: finding the disk reads the system's mount table). */
    private final UsableSpace disk;
    /** Topic folders made already, by topic. */
    private final Map<String, Path> folders = new HashMap<>();
    /** Each topic's kept files, oldest first. */
    private final Map<String, Deque<RetainedFile>> kept = new HashMap<>();
    /** Each topic's files being written, oldest first. */
    private final Map<String, List<Recording>> recording = new HashMap<>();
    private long totalBytes;
    private long nextSequence;

    /** How many bytes the store's disk has left. */
    interface UsableSpace {
        long bytes() throws IOException;
    }

    private HistoryStore(HistorySettings settings, Clock clock, UsableSpace disk) {
        this.settings = settings;
        this.clock = clock;
        this.disk = disk;
    }

    /** The store in the settings' folder, with what an earlier run kept there (files cut short by a stop are deleted). */
    public static HistoryStore open(HistorySettings settings, Clock clock) throws IOException {
        Files.createDirectories(settings.dir());
        FileStore disk = Files.getFileStore(settings.dir());
        return open(settings, clock, disk::getUsableSpace);
    }

    /** As {@link #open(HistorySettings, Clock)}, in the settings' existing folder, on a disk with {@code disk} bytes left. */
    static HistoryStore open(HistorySettings settings, Clock clock, UsableSpace disk) throws IOException {
        HistoryStore store = new HistoryStore(settings, clock, disk);
        try (DirectoryStream<Path> topics = Files.newDirectoryStream(settings.dir(), Files::isDirectory)) {
            for (Path folder : topics) {
                store.load(folder);
            }
        }
        synchronized (store) {
            store.kept.keySet().forEach(store::enforceTopicLimits);
            store.enforceTotalLimit();
        }
        return store;
    }

    private void load(Path folder) throws IOException {
        String topic = new String(TOPIC_NAME.decode(folder.getFileName().toString()), StandardCharsets.UTF_8);
        List<RetainedFile> files = new ArrayList<>();
        List<Path> others = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(folder)) {
            for (Path entry : entries) {
                Optional<RetainedFile> file = entry.getFileName().toString().endsWith(ENTRY)
                        ? readEntry(topic, entry) : Optional.empty();
                file.ifPresentOrElse(files::add, () -> others.add(entry));
            }
        }
        // Bytes without their entry (a file a stop cut short), and entries that could not be read.
        Set<Path> whole = new HashSet<>(files.stream().map(RetainedFile::data).toList());
        for (Path other : others) {
            if (!whole.contains(other)) {
                Files.deleteIfExists(other);
            }
        }
        files.sort(Comparator.comparingLong(RetainedFile::sequence));
        for (RetainedFile file : files) {
            kept.computeIfAbsent(topic, t -> new ArrayDeque<>()).add(file);
            totalBytes += file.size();
            nextSequence = Math.max(nextSequence, file.sequence() + 1);
        }
    }

    private Optional<RetainedFile> readEntry(String topic, Path json) {
        try (InputStream in = Files.newInputStream(json); JsonReader reader = JSON.createReader(in)) {
            JsonObject entry = reader.readObject();
            long sequence = entry.getJsonNumber("sequence").longValueExact();
            Path data = json.resolveSibling(sequence + DATA);
            // Kept before files had keys: one of its own, that no file relayed now can have.
            String key = entry.getString("key", "kept-" + sequence);
            RetainedFile file = new RetainedFile(sequence, topic, entry.getString("name"), entry.getString("mime"),
                    entry.getJsonNumber("size").longValueExact(), Instant.parse(entry.getString("sentAt")),
                    entry.getString("sha256"), entry.getBoolean("text", false), key, data);
            if (Files.size(data) != file.size()) {
                throw new IOException("its data has " + Files.size(data) + " bytes, not " + file.size());
            }
            return Optional.of(file);
        } catch (IOException | RuntimeException e) {
            LOG.warning("topic history: " + json + " is not a kept file and is ignored: " + e.getMessage());
            return Optional.empty();
        }
    }

    /**
     * Starts keeping a file as it is relayed, if it can be kept: a delivery that writes it to disk,
     * to add to the file's others (it does not count as a subscriber, and never slows the file down
     * other than by the disk's own pace).
     */
    public synchronized Optional<Delivery> record(FileOffer offer) {
        if (offer.size() > settings.maxTopicBytes()) {
            return Optional.empty();
        }
        try {
            Path folder = folders.get(offer.topic());
            if (folder == null) {
                folder = Files.createDirectories(settings.dir().resolve(
                        TOPIC_FOLDER.encodeToString(offer.topic().getBytes(StandardCharsets.UTF_8))));
                folders.put(offer.topic(), folder);
            }
            long usable = disk.bytes();
            if (usable < offer.size()) {
                LOG.warning("topic history: \"" + offer.name() + "\" on topic \"" + offer.topic() + "\" is not kept: "
                        + Sizes.exact(offer.size()) + " do not fit in the " + Sizes.exact(usable) + " left on the disk");
                return Optional.empty();
            }
            Recording file = new Recording(this, offer, nextSequence++, folder);
            recording.computeIfAbsent(offer.topic(), t -> new ArrayList<>()).add(file);
            return Optional.of(file);
        } catch (IOException e) {
            folders.remove(offer.topic()); // made again next time, should it have been deleted
            notKept(offer, e);
            return Optional.empty();
        }
    }

    /**
     * What a subscriber who asks for a topic's history gets: the kept files it asked for, oldest
     * first, then those being written when it asked, each once it is whole (or empty if it was not).
     */
    public synchronized Replay replay(String topic, HistoryRequest request) {
        enforceTopicLimits(topic);
        List<RetainedFile> files = new ArrayList<>(kept.getOrDefault(topic, new ArrayDeque<>()));
        List<RetainedFile> wanted = request instanceof HistoryRequest.Last last
                ? files.subList(Math.max(0, files.size() - last.files()), files.size())
                : files.stream().filter(file -> !file.sentAt().isBefore(((HistoryRequest.Since) request).time())).toList();
        List<CompletableFuture<Optional<RetainedFile>>> arriving = recording.getOrDefault(topic, List.of()).stream()
                .map(Recording::kept).toList();
        return new Replay(List.copyOf(wanted), arriving);
    }

    /**
     * Kept files of a topic and files still being written.
     *
     * @param kept     whole files, oldest first
     * @param arriving files being written, oldest first: each completes with the file once kept, or empty
     */
    public record Replay(List<RetainedFile> kept, List<CompletableFuture<Optional<RetainedFile>>> arriving) {
    }

    /** The kept file with that key, if it is still kept. */
    public synchronized Optional<RetainedFile> kept(String key) {
        return kept.values().stream().flatMap(Deque::stream).filter(file -> file.key().equals(key)).findFirst();
    }

    /** Bytes kept of each topic that has history. */
    public synchronized Map<String, Long> topicBytes() {
        Map<String, Long> bytes = new HashMap<>();
        kept.forEach((topic, files) -> bytes.put(topic, files.stream().mapToLong(RetainedFile::size).sum()));
        return bytes;
    }

    synchronized void finished(Recording file, RetainedFile retained) {
        dropped(file, retained.topic());
        kept.computeIfAbsent(retained.topic(), t -> new ArrayDeque<>()).add(retained);
        totalBytes += retained.size();
        enforceTopicLimits(retained.topic());
        enforceTotalLimit();
    }

    /** The file is no longer being written (it was kept, or given up). */
    synchronized void dropped(Recording file, String topic) {
        List<Recording> topicFiles = recording.get(topic);
        if (topicFiles != null) {
            topicFiles.remove(file);
        }
    }

    static void notKept(FileOffer offer, IOException e) {
        LOG.warning("topic history: \"" + offer.name() + "\" on topic \"" + offer.topic()
                + "\" is not kept (its relay goes on): " + e.getMessage());
    }

    private void enforceTopicLimits(String topic) {
        Deque<RetainedFile> files = kept.get(topic);
        if (files == null) {
            return;
        }
        Instant oldestAllowed = settings.maxAge().map(age -> clock.instant().minus(age)).orElse(Instant.MIN);
        long bytes = files.stream().mapToLong(RetainedFile::size).sum();
        while (!files.isEmpty() && (files.size() > settings.files() || bytes > settings.maxTopicBytes()
                || files.peekFirst().sentAt().isBefore(oldestAllowed))) {
            bytes -= delete(files.removeFirst());
        }
        if (files.isEmpty()) {
            kept.remove(topic);
        }
    }

    private void enforceTotalLimit() {
        while (totalBytes > settings.maxTotalBytes() && !kept.isEmpty()) {
            kept.entrySet().stream().min(Comparator.comparingLong(entry -> entry.getValue().peekFirst().sequence()))
                    .ifPresent(oldest -> {
                        delete(oldest.getValue().removeFirst());
                        if (oldest.getValue().isEmpty()) {
                            kept.remove(oldest.getKey());
                        }
                    });
        }
    }

    private long delete(RetainedFile file) {
        totalBytes -= file.size();
        try {
            Files.deleteIfExists(entryOf(file.data(), file.sequence()));
            Files.deleteIfExists(file.data());
        } catch (IOException e) {
            LOG.warning("topic history: could not delete " + file.data() + ": " + e.getMessage());
        }
        return file.size();
    }

    /** Writes what receivers are told of a kept file next to its data, whole or not at all. */
    static void writeEntry(RetainedFile file) throws IOException {
        String json = JSON.createObjectBuilder().add("sequence", file.sequence()).add("name", file.name())
                .add("mime", file.mime()).add("size", file.size()).add("sentAt", file.sentAt().toString())
                .add("sha256", file.sha256()).add("text", file.text()).add("key", file.key()).build().toString();
        // Written once, after the bytes: an entry cut short does not parse, and the file is then left out.
        Files.writeString(entryOf(file.data(), file.sequence()), json, StandardCharsets.UTF_8);
    }

    /** Where the entry of a kept file whose bytes are in {@code data} is. */
    private static Path entryOf(Path data, long sequence) {
        return data.resolveSibling(sequence + ENTRY);
    }

    /** Writes one file into the store as it is relayed. */
    static final class Recording implements Delivery {
        private final HistoryStore store;
        private final FileOffer offer;
        private final long sequence;
        private final Path data;
        private final CompletableFuture<Optional<RetainedFile>> kept = new CompletableFuture<>();
        private FileChannel out;

        Recording(HistoryStore store, FileOffer offer, long sequence, Path folder) throws IOException {
            this.store = store;
            this.offer = offer;
            this.sequence = sequence;
            this.data = folder.resolve(sequence + DATA);
            this.out = FileChannel.open(data, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        }

        CompletableFuture<Optional<RetainedFile>> kept() {
            return kept;
        }

        @Override
        public void chunk(Chunk chunk) {
            if (out == null) {
                return;
            }
            try {
                ByteBuffer bytes = chunk.data().duplicate();
                while (bytes.hasRemaining()) {
                    out.write(bytes);
                }
            } catch (IOException e) {
                notKept(offer, e);
                discard();
            }
        }

        @Override
        public void awaitRoom() {
            // Written as it comes: the disk's pace is the only wait.
        }

        @Override
        public void awaitReadyForNext() {
            // Nothing of this file is still under way once it has ended.
        }

        @Override
        public void end(String sha256) {
            if (out == null) {
                return;
            }
            try {
                // Not forced to the disk: a restart keeps what the system wrote, and a file that a power
                // cut left short is found out (its size) and left out when the store opens again.
                out.close();
                out = null;
                RetainedFile file = new RetainedFile(sequence, offer.topic(), offer.name(), offer.mime(), offer.size(),
                        offer.sentAt(), sha256, offer.text(), offer.key(), data);
                writeEntry(file);
                store.finished(this, file);
                kept.complete(Optional.of(file));
            } catch (IOException e) {
                notKept(offer, e);
                discard();
            }
        }

        @Override
        public void abort(String reason) {
            discard();
        }

        private void discard() {
            try {
                if (out != null) {
                    out.close();
                }
                Files.deleteIfExists(data);
                Files.deleteIfExists(entryOf(data, sequence));
            } catch (IOException e) {
                LOG.warning("topic history: could not delete " + data + ": " + e.getMessage());
            }
            out = null;
            store.dropped(this, offer.topic());
            kept.complete(Optional.empty());
        }
    }
}
