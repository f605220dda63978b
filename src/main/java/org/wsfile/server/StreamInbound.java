package org.wsfile.server;

import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

import org.wsfile.config.Settings;
import org.wsfile.protocol.ErrorCode;
import org.wsfile.protocol.Names;
import org.wsfile.protocol.ProtocolException;
import org.wsfile.protocol.stream.ChunkFrames;
import org.wsfile.protocol.stream.ControlMessage;
import org.wsfile.protocol.stream.ControlParser;
import org.wsfile.protocol.stream.ServerMessages;
import org.wsfile.relay.FanOut;
import org.wsfile.relay.TopicRegistry;
import org.wsfile.relay.TopicRelay;
import org.wsfile.relay.Transfer;

/**
 * What one connection sends in the streaming protocol: control frames and data frames. Calls come
 * from the connection's reading thread, one at a time; a refusal is answered with an error frame
 * and the connection stays usable.
 */
final class StreamInbound {
    /** The largest data frame read, id included. */
    static final int MAX_CHUNK_SIZE = 1024 * 1024;

    private final String connectionId;
    private final StreamSubscriber subscriber;
    private final SessionOutbox outbox;
    private final TopicRegistry registry;
    private final TopicRelay relay;
    private final Settings settings;
    /** The sender's open transfers, by the id the sender gave them. */
    private final Map<Long, Transfer> open = new HashMap<>();
    /** Ids of transfers refused at their header, whose data frames are dropped without a word until their end. */
    private final Set<Long> refused = new HashSet<>();
    private Transfer previous;

    StreamInbound(String connectionId, StreamSubscriber subscriber, SessionOutbox outbox, TopicRegistry registry,
                  TopicRelay relay, Settings settings) {
        this.connectionId = connectionId;
        this.subscriber = subscriber;
        this.outbox = outbox;
        this.registry = registry;
        this.relay = relay;
        this.settings = settings;
    }

    /** Handles one JSON control frame. */
    void control(String frame) throws InterruptedException {
        ControlMessage message;
        try {
            message = ControlParser.parse(frame);
        } catch (ProtocolException problem) {
            refuse(problem, OptionalLong.empty());
            return;
        }
        try {
            handle(message);
        } catch (ProtocolException problem) {
            refuse(problem, idOf(message));
        }
    }

    /** Handles one binary data frame. */
    void data(ByteBuffer frame) throws InterruptedException {
        ChunkFrames.Chunk chunk;
        try {
            chunk = ChunkFrames.parse(frame);
        } catch (ProtocolException problem) {
            refuse(problem, OptionalLong.empty());
            return;
        }
        if (refused.contains(chunk.id())) {
            return;
        }
        try {
            openTransfer(chunk.id()).write(chunk.data());
        } catch (ProtocolException problem) {
            // The transfer is over (the relay aborted it); its remaining data frames are dropped quietly.
            if (open.remove(chunk.id()) != null) {
                refused.add(chunk.id());
            }
            refuse(problem, OptionalLong.of(chunk.id()));
        }
    }

    /** The connection closed: every transfer it was still sending is aborted. */
    void closed() {
        open.values().forEach(transfer -> transfer.abort("the sender disconnected"));
        open.clear();
        subscriber.closed();
    }

    private void handle(ControlMessage message) throws ProtocolException, InterruptedException {
        if (message instanceof ControlMessage.Hello) {
            outbox.sendText(ServerMessages.welcome(settings.maxFileSize(), MAX_CHUNK_SIZE - ChunkFrames.ID_BYTES));
        } else if (message instanceof ControlMessage.Subscribe subscribe) {
            registry.subscribe(subscriber, subscribe.topic());
            outbox.sendText(ServerMessages.subscribed(subscribe.topic()));
        } else if (message instanceof ControlMessage.Unsubscribe unsubscribe) {
            registry.unsubscribe(subscriber, unsubscribe.topic());
            outbox.sendText(ServerMessages.unsubscribed(unsubscribe.topic()));
        } else if (message instanceof ControlMessage.Send send) {
            start(send);
        } else if (message instanceof ControlMessage.End end) {
            finish(end);
        } else if (message instanceof ControlMessage.Cancel cancel) {
            if (!refused.remove(cancel.id())) {
                openTransfer(cancel.id()).abort("cancelled by the sender");
                open.remove(cancel.id());
            }
        } else if (message instanceof ControlMessage.Received received) {
            confirm(received.ids());
        } else if (message instanceof ControlMessage.Failed failed) {
            subscriber.failed(failed.id(), failed.reason());
        }
    }

    /** Each confirmation stands alone: one for a file the server does not know is refused, the others count. */
    private void confirm(List<Long> ids) {
        for (long id : ids) {
            try {
                subscriber.received(id);
            } catch (ProtocolException problem) {
                refuse(problem, OptionalLong.of(id));
            }
        }
    }

    private void start(ControlMessage.Send send) throws ProtocolException, InterruptedException {
        if (open.containsKey(send.id()) || refused.contains(send.id())) {
            throw new ProtocolException(ErrorCode.BAD_ORDER, "transfer " + send.id() + " is already open");
        }
        if (send.size() > settings.maxFileSize()) {
            refused.add(send.id());
            throw Names.tooLarge(send.size(), settings.maxFileSize());
        }
        // A sender that sends one file after another waits until its previous file no longer holds
        // up subscribers that take one file at a time; one that interleaves files does not.
        if (open.isEmpty() && previous != null) {
            previous.awaitReadyForNext();
        }
        Transfer transfer = relay.open(send.topic(), send.name(), send.mime(), send.size(), connectionId);
        open.put(send.id(), transfer);
        previous = transfer;
        long senderId = send.id();
        transfer.fanOut().done().thenAccept(fanOut -> sendReceipt(senderId, transfer, fanOut));
    }

    private void finish(ControlMessage.End end) throws ProtocolException {
        if (refused.remove(end.id())) {
            return;
        }
        Transfer transfer = openTransfer(end.id());
        open.remove(end.id());
        transfer.finish(Optional.of(end.sha256()));
    }

    private void sendReceipt(long senderId, Transfer transfer, FanOut fanOut) {
        outbox.sendText(ServerMessages.receipt(senderId, transfer.sha256().orElse(null), fanOut.offered(),
                fanOut.completed(), fanOut.failures()));
    }

    private Transfer openTransfer(long id) throws ProtocolException {
        Transfer transfer = open.get(id);
        if (transfer == null) {
            throw new ProtocolException(ErrorCode.UNKNOWN_TRANSFER, "no transfer " + id + " is open on this connection");
        }
        return transfer;
    }

    private void refuse(ProtocolException problem, OptionalLong id) {
        ConnectionLog.refused(connectionId, problem);
        outbox.sendText(ServerMessages.error(problem, id));
    }

    private static OptionalLong idOf(ControlMessage message) {
        return message instanceof ControlMessage.AboutTransfer about ? OptionalLong.of(about.id()) : OptionalLong.empty();
    }
}
