package org.wsfile.server;

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
            Optional<ProtocolException> notAllowed = ConnectionLimits.publishRefusal(permissions, publish.file().topic());
            if (notAllowed.isPresent()) {
                throw notAllowed.get();
            }
            relay(publish.file());
        }
    }

    private void relay(LegacyFile file) throws ProtocolException, InterruptedException {
        if (previous != null) {
            previous.awaitReadyForNext();
        }
        Transfer transfer = relay.open(file.topic(), file.name(), file.mime(), file.decodedSize(), connectionId);
        previous = transfer;
        String unfinished = "the server could not relay the file";
        try {
            Base64Slices content = file.content();
            while (content.hasNext()) {
                transfer.write(ByteBuffer.wrap(content.next()));
            }
            transfer.finish(Optional.empty());
            unfinished = null;
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
