package org.wsfile.relay;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.security.MessageDigest;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

import org.wsfile.protocol.ErrorCode;
import org.wsfile.protocol.ProtocolException;
import org.wsfile.protocol.Sha256;
import org.wsfile.protocol.StrictUtf8;

/**
 * One file streaming from its sender to the subscribers it was offered to. The sender's thread
 * calls {@link #write}, then {@link #finish} or {@link #abort}; each write waits until every
 * subscriber has room, so the sender goes at the pace of the subscribers it still serves and the
 * server holds a bounded amount per subscriber, whatever the file's size.
 */
public final class Transfer {
    private final FileOffer offer;
    private final Publication publication;
    /** What the subscribers of this file share from one chunk to the next (see {@link Chunk#fileState}). */
    private final Map<Object, Object> fileState = new ConcurrentHashMap<>();
    private final MessageDigest sha256;
    /** A text's bytes, kept to check that they are UTF-8 once whole (a text is small); null for a file. */
    private final ByteArrayOutputStream text;
    private final RelayObserver observer;
    /** Read by the status page while the sender's thread writes. */
    private volatile long written;
    private boolean closed;
    private volatile String verifiedSha256;
    private final CompletableFuture<Void> over = new CompletableFuture<>();

    Transfer(FileOffer offer, Publication publication, RelayObserver observer) {
        this.offer = offer;
        this.publication = publication;
        this.observer = observer;
        this.sha256 = Sha256.digest();
        this.text = offer.text() ? new ByteArrayOutputStream() : null;
    }

    /**
     * A file that another server received from its sender, on its way to this server's subscribers:
     * its size and checksum are checked again here, as its bytes crossed the network once more.
     */
    public static Transfer forwarding(FileOffer offer, Publication publication) {
        return new Transfer(offer, publication, RelayObserver.NONE);
    }

    public FileOffer offer() {
        return offer;
    }

    /** The receipt: completes when every subscriber has the file or has been dropped from it. */
    public FanOut fanOut() {
        return publication.fanOut();
    }

    /**
     * Gives the file's subscribers, before its first byte, state they would otherwise make
     * themselves from its bytes ({@link Chunk#fileState}): what its sender sent besides them, such
     * as the text a file arrived in, which subscribers of the same protocol may be sent as it is.
     */
    public void provide(Object key, Object state) {
        if (written > 0) {
            throw new IllegalStateException("state for the subscribers is provided before the first byte");
        }
        fileState.put(key, state);
    }

    /**
     * Relays the next bytes. The buffer is read during the call only, so the caller may reuse it.
     *
     * @throws ProtocolException if the bytes go past the size the sender declared; the transfer is then aborted
     */
    public void write(ByteBuffer data) throws ProtocolException, InterruptedException {
        checkOpen();
        if (written + data.remaining() > offer.size()) {
            ProtocolException tooMuch = new ProtocolException(ErrorCode.SIZE_MISMATCH,
                    "the file carried more than the " + offer.size() + " bytes its header declared");
            abort(tooMuch.getMessage());
            throw tooMuch;
        }
        written += data.remaining();
        sha256.update(data.duplicate());
        if (text != null) {
            byte[] copy = new byte[data.remaining()];
            data.duplicate().get(copy);
            text.writeBytes(copy);
        }
        publication.chunk(new Chunk(offer.id(), data, fileState));
        publication.awaitRoom();
    }

    /**
     * Ends the transfer after the last write. The size must be the declared one and, if the sender
     * declared a checksum, it must match; otherwise the transfer is aborted.
     *
     * @return the content's SHA-256, as lowercase hex
     */
    public String finish(Optional<String> declaredSha256) throws ProtocolException {
        checkOpen();
        if (written != offer.size()) {
            ProtocolException tooLittle = new ProtocolException(ErrorCode.SIZE_MISMATCH,
                    "the file carried " + written + " bytes, not the " + offer.size() + " its header declared");
            abort(tooLittle.getMessage());
            throw tooLittle;
        }
        String actual = Sha256.hex(sha256);
        if (declaredSha256.isPresent() && !declaredSha256.get().equals(actual)) {
            ProtocolException mismatch = new ProtocolException(ErrorCode.CHECKSUM_MISMATCH,
                    "the file has the SHA-256 " + actual + ", not the declared " + declaredSha256.get());
            abort(mismatch.getMessage());
            throw mismatch;
        }
        if (text != null) {
            checkUtf8();
        }
        closed = true;
        verifiedSha256 = actual;
        publication.end(actual);
        observer.finished(this);
        over.complete(null);
        return actual;
    }

    /** Gives the transfer up: every subscriber is told, and none counts it as received. Does nothing once closed. */
    public void abort(String reason) {
        if (closed) {
            return;
        }
        closed = true;
        publication.abort(reason);
        observer.aborted(this, reason);
        over.complete(null);
    }

    /** Completes once the sender's last byte was relayed, or the transfer was aborted. */
    public CompletionStage<Void> over() {
        return over;
    }

    /**
     * Blocks until every subscriber could start on the sender's next file. A sender that sends one
     * file after another calls this first, so that its next file does not pile up behind this one.
     */
    public void awaitReadyForNext() throws InterruptedException {
        publication.awaitReadyForNext();
    }

    /** How many bytes the sender has sent so far. */
    public long written() {
        return written;
    }

    /** The content's SHA-256 once the transfer has finished; empty if it has not or was aborted. */
    public Optional<String> sha256() {
        return Optional.ofNullable(verifiedSha256);
    }

    private void checkUtf8() throws ProtocolException {
        try {
            StrictUtf8.decode(ByteBuffer.wrap(text.toByteArray()));
        } catch (CharacterCodingException e) {
            ProtocolException notText = new ProtocolException(ErrorCode.INVALID_TEXT, "a text must be UTF-8, and this one is not");
            abort(notText.getMessage());
            throw notText;
        }
    }

    private void checkOpen() throws ProtocolException {
        if (closed) {
            throw new ProtocolException(ErrorCode.UNKNOWN_TRANSFER, "the transfer of this file is already over");
        }
    }
}
