package org.wsfile.relay;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A file on its way to this server's subscribers of its topic: each call goes to each of their
 * deliveries. Without a {@link Spool}, the sender goes at the pace of the slowest subscriber it
 * still serves. With one, streaming subscribers ({@link QueuedDelivery}) cannot slow each other:
 * the sender waits for them only while they all keep up; one that would hold it up while another
 * could take more is left behind ({@link SpooledCopy}), and once far behind the rest of the file
 * goes to the spool, from which that subscriber is fed at its own pace. The sender then goes at
 * the pace of the fastest and of the spool's disk. Other deliveries (topic history, the original
 * protocol's one-message files) are always waited for.
 * <p>
 * A file of at least {@link #RESUMABLE_SIZE} goes to the spool from its first byte, so that a
 * receiver cut off mid-file can {@linkplain #resume resume} it while its sender still sends.
 */
final class LocalFanOut implements Publication, Resumable {
    /** How long the sender waits for a subscriber that has no room while another has before going on without it. */
    static final long PATIENCE_NANOS = TimeUnit.MILLISECONDS.toNanos(20);
    /** How far the spool may run ahead of its readers when none of the file's subscribers keeps up any more. */
    static final long SPOOL_LEAD = 16 * 1024 * 1024;
    /** Files this large are spooled whole as they are relayed, to be resumable; smaller ones are quickly sent again. */
    static final long RESUMABLE_SIZE = 16 * 1024 * 1024;

    private final FileOffer offer;
    private final FanOut fanOut;
    private final List<Delivery> waitedFor = new ArrayList<>();
    /** Written on the sender's thread and, when a receiver resumes, on its own; read on the sender's thread for every chunk. */
    private final List<SpooledCopy> copies = new CopyOnWriteArrayList<>();
    private final Spool spool;
    /** Told once the file is over, so that it is no longer offered for resuming. */
    private final Runnable onOver;
    /** Whether the spool holds the file from its first byte for as long as it is relayed. */
    private final boolean resumable;
    /** Held while the spool is opened to a copy or closed, so that a resuming copy never reads a closed spool. */
    private final Object spoolLock = new Object();
    /** Subscribers being fed from the spool: it is closed once none is and the file is over. */
    private final AtomicInteger spoolReaders = new AtomicInteger();
    /** Where the file's bytes go while a subscriber is behind; null while none is. */
    private volatile Spool.SpoolFile spooled;
    private boolean spoolRefused;
    private volatile Chunk firstChunk;
    private volatile String sha256;
    private volatile boolean over;
    /** Why the file was aborted, once it was. */
    private volatile String aborted;
    private long written;

    /** @param onOver run once the file is over (ended or aborted) */
    LocalFanOut(FileOffer offer, List<Delivery> deliveries, FanOut fanOut, Optional<Spool> spool, Runnable onOver) {
        this.offer = offer;
        this.fanOut = fanOut;
        this.spool = spool.orElse(null);
        this.onOver = onOver;
        if (this.spool != null && offer.size() >= RESUMABLE_SIZE) {
            spooled = this.spool.open(offer, 0).orElse(null);
            spoolRefused = spooled == null;
        }
        this.resumable = spooled != null;
        for (Delivery delivery : deliveries) {
            if (this.spool != null && delivery instanceof QueuedDelivery queued) {
                copies.add(new SpooledCopy(queued, this));
            } else {
                waitedFor.add(delivery);
            }
        }
        // A subscriber far behind on earlier files starts this one behind too, unless nobody else can take it now.
        List<SpooledCopy> farBehind = copies.stream().filter(SpooledCopy::farBehind).toList();
        if (farBehind.size() < copies.size()) {
            farBehind.forEach(SpooledCopy::fallBehind);
        }
    }

    @Override
    public FanOut fanOut() {
        return fanOut;
    }

    @Override
    public void chunk(Chunk chunk) {
        long offset = written;
        int size = chunk.data().remaining();
        if (firstChunk == null) {
            firstChunk = chunk;
        }
        if (!resumable && spooled != null && spoolReaders.get() == 0) {
            closeSpool(); // nobody is behind: the bytes so far are not needed again
        }
        for (SpooledCopy copy : copies) {
            if (copy.isBehind() && copy.farBehind()) {
                startSpooling(copy, offset);
            }
        }
        Spool.SpoolFile file = spooled;
        if (file != null) {
            try {
                file.append(chunk.data());
            } catch (IOException e) {
                spoolFailed(e.getMessage());
            }
        }
        for (Delivery delivery : waitedFor) {
            delivery.chunk(chunk);
        }
        for (SpooledCopy copy : copies) {
            copy.chunk(chunk, offset, size);
        }
        written += size;
    }

    /**
     * Waits for the deliveries that are always waited for, then for the streaming subscribers that
     * keep up, at most {@link #PATIENCE_NANOS} for those that have no room while another has (they
     * are then left behind, if the spool can take what they would miss).
     */
    @Override
    public void awaitRoom() throws InterruptedException {
        for (Delivery delivery : waitedFor) {
            delivery.awaitRoom();
        }
        while (true) {
            List<SpooledCopy> pacing = pacing();
            if (pacing.isEmpty()) {
                awaitSpoolReaders();
                return;
            }
            long deadline = System.nanoTime() + PATIENCE_NANOS;
            List<SpooledCopy> lacking = new ArrayList<>();
            for (SpooledCopy copy : pacing) {
                if (!copy.awaitRoom(deadline - System.nanoTime())) {
                    lacking.add(copy);
                }
            }
            if (lacking.isEmpty()) {
                return;
            }
            if (lacking.size() < pacing.size() && !spoolRefused) {
                lacking.forEach(SpooledCopy::fallBehind);
                return;
            }
            // Every subscriber waited for is slow, but one left behind earlier keeps up: they change places.
            List<SpooledCopy> keepingUp = spoolRefused ? List.of()
                    : copies.stream().filter(copy -> copy.isBehind() && copy.hasRoom()).toList();
            if (!keepingUp.isEmpty()) {
                lacking.forEach(SpooledCopy::fallBehind);
                keepingUp.forEach(SpooledCopy::pace);
                return;
            }
        }
    }

    /** The copies the sender waits for; if none is left (the one that kept up left), those behind are waited for again. */
    private List<SpooledCopy> pacing() {
        List<SpooledCopy> pacing = copies.stream().filter(SpooledCopy::isPacing).toList();
        if (pacing.isEmpty()) {
            copies.forEach(SpooledCopy::pace);
            pacing = copies.stream().filter(SpooledCopy::isPacing).toList();
        }
        return pacing;
    }

    /** When only subscribers fed from the spool are left, the sender keeps at most {@link #SPOOL_LEAD} ahead of them. */
    private void awaitSpoolReaders() throws InterruptedException {
        while (true) {
            Spool.SpoolFile file = spooled;
            List<SpooledCopy> reading = copies.stream().filter(SpooledCopy::isSpooled).toList();
            if (file == null || reading.isEmpty() || !pacing().isEmpty()) {
                return;
            }
            long nearest = reading.stream().mapToLong(SpooledCopy::position).max().orElse(written);
            if (file.end() - nearest <= SPOOL_LEAD) {
                return;
            }
            TimeUnit.NANOSECONDS.sleep(PATIENCE_NANOS);
        }
    }

    @Override
    public void awaitReadyForNext() throws InterruptedException {
        for (Delivery delivery : waitedFor) {
            delivery.awaitReadyForNext();
        }
    }

    @Override
    public void end(String sha256) {
        this.sha256 = sha256;
        over = true;
        onOver.run();
        completeSpool();
        waitedFor.forEach(delivery -> delivery.end(sha256));
        copies.forEach(copy -> copy.end(sha256));
        closeSpoolIfUnread();
    }

    @Override
    public void abort(String reason) {
        this.aborted = reason;
        over = true;
        onOver.run();
        completeSpool();
        waitedFor.forEach(delivery -> delivery.abort(reason));
        copies.forEach(copy -> copy.abort(reason));
        closeSpoolIfUnread();
    }

    @Override
    public FileOffer offer() {
        return offer;
    }

    /** Whether the spool holds this file from its first byte: it can be {@linkplain #resume resumed}. */
    boolean resumable() {
        return resumable;
    }

    @Override
    public boolean resume(long offset, Resumption receiver) {
        SpooledCopy copy;
        Spool.SpoolFile file;
        synchronized (spoolLock) {
            file = spooled;
            if (!resumable || file == null || aborted != null || offset > file.end()) {
                return false;
            }
            FanOut alone = new FanOut(1);
            copy = new SpooledCopy(receiver.deliver(offer, offset, alone.outcome()), this, offset);
            spoolReaders.incrementAndGet();
            copies.add(copy);
        }
        copy.spool(file);
        return true;
    }

    /** The file's checksum once it is whole, else null. */
    String sha256() {
        return sha256;
    }

    /** The file's chunk with bytes read back from the spool. */
    Chunk chunkOf(ByteBuffer bytes) {
        return firstChunk.withData(bytes);
    }

    /** A copy is no longer fed from the spool. */
    void spoolLeft() {
        spoolReaders.decrementAndGet();
        if (over) {
            closeSpoolIfUnread();
        }
    }

    private void startSpooling(SpooledCopy copy, long offset) {
        if (spooled == null && !spoolRefused) {
            spooled = spool.open(offer, offset).orElse(null);
            spoolRefused = spooled == null;
        }
        if (spooled == null) {
            copy.pace();
            return;
        }
        spoolReaders.incrementAndGet();
        copy.spool(spooled);
    }

    /** The spool cannot keep the rest of the file: those fed from it cannot have it, and nobody is left behind any more. */
    private void spoolFailed(String reason) {
        spoolRefused = true;
        for (SpooledCopy copy : copies) {
            if (copy.isSpooled()) {
                copy.abort("the subscriber fell too far behind, and the server's spool could not keep the rest of the file: "
                        + reason);
            }
            copy.pace();
        }
        closeSpool();
    }

    private void completeSpool() {
        Spool.SpoolFile file = spooled;
        if (file != null) {
            file.complete();
        }
    }

    private void closeSpoolIfUnread() {
        synchronized (spoolLock) {
            if (spoolReaders.get() == 0) {
                closeSpool();
            }
        }
    }

    private void closeSpool() {
        synchronized (spoolLock) {
            Spool.SpoolFile file = spooled;
            if (file != null) {
                spooled = null;
                file.close();
            }
        }
    }
}
