package org.wsfile.history;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.logging.Logger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.wsfile.config.HistorySettings;
import org.wsfile.protocol.stream.HistoryRequest;
import org.wsfile.relay.FileOffer;
import org.wsfile.relay.Hub;
import org.wsfile.relay.Redelivery;
import org.wsfile.relay.Resumption;
import org.wsfile.relay.Subscriber;
import org.wsfile.relay.TransferIds;

/**
 * Topic history: when {@code wsfile.history.files} is set, every file relayed is kept on disk
 * ({@link HistoryStore}) and a subscriber may ask for the last ones when it subscribes. Off, it
 * keeps nothing and answers every request with no files.
 */
@ApplicationScoped
public class History {
    private static final Logger LOG = Logger.getLogger(History.class.getName());

    @Inject
    HistorySettings settings;
    @Inject
    Hub hub;
    @Inject
    TransferIds ids;

    private volatile HistoryStore store;

    History() {
    }

    /** No history, outside a CDI container. */
    public static History off() {
        return new History();
    }

    void onStart(@Observes @Initialized(ApplicationScoped.class) Object started) {
        if (!settings.enabled()) {
            return;
        }
        try {
            HistoryStore opened = HistoryStore.open(settings, Clock.systemUTC());
            store = opened;
            hub.record(opened::record);
        } catch (IOException e) {
            throw new UncheckedIOException("topic history cannot use " + settings.dir().toAbsolutePath()
                    + " (" + HistorySettings.DIR + "): " + e.getMessage(), e);
        }
        LOG.info(() -> "topic history: keeping files in " + settings.dir().toAbsolutePath());
    }

    /** How many files of each topic are kept at most; 0 when none are. */
    public int filesPerTopic() {
        return store == null ? 0 : settings.files();
    }

    /** Bytes kept of each topic that has history. */
    public Map<String, Long> topicBytes() {
        HistoryStore kept = store;
        return kept == null ? Map.of() : kept.topicBytes();
    }

    /**
     * Sends the subscriber the kept files of the topic it asked for, oldest first, each as a file of
     * its own with the time it was first sent and its checksum; then those that were still arriving
     * when it asked, once whole. Returns when the subscriber has taken the last (it goes at its pace).
     */
    public void replay(Subscriber subscriber, String topic, HistoryRequest request) throws InterruptedException {
        HistoryStore kept = store;
        if (kept == null) {
            return;
        }
        HistoryStore.Replay replay = kept.replay(topic, request);
        for (RetainedFile file : replay.kept()) {
            send(subscriber, file);
        }
        for (CompletableFuture<Optional<RetainedFile>> arriving : replay.arriving()) {
            try {
                Optional<RetainedFile> file = arriving.get();
                if (file.isPresent()) {
                    send(subscriber, file.get());
                }
            } catch (ExecutionException e) {
                LOG.warning("topic history: a file being kept failed: " + e.getCause());
            }
        }
    }

    /** The kept file with that key, if there is one: a receiver cut off mid-file asks to resume it. */
    public Optional<RetainedFile> kept(String key) {
        HistoryStore open = store;
        return open == null ? Optional.empty() : open.kept(key);
    }

    /**
     * Sends a kept file from byte {@code offset} on to a receiver that has the bytes before (it was cut
     * off mid-file). Returns when the receiver has taken the last (it goes at its pace).
     *
     * @return false, having sent nothing, if the file can no longer be read (the limits deleted it meanwhile)
     */
    public boolean resend(RetainedFile file, long offset, Resumption receiver) throws InterruptedException {
        try (FileChannel bytes = FileChannel.open(file.data())) {
            Redelivery.resend(receiver, offerOf(file), bytes, offset, file.sha256());
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private FileOffer offerOf(RetainedFile file) {
        return new FileOffer(ids.next(), file.topic(), file.name(), file.mime(), file.size(), file.sentAt(), file.text(),
                file.key());
    }

    private void send(Subscriber subscriber, RetainedFile file) throws InterruptedException {
        FileOffer offer = offerOf(file);
        try (FileChannel bytes = FileChannel.open(file.data())) {
            Redelivery.send(subscriber, offer, bytes, file.sha256());
        } catch (NoSuchFileException e) {
            // Deleted by the limits since the request was answered: no longer kept, so not sent.
        } catch (IOException e) {
            LOG.warning("topic history: could not read " + file.data() + ": " + e.getMessage());
        }
    }
}
