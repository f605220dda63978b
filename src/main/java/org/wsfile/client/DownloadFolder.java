package org.wsfile.client;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

import org.wsfile.protocol.Sha256;

/**
 * A folder that receives files and keeps only whole ones. Each file is written to a hidden
 * {@code .part} file next to where it will end up, and takes its real name only once all of it
 * has arrived and its SHA-256 (when the protocol gives one) matches; an aborted or corrupt file
 * leaves nothing behind. Names from the network go through {@link SafeNames}, and an existing
 * file is never overwritten: the new one becomes {@code name (1).ext}. A file whose connection is
 * {@linkplain #cut cut} keeps its {@code .part} file, and the SHA-256 of what it holds, until the
 * rest comes ({@link #resumable()}) or the folder is {@linkplain #abortAll() given up}.
 */
public final class DownloadFolder implements FileSink {
    /** A file kept: where it is now, and what the sender called it. */
    public record Saved(Path path, FileHeader header, long size) {
    }

    private final Path root;
    private final Consumer<Saved> onSaved;
    private final Consumer<String> notices;
    private final Map<Long, Partial> partials = new HashMap<>();
    /** Files cut off mid-way, by key, in the order they were cut. */
    private final Map<String, Partial> cut = new LinkedHashMap<>();

    /** A file being written. */
    private static final class Partial {
        final FileHeader header;
        final Path target;
        final Path part;
        FileChannel channel;
        final MessageDigest sha256 = Sha256.digest();
        long size;

        Partial(FileHeader header, Path target, Path part, FileChannel channel) {
            this.header = header;
            this.target = target;
            this.part = part;
            this.channel = channel;
        }
    }

    /**
     * @param root    the folder files are saved in; it is created if need be
     * @param onSaved told of each file once it has its real name
     * @param notices told of files that could not be written
     */
    public DownloadFolder(Path root, Consumer<Saved> onSaved, Consumer<String> notices) throws IOException {
        this.root = Files.createDirectories(root).toRealPath();
        this.onSaved = onSaved;
        this.notices = notices;
    }

    /** Where a file with this name would be saved, before any {@code (1)} is added. */
    Path targetOf(String name) {
        Path target = root.resolve(SafeNames.relativePath(name)).normalize();
        if (!target.startsWith(root) || target.equals(root)) {
            throw new IllegalArgumentException("the name " + name + " does not stay inside " + root);
        }
        return target;
    }

    @Override
    public synchronized void begin(long id, FileHeader header) {
        if (header.offset() > 0) {
            resumed(id, header);
            return;
        }
        try {
            Path target = targetOf(header.name());
            Files.createDirectories(target.getParent());
            String suffix = "." + id + "-" + System.nanoTime() + ".part";
            Path part = target.resolveSibling("." + SafeNames.fit(target.getFileName().toString(),
                    SafeNames.MAX_COMPONENT_BYTES - 1 - suffix.length()) + suffix);
            partials.put(id, new Partial(header, target, part,
                    FileChannel.open(part, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)));
        } catch (IOException | IllegalArgumentException e) {
            notices.accept("cannot save " + header.name() + ": " + e.getMessage());
        }
    }

    @Override
    public synchronized void data(long id, ByteBuffer bytes) {
        Partial partial = partials.get(id);
        if (partial == null) {
            return;
        }
        try {
            partial.sha256.update(bytes.duplicate());
            while (bytes.hasRemaining()) {
                partial.size += partial.channel.write(bytes);
            }
        } catch (IOException e) {
            discard(id);
            notices.accept("cannot save " + partial.header.name() + ": " + e.getMessage());
        }
    }

    @Override
    public synchronized Optional<String> end(long id, Optional<String> sha256) {
        Partial partial = partials.remove(id);
        if (partial == null) {
            return Optional.of("it could not be written here");
        }
        try {
            partial.channel.close();
            String actual = Sha256.hex(partial.sha256);
            long declared = partial.header.size();
            if (sha256.isPresent() && !sha256.get().equalsIgnoreCase(actual)) {
                Files.deleteIfExists(partial.part);
                return Optional.of("checksum mismatch");
            }
            if (declared != FileHeader.UNKNOWN_SIZE && declared != partial.size) {
                Files.deleteIfExists(partial.part);
                return Optional.of("size mismatch: " + partial.size + " bytes instead of " + declared);
            }
            Path saved = moveToFreeName(partial.part, partial.target);
            onSaved.accept(new Saved(saved, partial.header, partial.size));
            return Optional.empty();
        } catch (IOException e) {
            deleteQuietly(partial.part);
            return Optional.of("cannot save: " + e.getMessage());
        }
    }

    @Override
    public synchronized void abort(long id, String reason) {
        discard(id);
    }

    /** Keeps what arrived of a file that has a key, to resume it; any other is discarded. */
    @Override
    public synchronized void cut(long id, String reason) {
        Partial partial = partials.get(id);
        if (partial == null || partial.header.key().isEmpty() || partial.size == 0) {
            discard(id);
            return;
        }
        partials.remove(id);
        try {
            partial.channel.close();
            cut.put(partial.header.key().get(), partial);
        } catch (IOException e) {
            deleteQuietly(partial.part);
        }
    }

    /** The files cut off mid-way that the folder keeps to resume: how many bytes it has of each, by key. */
    public synchronized Map<String, Long> resumable() {
        Map<String, Long> offsets = new LinkedHashMap<>();
        cut.forEach((key, partial) -> offsets.put(key, partial.size));
        return offsets;
    }

    /** The name of a file cut off mid-way, by its key. */
    public synchronized Optional<String> nameOf(String key) {
        return Optional.ofNullable(cut.get(key)).map(partial -> partial.header.name());
    }

    /** Deletes what arrived of a file cut off mid-way that cannot be resumed. */
    public synchronized void forget(String key) {
        Partial partial = cut.remove(key);
        if (partial != null) {
            deleteQuietly(partial.part);
        }
    }

    /** The rest of a file cut off mid-way: written after what the folder has, and checked with it. */
    private void resumed(long id, FileHeader header) {
        Partial partial = header.key().map(cut::get).orElse(null);
        if (partial == null || partial.size != header.offset()) {
            notices.accept("cannot resume " + header.name() + ": this folder does not have its first "
                    + header.offset() + " bytes");
            return;
        }
        try {
            partial.channel = FileChannel.open(partial.part, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
            cut.remove(header.key().get());
            partials.put(id, partial);
        } catch (IOException e) {
            forget(header.key().get());
            notices.accept("cannot resume " + header.name() + ": " + e.getMessage());
        }
    }

    /** Gives up every file still arriving or cut off, leaving nothing of them; for when the program stops. */
    public synchronized void abortAll() {
        Map.copyOf(partials).keySet().forEach(this::discard);
        Map.copyOf(cut).keySet().forEach(this::forget);
    }

    private void discard(long id) {
        Partial partial = partials.remove(id);
        if (partial != null) {
            try {
                partial.channel.close();
            } catch (IOException e) {
                // deleted below either way
            }
            deleteQuietly(partial.part);
        }
    }

    /**
     * Moves the finished file to {@code target}, or to {@code target (1)}, {@code target (2)}… if
     * that exists. Each candidate is claimed by creating it, which fails if it exists, so a file
     * that appears meanwhile is not overwritten either; the move then replaces the empty claim.
     */
    private static Path moveToFreeName(Path part, Path target) throws IOException {
        for (int n = 0; ; n++) {
            Path candidate = n == 0 ? target : target.resolveSibling(numbered(target.getFileName().toString(), n));
            try {
                Files.createFile(candidate);
            } catch (FileAlreadyExistsException taken) {
                continue;
            }
            try {
                Files.move(part, candidate, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(part, candidate, StandardCopyOption.REPLACE_EXISTING);
            }
            return candidate;
        }
    }

    /**
     * {@code report.pdf} → {@code report (1).pdf}; {@code notes} → {@code notes (1)}; {@code .bashrc} →
     * {@code .bashrc (1)}; a name that would then be too long for the file system is cut first.
     */
    static String numbered(String name, int n) {
        String number = " (" + n + ")";
        String fitted = SafeNames.fit(name, SafeNames.MAX_COMPONENT_BYTES - number.length());
        int dot = fitted.lastIndexOf('.');
        if (dot <= 0) {
            return fitted + number;
        }
        return fitted.substring(0, dot) + number + fitted.substring(dot);
    }

    private void deleteQuietly(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            notices.accept("cannot delete the incomplete file " + path + ": " + e.getMessage());
        }
    }
}
