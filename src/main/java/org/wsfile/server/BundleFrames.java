package org.wsfile.server;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.atomic.AtomicReferenceArray;

import org.wsfile.protocol.stream.Bundles;

/**
 * Bundle frames made once for every connection that writes the same files together. The
 * subscribers of a sender's bundle are handed the same entries (one per file, made once) and
 * mostly take them off their outboxes in the same batches, so the frame one of them made fits
 * the others. A frame of their own each was 8.5 % of the relaying threads' CPU with small files
 * on wsfile's own WebSocket handling, half of it zeroing new arrays; shared, 1.3 %.
 * <p>
 * A few frames are kept, in slots picked by the batch's first entry; a batch of other entries
 * replaces what its slot held. A slot holds its frame (up to {@link Bundles#PREFERRED_SIZE}) and
 * the entries' bytes until then: a few MiB at most. Frames are handed out as duplicates, so that
 * nobody's reading moves another's position; nothing writes into them.
 */
final class BundleFrames {
    private static final int SLOTS = 8;

    private record Made(List<Bundles.Entry> entries, ByteBuffer frame) {
        boolean holds(List<Bundles.Entry> batch) {
            if (batch.size() != entries.size()) {
                return false;
            }
            for (int i = 0; i < batch.size(); i++) {
                if (batch.get(i) != entries.get(i)) {
                    return false;
                }
            }
            return true;
        }
    }

    /** One set of slots for all the application's connections: what it saves is the sharing among them. */
    private static final AtomicReferenceArray<Made> MADE = new AtomicReferenceArray<>(SLOTS);

    private BundleFrames() {
    }

    /** The bundle frame of these entries, in order: made now, or the one made before for the same entries. */
    static ByteBuffer frame(List<Bundles.Entry> entries) {
        int slot = System.identityHashCode(entries.get(0)) & (SLOTS - 1);
        Made before = MADE.get(slot);
        if (before != null && before.holds(entries)) {
            return before.frame.duplicate();
        }
        ByteBuffer frame = Bundles.frame(entries);
        MADE.set(slot, new Made(List.copyOf(entries), frame));
        return frame.duplicate();
    }
}
