package org.wsfile.client;

import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.LongConsumer;

import org.wsfile.protocol.legacy.LegacyDeliveryEncoder;

/**
 * A connection in the original text protocol (docs/ORIGINAL-PROTOCOL.md), for servers that speak
 * nothing else. A file goes out as one text message, {@code message:{topic}:{mime}:{name}:{base64}},
 * written in fragments as the file is read; the protocol has no receipts, no checksums and no
 * acknowledgements, so a sent file's result is empty and the server's refusals arrive as notices.
 */
public final class LegacyConnection implements FileConnection {
    /** Bytes read per fragment: a multiple of 3, so that each fragment is whole base64. */
    private static final int READ_SIZE = 3 * 64 * 1024;
    private static final Duration ROUND_TRIP_TIMEOUT = Duration.ofMinutes(10);
    private static final Duration SUBSCRIBE_TIMEOUT = Duration.ofSeconds(15);

    /** Close code of a file over the server's limit. */
    private static final int TOO_BIG = 1009;

    private WebSocketLink link;
    /** The server's last error frame since the current file was begun. */
    private volatile RefusedException refusal;

    private LegacyConnection() {
    }

    /**
     * Connects.
     *
     * @param sink    where received files go
     * @param notices told of the server's error frames and of messages that are not files
     */
    public static LegacyConnection connect(URI uri, FileSink sink, Consumer<String> notices)
            throws ConnectionLostException, InterruptedException {
        LegacyConnection connection = new LegacyConnection();
        LegacyMessageReader reader = new LegacyMessageReader(sink, notices, refused -> {
            connection.refusal = refused;
            notices.accept("the server reported: " + refused.getMessage());
        });
        connection.link = WebSocketLink.open(uri, null, new WebSocketLink.Handler() {
            @Override
            public void text(CharSequence part, boolean last) {
                reader.part(part, last);
            }

            @Override
            public void binary(ByteBuffer part, boolean last) {
                if (last) {
                    notices.accept("ignored a binary message, which the original protocol does not have");
                }
            }

            @Override
            public void closed(String reason) {
                reader.closed();
            }
        });
        return connection;
    }

    /**
     * Sends the subscription. The original protocol does not confirm it, so this waits until the
     * server has read it (a ping answered after it): files sent after this returns reach us.
     */
    @Override
    public void subscribe(String topic) throws IOException, InterruptedException {
        link.sendText("subscribe:" + topic, true);
        link.roundTrip(SUBSCRIBE_TIMEOUT);
    }

    @Override
    public OptionalLong maxFileSize() {
        return OptionalLong.empty();
    }

    /**
     * Sends the file, then waits until the server has read it (a ping answered after the file),
     * so that an error frame about it has arrived by then: the result then fails with it.
     */
    @Override
    public CompletableFuture<Optional<Receipt>> send(String topic, OutgoingFile file, LongConsumer progress,
                                                     Consumer<Receipt> meanwhile) throws IOException, InterruptedException {
        refusal = null;
        try (FileChannel channel = FileChannel.open(file.path())) {
            link.sendText("message:" + topic + ':' + LegacyDeliveryEncoder.header(file.mime(), file.name()), false);
            sendContent(channel, file, progress);
        } catch (ConnectionLostException e) {
            return refusedIfTooBig(e);
        } catch (IOException e) {
            // A message begun cannot be taken back: only closing the connection ends it.
            link.close();
            throw e;
        }
        try {
            link.roundTrip(ROUND_TRIP_TIMEOUT);
        } catch (ConnectionLostException e) {
            return refusedIfTooBig(e);
        }
        RefusedException refused = refusal;
        return refused == null ? CompletableFuture.completedFuture(Optional.empty()) : CompletableFuture.failedFuture(refused);
    }

    /** The server closes the connection with 1009 to refuse a file over its limit, the only refusal that protocol has for it. */
    private CompletableFuture<Optional<Receipt>> refusedIfTooBig(ConnectionLostException lost) throws ConnectionLostException {
        if (link.closeCode() != TOO_BIG) {
            throw lost;
        }
        return CompletableFuture.failedFuture(new RefusedException("too-large", link.closed().join()));
    }


    private void sendContent(FileChannel channel, OutgoingFile file, LongConsumer progress) throws IOException {
        LegacyDeliveryEncoder encoder = new LegacyDeliveryEncoder();
        long sent = 0;
        ByteBuffer buffer = ByteBuffer.allocate(READ_SIZE);
        while (sent < file.size()) {
            buffer.clear().limit((int) Math.min(READ_SIZE, file.size() - sent));
            if (channel.read(buffer) < 0) {
                throw new IOException(file.path() + " became shorter while it was being sent");
            }
            sent += buffer.flip().remaining();
            byte[] base64 = encoder.encode(buffer);
            if (base64.length > 0) {
                link.sendText(new String(base64, StandardCharsets.US_ASCII), false);
            }
            progress.accept(sent);
        }
        link.sendText(new String(encoder.finish(), StandardCharsets.US_ASCII), true);
    }

    @Override
    public CompletableFuture<String> closed() {
        return link.closed();
    }

    @Override
    public void close() {
        link.close();
    }
}
