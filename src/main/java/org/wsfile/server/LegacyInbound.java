package org.wsfile.server;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Optional;

import org.wsfile.auth.Permissions;
import org.wsfile.config.Settings;
import org.wsfile.protocol.ProtocolException;
import org.wsfile.protocol.legacy.Base64Slices;
import org.wsfile.protocol.legacy.LegacyCommand;
import org.wsfile.protocol.legacy.LegacyFile;
import org.wsfile.protocol.legacy.LegacyParser;
import org.wsfile.relay.Hub;
import org.wsfile.relay.TopicRelay;
import org.wsfile.relay.Transfer;

/**
 * What one connection sends in the original protocol. A file arrives whole in one frame and is
 * relayed before the next frame is read, decoded a slice at a time, at the pace of its subscribers.
 */
final class LegacyInbound {
    private final String connectionId;
    private final LegacySubscriber subscriber;
    private final Hub hub;
    private final TopicRelay relay;
    private final LegacyParser parser;
    private final Settings settings;
    private final ControlRate requests;
    private final Permissions permissions;
    private Transfer previous;

    LegacyInbound(Connection connection) {
        this.connectionId = connection.id();
        this.subscriber = connection.legacySubscriber();
        this.hub = connection.server().hub;
        this.relay = connection.server().relay;
        this.settings = connection.server().settings;
        this.parser = new LegacyParser(settings.maxFileSize());
        this.requests = connection.requests();
        this.permissions = connection.permissions();
    }

    /** Handles one text frame of the original protocol. */
    void frame(String frame) throws ProtocolException, InterruptedException {
        LegacyCommand command = parser.parse(frame);
        if (command instanceof LegacyCommand.Subscribe subscribe) {
            if (!requests.tryTake()) {
                throw ConnectionLimits.rateLimited(settings.limits().controlMessagesPerSecond());
            }
            ConnectionLimits.checkSubscription(hub, subscriber, permissions, subscribe.topic(),
                    settings.limits().maxTopicsPerConnection());
            hub.subscribe(subscriber, subscribe.topic());
        } else if (command instanceof LegacyCommand.Publish publish) {
            Base64Slices base64 = publish.file().content();
            relay(publish.file(), new Content() {
                @Override
                public boolean hasNext() {
                    return base64.hasNext();
                }

                @Override
                public ByteBuffer next() throws ProtocolException {
                    return ByteBuffer.wrap(base64.next());
                }
            });
        }
    }

    /**
     * Handles a file whose frame the connection read itself as it arrived (see
     * {@link UpgradedConnection}): its header, with its size, and its decoded content.
     */
    void upload(LegacyFile file, UploadSpool spool) throws ProtocolException, InterruptedException, IOException {
        UploadSpool.Slices slices = spool.content();
        Optional<HeldBytes> sendersBase64 = spool.sendersBase64();
        relay(file, new Content() {
            @Override
            public void prepare(Transfer transfer) {
                sendersBase64.ifPresent(base64 ->
                        transfer.provide(LegacyMessage.class,
                                LegacyMessage.forwarding(transfer.offer(), base64, settings.subscriberBuffer())));
            }

            @Override
            public boolean hasNext() {
                return slices.hasNext();
            }

            @Override
            public ByteBuffer next() throws IOException {
                return slices.next();
            }
        });
    }

    /** A file's content, a slice at a time. */
    private interface Content {
        /** Before the first slice is relayed. */
        default void prepare(Transfer transfer) {
        }

        boolean hasNext();

        ByteBuffer next() throws ProtocolException, IOException;
    }

    /** Refuses a file to a topic the connection's token does not allow it to publish to. */
    void checkPublish(String topic) throws ProtocolException {
        Optional<ProtocolException> notAllowed = ConnectionLimits.publishRefusal(permissions, topic);
        if (notAllowed.isPresent()) {
            throw notAllowed.get();
        }
    }

    private void relay(LegacyFile file, Content content) throws ProtocolException, InterruptedException {
        checkPublish(file.topic());
        if (previous != null) {
            previous.awaitReadyForNext();
        }
        Transfer transfer = relay.open(file.topic(), file.name(), file.mime(), file.decodedSize(), connectionId);
        previous = transfer;
        String unfinished = "the server could not relay the file";
        try {
            content.prepare(transfer);
            while (content.hasNext()) {
                transfer.write(content.next());
            }
            transfer.finish(Optional.empty());
            unfinished = null;
        } catch (IOException e) {
            unfinished = "the server could not read back its copy of the file: " + e.getMessage();
        } catch (ProtocolException problem) {
            unfinished = problem.getMessage();
            throw problem;
        } catch (InterruptedException e) {
            unfinished = "the server is stopping";
            throw e;
        } finally {
            // Whatever stopped it, the subscribers must not be left waiting for the rest.
            if (unfinished != null) {
                transfer.abort(unfinished);
            }
        }
    }
}
