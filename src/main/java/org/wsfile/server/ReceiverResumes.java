package org.wsfile.server;

import java.util.Optional;

import org.wsfile.auth.Permissions;
import org.wsfile.history.History;
import org.wsfile.history.RetainedFile;
import org.wsfile.protocol.ErrorCode;
import org.wsfile.protocol.ProtocolException;
import org.wsfile.protocol.stream.ControlMessage;
import org.wsfile.protocol.stream.ServerMessages;
import org.wsfile.relay.Hub;
import org.wsfile.relay.Resumable;

/**
 * A streaming connection's requests for the rest of files it was cut off from (docs/PROTOCOL.md,
 * "Resuming a file"): sent from the spool while the file is in flight, else from topic history if
 * it keeps the file. Anything else, or a file of a topic the connection may not receive, is
 * refused with the file's key, so that the client knows which file to give up.
 */
final class ReceiverResumes {
    private final Hub hub;
    private final History history;
    private final Permissions permissions;
    private final StreamSubscriber subscriber;
    private final Outbox outbox;
    private final DeliveryThreads threads;

    ReceiverResumes(Connection connection) {
        this.hub = connection.server().hub;
        this.history = connection.server().history;
        this.permissions = connection.permissions();
        this.subscriber = connection.streamSubscriber();
        this.outbox = connection.outbox();
        this.threads = connection.server().threads;
    }

    /** Sends the rest of the file from where the client got to, or says why it cannot. */
    void resume(ControlMessage.Resume resume) {
        try {
            Optional<Resumable> live = hub.inFlight(resume.key());
            if (live.isPresent()) {
                ConnectionLimits.checkMayReceive(permissions, live.get().offer().topic());
                if (live.get().resume(resume.offset(), subscriber::resume)) {
                    return;
                }
            }
            RetainedFile kept = history.kept(resume.key()).filter(file -> resume.offset() <= file.size())
                    .orElseThrow(ReceiverResumes::notHeld);
            ConnectionLimits.checkMayReceive(permissions, kept.topic());
            threads.execute(() -> resend(kept, resume));
        } catch (ProtocolException refused) {
            refuse(resume.key(), refused);
        }
    }

    /** A kept file, on a thread of its own: it goes at the subscriber's pace. */
    private void resend(RetainedFile kept, ControlMessage.Resume resume) {
        try {
            if (!history.resend(kept, resume.offset(), subscriber::resume)) {
                refuse(resume.key(), notHeld());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void refuse(String key, ProtocolException refused) {
        outbox.sendText(ServerMessages.resumeRefused(refused, key));
    }

    private static ProtocolException notHeld() {
        return new ProtocolException(ErrorCode.NOT_RESUMABLE,
                "the server no longer holds this file: it was not kept, or is no longer (ask the sender again)");
    }
}
