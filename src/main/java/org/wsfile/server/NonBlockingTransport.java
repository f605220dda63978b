package org.wsfile.server;

import java.io.IOException;

/**
 * A {@link Transport} whose writes never block: it takes each write whole and holds what the
 * network cannot take yet, so its {@link Outbox} writes on whichever thread has something for it
 * instead of a writer thread of its own. The outbox writes only while {@link #writable()} says
 * so; when it said no, the transport calls back once the network has taken what it held.
 */
interface NonBlockingTransport extends Transport {
    /** Who to tell, once, after {@link #writable()} said no and the transport can take more; called on a writer thread. */
    void whenWritable(Runnable callback);

    /** Whether the transport can take a write now; if not, it calls back when it can. */
    boolean writable() throws IOException;
}
