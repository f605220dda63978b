package org.wsfile.client;

import java.io.IOException;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.LongConsumer;

/** A connection to a wsfile server (or the original server), in one of the two protocols. */
public interface FileConnection extends AutoCloseable {
    /** Where wsfile's endpoint is on a server that deploys it at the usual context, as the README says. */
    String DEFAULT_PATH = "/wsfile/ws";

    /**
     * Subscribes to a topic, and returns once files sent to it will reach this connection.
     */
    void subscribe(String topic) throws IOException, RefusedException, InterruptedException;

    /** The largest file the server accepts, if it says. */
    OptionalLong maxFileSize();

    /**
     * Sends one file, reading it from disk as it goes. Returns once every byte is handed to the
     * network; the result completes with the server's receipt (empty in the original protocol,
     * which has none), or with a {@link RefusedException} or {@link ConnectionLostException}.
     *
     * @param progress  told the number of bytes sent so far, as they are sent
     * @param meanwhile told, about every second, how the file fares while some subscribers are still receiving it
     *                  after the last byte was sent (they fell behind and the server feeds them at their pace);
     *                  never in the original protocol
     */
    CompletableFuture<Optional<Receipt>> send(String topic, OutgoingFile file, LongConsumer progress,
                                              Consumer<Receipt> meanwhile) throws IOException, InterruptedException;

    /** Completes, with the reason, when the connection closes. */
    CompletableFuture<String> closed();

    /** Closes the connection; files still arriving are aborted. */
    @Override
    void close();
}
