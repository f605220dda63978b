package org.wsfile.testing;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.wsfile.client.FileHeader;
import org.wsfile.client.FileSink;
import org.wsfile.protocol.Sha256;

/**
 * Where wsfile's Java client puts what it receives, in tests and benchmarks: every file is hashed
 * as it arrives and compared with the server's checksum; the bytes are not kept, the name and
 * SHA-256 of each file that arrived whole are.
 */
public final class HashingSink implements FileSink {
    private final Runnable arrived;
    private final Map<Long, String> names = new HashMap<>();
    private final Map<Long, MessageDigest> digests = new HashMap<>();
    private final Map<String, String> received = new ConcurrentHashMap<>();
    private final AtomicInteger corrupt = new AtomicInteger();
    private final List<String> aborted = new CopyOnWriteArrayList<>();

    /** @param arrived told of each file that arrived, whole or corrupt */
    public HashingSink(Runnable arrived) {
        this.arrived = arrived;
    }

    @Override
    public void begin(long id, FileHeader header) {
        names.put(id, header.name());
        digests.put(id, Sha256.digest());
    }

    @Override
    public void data(long id, ByteBuffer bytes) {
        digests.get(id).update(bytes);
    }

    @Override
    public Optional<String> end(long id, Optional<String> sha256) {
        String actual = Sha256.hex(digests.remove(id));
        String name = names.remove(id);
        boolean whole = sha256.equals(Optional.of(actual));
        if (whole) {
            received.put(name, actual);
        } else {
            corrupt.incrementAndGet();
        }
        arrived.run();
        return whole ? Optional.empty() : Optional.of("checksum mismatch");
    }

    @Override
    public void abort(long id, String reason) {
        names.remove(id);
        digests.remove(id);
        aborted.add(reason);
    }

    /** The files that arrived whole: name and SHA-256. */
    public Map<String, String> received() {
        return Map.copyOf(received);
    }

    /** How many files arrived with a checksum that did not match. */
    public int corrupt() {
        return corrupt.get();
    }

    /** Why files were aborted, one reason each. */
    public List<String> aborted() {
        return List.copyOf(aborted);
    }
}
