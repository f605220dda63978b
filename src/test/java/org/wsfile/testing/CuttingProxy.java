package org.wsfile.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP relay on loopback between clients and a server, which a test cuts as a dropped network
 * would: every connection through it closes at once, or stays open and carries nothing more. It
 * counts the bytes each connection carried either way, so a test can tell what was sent again.
 */
public final class CuttingProxy implements AutoCloseable {
    private static final int BUFFER = 64 * 1024;

    private final ServerSocket listening;
    private final InetSocketAddress server;
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    /** Bytes from the server, one counter per connection, in the order they were made. */
    private final List<AtomicLong> fromServer = new CopyOnWriteArrayList<>();
    /** Bytes to the server, likewise. */
    private final List<AtomicLong> toServer = new CopyOnWriteArrayList<>();
    /** One flag per connection: once set, it carries nothing more either way, but stays open. */
    private final List<AtomicBoolean> frozen = new CopyOnWriteArrayList<>();

    private CuttingProxy(InetSocketAddress server) throws IOException {
        this.server = server;
        this.listening = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread accepting = new Thread(this::accept, "proxy-accept");
        accepting.setDaemon(true);
        accepting.start();
    }

    /** A proxy to the server of this WebSocket address. */
    public static CuttingProxy to(URI endpoint) throws IOException {
        return new CuttingProxy(new InetSocketAddress(endpoint.getHost(), endpoint.getPort()));
    }

    /** The same address (a WebSocket endpoint or a page), through the proxy. */
    public URI through(URI address) {
        return URI.create(address.getScheme() + "://127.0.0.1:" + listening.getLocalPort() + address.getRawPath()
                + (address.getRawQuery() == null ? "" : "?" + address.getRawQuery()));
    }

    /** Closes every connection through the proxy now; new ones are still relayed. */
    public void cut() {
        for (Socket socket : open) {
            try {
                socket.close();
            } catch (IOException e) {
                // closed either way
            }
        }
        open.clear();
    }

    /**
     * Stops carrying anything on every connection through the proxy now, without closing them, as a
     * network that drops away without a word would; new connections are still relayed.
     */
    public void freeze() {
        frozen.forEach(flag -> flag.set(true));
    }

    /** Bytes the server sent through each connection so far, in the order they were made. */
    public List<Long> bytesFromServer() {
        return fromServer.stream().map(AtomicLong::get).toList();
    }

    /** Bytes sent to the server through each connection so far, in the order they were made. */
    public List<Long> bytesToServer() {
        return toServer.stream().map(AtomicLong::get).toList();
    }

    @Override
    public void close() throws IOException {
        listening.close();
        cut();
    }

    private void accept() {
        while (!listening.isClosed()) {
            try {
                Socket client = listening.accept();
                Socket upstream = new Socket(server.getAddress(), server.getPort());
                open.add(client);
                open.add(upstream);
                AtomicLong sent = new AtomicLong();
                AtomicLong received = new AtomicLong();
                toServer.add(sent);
                fromServer.add(received);
                AtomicBoolean stopped = new AtomicBoolean();
                frozen.add(stopped);
                pump(client, upstream, sent, stopped);
                pump(upstream, client, received, stopped);
            } catch (IOException e) {
                return; // the proxy was closed
            }
        }
    }

    private void pump(Socket from, Socket to, AtomicLong counted, AtomicBoolean frozen) {
        Thread thread = new Thread(() -> {
            byte[] buffer = new byte[BUFFER];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                for (int read; (read = in.read(buffer)) >= 0; ) {
                    while (frozen.get() && !from.isClosed()) {
                        Thread.sleep(100);
                    }
                    out.write(buffer, 0, read);
                    counted.addAndGet(read);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (IOException e) {
                // cut, or closed by one side
            } finally {
                closeQuietly(from);
                closeQuietly(to);
            }
        }, "proxy-pump");
        thread.setDaemon(true);
        thread.start();
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // closed either way
        }
    }
}
