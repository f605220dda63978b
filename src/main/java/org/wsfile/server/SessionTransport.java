package org.wsfile.server;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.websocket.CloseReason;
import jakarta.websocket.Session;

/** A connection's {@link Transport} over the container's WebSocket session. */
final class SessionTransport implements Transport {
    private static final Logger LOG = Logger.getLogger(SessionTransport.class.getName());

    /**
     * The context class loader while writing. Payara's WebSocket engine schedules a task on the
     * managed executor for every message written, and capturing the task's context looks up
     * service files through the context class loader: through the application's loader that
     * scans every jar of the server, which cost more than the write. A loader that sees nothing
     * but the JDK makes it cheap; the task itself does nothing, as connections have no idle timeout.
     */
    private static final ClassLoader JDK_ONLY = new ClassLoader(null) { };

    private final Session session;

    SessionTransport(Session session) {
        this.session = session;
    }

    @Override
    public String id() {
        return session.getId();
    }

    @Override
    public void sendText(String text, boolean last) throws IOException {
        write(() -> session.getBasicRemote().sendText(text, last));
    }

    @Override
    public void sendBinary(ByteBuffer message) throws IOException {
        write(() -> session.getBasicRemote().sendBinary(message));
    }

    @Override
    public void close(Closure closure) {
        try {
            session.close(new CloseReason(CloseReason.CloseCodes.getCloseCode(closure.code()), closure.reason()));
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.FINE, "closing connection " + id() + " failed", e);
        }
    }

    private interface Write {
        void run() throws IOException;
    }

    private static void write(Write write) throws IOException {
        Thread thread = Thread.currentThread();
        ClassLoader saved = thread.getContextClassLoader();
        thread.setContextClassLoader(JDK_ONLY);
        try {
            write.run();
        } finally {
            thread.setContextClassLoader(saved);
        }
    }
}
