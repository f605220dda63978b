package org.wsfile.server;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.wsfile.config.Settings;
import org.wsfile.protocol.Units;
import org.wsfile.relay.Transfer;

/**
 * Uploads a sender may continue on another connection, by the key it gave them: those being sent,
 * with the connection they are sent on, and those whose connection dropped mid-file, kept for
 * {@code wsfile.sender.resume-window} (their subscribers see the file pause, not restart) and
 * aborted if the sender does not come back in time. A network that drops away may leave the
 * server believing the old connection alive: a sender that comes back on a new one takes its
 * upload over from the old, which is then closed.
 */
@ApplicationScoped
public class ResumableUploads {
    @Inject
    Settings settings;
    @Inject
    DeliveryThreads threads;

    /** Uploads being sent, by key: the connection they are sent on. */
    private final Map<String, StreamInbound> sending = new ConcurrentHashMap<>();
    /** Uploads whose connection dropped, by key. */
    private final Map<String, Detached> detached = new ConcurrentHashMap<>();

    private record Detached(Transfer transfer, ScheduledFuture<?> expiry) {
    }

    ResumableUploads() {
    }

    /** Uploads kept for these settings' window, timed on these threads, outside a CDI container. */
    ResumableUploads(Settings settings, DeliveryThreads threads) {
        this.settings = settings;
        this.threads = threads;
    }

    /** The upload named {@code key} is sent on {@code connection}; it is forgotten once every subscriber is done with it. */
    void sending(String key, StreamInbound connection, Transfer transfer) {
        sending.put(key, connection);
        transfer.fanOut().done().thenRun(() -> sending.remove(key, connection));
    }

    /** Whether an upload with this key is being sent or waits for its sender. */
    boolean known(String key) {
        return sending.containsKey(key) || detached.containsKey(key);
    }

    /** Keeps the upload named {@code key}, whose connection dropped, for its sender to continue; false if resuming is off. */
    boolean detach(String key, Transfer transfer) {
        Duration window = settings.senderResumeWindow();
        if (window.isZero()) {
            return false;
        }
        try {
            ScheduledFuture<?> expiry = threads.schedule(() -> expire(key, transfer, window), window);
            detached.put(key, new Detached(transfer, expiry));
            return true;
        } catch (RejectedExecutionException stopping) {
            return false;
        }
    }

    /**
     * The upload named {@code key}, for {@code taker} to continue: one whose connection dropped, or
     * one still held by another connection, which gives it up.
     */
    Optional<Transfer> resume(String key, StreamInbound taker) throws InterruptedException {
        Detached waiting = detached.remove(key);
        if (waiting != null) {
            waiting.expiry().cancel(false);
            return Optional.of(waiting.transfer());
        }
        StreamInbound holder = sending.get(key);
        return holder == null || holder == taker ? Optional.empty() : holder.handOver(key);
    }

    private void expire(String key, Transfer transfer, Duration window) {
        Detached waiting = detached.get(key);
        if (waiting != null && waiting.transfer() == transfer && detached.remove(key, waiting)) {
            transfer.abort("the sender did not come back within " + Units.formatDuration(window));
        }
    }

    /** The application stops: nobody will continue the uploads still waiting. */
    @PreDestroy
    void abortAll() {
        detached.values().forEach(waiting -> waiting.transfer().abort("the server stopped"));
        detached.clear();
    }
}
