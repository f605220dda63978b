package org.wsfile.relay;

import org.wsfile.protocol.legacy.LegacyFile;

/** Something that receives the files published to the topics it subscribed to: in the server, one connection. */
public interface Subscriber {

    /**
     * Hands this subscriber a file. It must not block, and must eventually report exactly one of
     * {@link FanOut#receivedWhole()} or {@link FanOut#dropped()} for it.
     */
    void offer(LegacyFile file, FanOut fanOut);

    /** A short name for logs. */
    String describe();
}
