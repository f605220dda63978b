package org.wsfile.spool;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.DirectoryStream;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;
import java.util.stream.Stream;

import org.wsfile.config.SpoolSettings;
import org.wsfile.protocol.Sizes;
import org.wsfile.relay.FileOffer;
import org.wsfile.relay.Spool;

/**
 * The spool on disk: a folder of this server's own under {@code wsfile.spool.dir}, locked while
 * the server runs (so servers sharing the folder never delete each other's), with one file per
 * file being spooled, deleted once read. What a stopped server left behind is deleted when the
 * next one starts. The bytes held are counted against {@code wsfile.spool.max-bytes}.
 */
public final class SpoolStore implements Spool, AutoCloseable {
    private static final Logger LOG = Logger.getLogger(SpoolStore.class.getName());
    private static final String LOCK = "lock";

    private final SpoolSettings settings;
    private final Path folder;
    private final FileChannel lockFile;
    private final FileStore disk;
    private final AtomicLong sequence = new AtomicLong();
    private long bytes;

    private SpoolStore(SpoolSettings settings, Path folder, FileChannel lockFile) throws IOException {
        this.settings = settings;
        this.folder = folder;
        this.lockFile = lockFile;
        this.disk = Files.getFileStore(folder);
    }

    /** A spool of this server's own in the settings' folder, after deleting what stopped servers left there. */
    public static SpoolStore open(SpoolSettings settings) throws IOException {
        Files.createDirectories(settings.dir());
        deleteLeftovers(settings.dir());
        Path folder = Files.createTempDirectory(settings.dir(), "server-");
        FileChannel lockFile = FileChannel.open(folder.resolve(LOCK), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        lockFile.lock();
        return new SpoolStore(settings, folder, lockFile);
    }

    /** Deletes the folders of servers that no longer run: those whose lock can be taken. */
    private static void deleteLeftovers(Path dir) throws IOException {
        try (DirectoryStream<Path> servers = Files.newDirectoryStream(dir, "server-*")) {
            for (Path server : servers) {
                try (FileChannel lock = FileChannel.open(server.resolve(LOCK), StandardOpenOption.CREATE,
                        StandardOpenOption.WRITE); FileLock held = lock.tryLock()) {
                    if (held == null) {
                        continue; // a server still running
                    }
                }
                deleteTree(server);
            }
        }
    }

    @Override
    public Optional<SpoolFile> open(FileOffer offer, long from) {
        try {
            long rest = offer.size() - from;
            long usable = disk.getUsableSpace();
            if (usable < rest) {
                LOG.warning("spool: no room on the disk for the rest of \"" + offer.name() + "\" on topic \"" + offer.topic()
                        + "\" (" + Sizes.exact(rest) + ", " + Sizes.exact(usable) + " left): its subscribers pace its sender");
                return Optional.empty();
            }
            Path file = folder.resolve(sequence.incrementAndGet() + ".spool");
            return Optional.of(new DiskSpoolFile(this, file, from,
                    FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)));
        } catch (IOException e) {
            LOG.warning("spool: cannot spool \"" + offer.name() + "\" on topic \"" + offer.topic() + "\": " + e.getMessage());
            return Optional.empty();
        }
    }

    /** Bytes the spool holds now. */
    public synchronized long bytes() {
        return bytes;
    }

    /** Counts {@code more} bytes against the budget, or says why they cannot be. */
    synchronized void reserve(long more) throws IOException {
        if (bytes + more > settings.maxBytes()) {
            LOG.warning("spool: full (" + SpoolSettings.MAX_BYTES + "=" + Sizes.exact(settings.maxBytes())
                    + "): the subscribers fed from it of the file that needed more are given up");
            throw new IOException("it holds " + Sizes.exact(bytes) + " already, and " + SpoolSettings.MAX_BYTES + " is "
                    + Sizes.exact(settings.maxBytes()));
        }
        bytes += more;
    }

    synchronized void release(long fewer) {
        bytes -= fewer;
    }

    /** Deletes this server's folder; files still spooled are gone with it. */
    @Override
    public void close() throws IOException {
        lockFile.close();
        deleteTree(folder);
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }

    /** One file's bytes from an offset on. Appended by its sender's thread; read by its subscribers' threads. */
    private static final class DiskSpoolFile implements SpoolFile {
        private final SpoolStore store;
        private final Path path;
        private final long from;
        private FileChannel out;
        private volatile long end;
        private long reserved;
        private boolean closed;

        DiskSpoolFile(SpoolStore store, Path path, long from, FileChannel out) {
            this.store = store;
            this.path = path;
            this.from = from;
            this.end = from;
            this.out = out;
        }

        @Override
        public synchronized void append(ByteBuffer bytes) throws IOException {
            if (out == null) {
                throw new IOException("it is closed");
            }
            int length = bytes.remaining();
            store.reserve(length);
            reserved += length;
            while (bytes.hasRemaining()) {
                out.write(bytes);
            }
            end += length;
        }

        @Override
        public void read(ByteBuffer into, long offset) throws IOException {
            // A channel of its own for each read: files held for subscribers far behind may be many, and open files few.
            try (FileChannel in = FileChannel.open(path, StandardOpenOption.READ)) {
                long at = offset - from;
                while (into.hasRemaining()) {
                    int read = in.read(into, at);
                    if (read < 0) {
                        throw new EOFException("the spooled file ends at byte " + (from + at));
                    }
                    at += read;
                }
            }
        }

        @Override
        public long end() {
            return end;
        }

        @Override
        public synchronized void complete() {
            closeOut();
        }

        @Override
        public synchronized void close() {
            if (closed) {
                return;
            }
            closed = true;
            closeOut();
            try {
                Files.deleteIfExists(path);
            } catch (IOException e) {
                LOG.warning("spool: could not delete " + path + ": " + e.getMessage());
            }
            store.release(reserved);
        }

        private void closeOut() {
            if (out == null) {
                return;
            }
            try {
                out.close();
            } catch (IOException e) {
                LOG.warning("spool: could not close " + path + ": " + e.getMessage());
            }
            out = null;
        }
    }
}
