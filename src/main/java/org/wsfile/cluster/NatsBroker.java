package org.wsfile.cluster;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

import io.nats.client.Connection;
import io.nats.client.ConnectionListener;
import io.nats.client.Consumer;
import io.nats.client.Dispatcher;
import io.nats.client.ErrorListener;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.Options;

import org.wsfile.cluster.ClusterMessages.Kind;
import org.wsfile.cluster.ClusterMessages.Report;
import org.wsfile.config.ClusterSettings;
import org.wsfile.relay.Broker;
import org.wsfile.relay.BrokerState;
import org.wsfile.relay.FileOffer;
import org.wsfile.relay.Hub;
import org.wsfile.relay.Publication;
import org.wsfile.relay.TopicInterest;
import org.wsfile.relay.TransferIds;

/**
 * The broker of a server that shares its topics with other wsfile servers through NATS. A file
 * goes to this server's hub as with {@link org.wsfile.relay.LocalBroker}, and, if other servers
 * said they have subscribers for its topic, to them on the topic's subject
 * ({@link ClusterPublication}); their files come in on the subjects of the topics this server has
 * subscribers for and go to its hub ({@link IncomingLane}). One NATS connection per server; a
 * topic costs no traffic to servers without subscribers for it. See docs/SCALING.md.
 */
public final class NatsBroker implements Broker, TopicInterest, AutoCloseable {
    private static final Logger LOG = Logger.getLogger(NatsBroker.class.getName());
    /** Files go to NATS in messages of at most this size (NATS refuses more than its max_payload, 1 MiB by default). */
    private static final int LARGEST_PIECE = 256 * 1024;

    private final ClusterSettings settings;
    private final Hub hub;
    private final TransferIds ids;
    private final Executor threads;
    private final long stallNanos;
    private final Subjects subjects;
    private final Peers peers = new Peers();
    private final Map<String, OutgoingLane> outgoing = new ConcurrentHashMap<>();
    private final Map<String, IncomingLane> incoming = new ConcurrentHashMap<>();
    private final Map<Long, ClusterPublication> publications = new ConcurrentHashMap<>();
    /** Topics whose subject this server listens on, with when they lost their last subscriber here (0: they have some). */
    private final Map<String, Long> listening = new ConcurrentHashMap<>();
    private final ScheduledExecutorService housekeeping;
    private final AtomicBoolean presenceDue = new AtomicBoolean();
    /** Whether this server takes every topic's files (it keeps a topic history), not only those it has subscribers for. */
    private final boolean keepsEveryTopic;
    private final AtomicLong publishedBytes = new AtomicLong();
    private final AtomicLong receivedBytes = new AtomicLong();
    private final AtomicLong droppedPeers = new AtomicLong();
    private final Reports reports = new Reports(this);
    private volatile Connection connection;
    private volatile Dispatcher dispatcher;
    private volatile boolean connected;
    /** Set once the broker leaves NATS itself, when the server stops. */
    private volatile boolean closing;
    /** The most a message of files may carry: NATS's max_payload, less room for headers and framing. */
    private volatile int largestMessage = LARGEST_PIECE;

    /**
     * @param threads where each sender's files from other servers are relayed to subscribers
     * @param stall   how long a server may give no credit for a sender's bytes before it is left out of the file
     */
    public NatsBroker(ClusterSettings settings, Hub hub, TransferIds ids, Executor threads, Duration stall) {
        this(settings, hub, ids, threads, stall, false);
    }

    /**
     * @param keepsEveryTopic whether this server keeps a topic history: it then takes every topic's files from the
     *                        other servers, with subscribers for them here or not, so that its history is whole
     */
    public NatsBroker(ClusterSettings settings, Hub hub, TransferIds ids, Executor threads, Duration stall,
                      boolean keepsEveryTopic) {
        this.keepsEveryTopic = keepsEveryTopic;
        this.settings = settings;
        this.hub = hub;
        this.ids = ids;
        this.threads = threads;
        this.stallNanos = stall.toNanos();
        this.subjects = new Subjects(settings.name());
        this.housekeeping = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "wsfile-cluster-" + settings.nodeId());
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Connects to NATS in the background: the server serves its own subscribers meanwhile, and
     * the connection is retried for as long as the server runs, here and after any loss.
     */
    public void start() {
        Options.Builder options = new Options.Builder().server(settings.natsUrl().orElseThrow())
                .connectionName("wsfile " + settings.nodeId()).noEcho().maxReconnects(-1)
                .reconnectWait(Duration.ofMillis(500))
                // Nothing is kept for later while disconnected: a file in flight is given up, not half-sent later.
                .reconnectBufferSize(0)
                // Credits bound what is queued; NATS's own bound would make a publish wait or fail instead.
                .maxMessagesInOutgoingQueue(0)
                .connectionListener(connectionListener()).errorListener(errorListener());
        settings.credentials().ifPresent(file -> options.authHandler(Nats.credentials(file)));
        hub.watch(this);
        long tick = settings.peerTimeout().toMillis() / 3;
        housekeeping.scheduleWithFixedDelay(this::tick, tick, tick, TimeUnit.MILLISECONDS);
        try {
            Nats.connectAsynchronously(options.build(), true);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public Publication publish(FileOffer offer, String senderConnection) {
        Publication local = hub.offered(offer, senderConnection);
        List<String> nodes = connected ? peers.wanting(offer.topic()) : List.of();
        if (nodes.isEmpty()) {
            return local;
        }
        OutgoingLane lane = outgoing.compute(senderConnection, (key, existing) -> {
            OutgoingLane opened = existing == null
                    ? new OutgoingLane(settings.window(), new SmallFiles(this, senderConnection)) : existing;
            opened.opened();
            return opened;
        });
        ClusterPublication publication = new ClusterPublication(this, offer, senderConnection, lane, local, nodes);
        publications.put(offer.id(), publication);
        publication.fanOut().done().thenRun(() -> {
            publications.remove(offer.id());
            outgoing.computeIfPresent(senderConnection, (key, open) -> {
                open.closed();
                return open.idle() ? null : open;
            });
        });
        return publication;
    }

    /** Whether this server takes every topic's files from the others, as it keeps a topic history. */
    boolean keepsEveryTopic() {
        return keepsEveryTopic;
    }

    @Override
    public BrokerState state() {
        return new BrokerState("nats", settings.nodeId(), connected, peers.state(), publishedBytes.get(),
                receivedBytes.get(), droppedPeers.get());
    }

    @Override
    public synchronized void wanted(String topic) {
        if (listening.put(topic, 0L) == null && dispatcher != null && !keepsEveryTopic) {
            dispatcher.subscribe(subjects.topic(topic));
        }
        presenceDue();
    }

    @Override
    public synchronized void unwanted(String topic) {
        // Still listened to for a while: a server that offered a file before hearing of this must get an answer.
        listening.replace(topic, System.nanoTime());
        presenceDue();
    }

    /** Tells the others this server is stopping, and leaves NATS. */
    @Override
    public void close() {
        closing = true;
        hub.watch(null);
        housekeeping.shutdownNow();
        Connection open = connection;
        if (open == null) {
            return;
        }
        try {
            if (connected) {
                open.publish(ClusterMessages.message(subjects.presence(), Kind.LEAVING, settings.nodeId(), new byte[0]));
                open.flush(Duration.ofSeconds(1));
            }
        } catch (Exception e) {
            LOG.log(Level.FINE, "could not say goodbye to the cluster", e);
        }
        try {
            open.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    Subjects subjects() {
        return subjects;
    }

    String nodeId() {
        return settings.nodeId();
    }

    Hub hub() {
        return hub;
    }

    long nextLocalId() {
        return ids.next();
    }

    long window() {
        return settings.window();
    }

    long stallNanos() {
        return stallNanos;
    }

    int pieceSize() {
        return Math.min(LARGEST_PIECE, largestMessage);
    }

    void published(int bytes) {
        publishedBytes.addAndGet(bytes);
    }

    void received(int bytes) {
        receivedBytes.addAndGet(bytes);
    }

    /** Runs the task on the broker's own thread a millisecond from now (or now, if the broker is stopping). */
    void soon(Runnable task) {
        try {
            housekeeping.schedule(task, 1, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException stopping) {
            task.run();
        }
    }

    /**
     * Publishes a message.
     *
     * @throws IllegalStateException if NATS cannot take it now (not connected)
     */
    void send(Message message) {
        Connection open = connection;
        if (open == null || !connected) {
            throw new IllegalStateException("not connected");
        }
        open.publish(message);
    }

    /** Answers the server that sent files; an answer that cannot be sent is lost with the connection, which ends the files there. */
    void answer(String origin, Kind kind, byte[] body) {
        answer(origin, ClusterMessages.message(subjects.node(origin), kind, settings.nodeId(), body));
    }

    /** Where the reports of other servers' files wait to go back. */
    Reports reports() {
        return reports;
    }

    /** Tells the server that sent files how many subscribers here each is offered to, with credit for its lane. */
    void accepted(String origin, String lane, List<ClusterMessages.Accepted> files, long credit) {
        answer(origin, ClusterMessages.accepted(subjects.node(origin), settings.nodeId(), lane, files, credit));
    }

    private void answer(String origin, Message answer) {
        try {
            send(answer);
        } catch (IllegalStateException notConnected) {
            LOG.fine(() -> "could not answer server " + origin + ": " + notConnected.getMessage());
        }
    }

    private void receive(Message message) {
        try {
            Kind kind = ClusterMessages.kind(message);
            String node = ClusterMessages.node(message);
            switch (kind) {
                case OFFER, WHOLES, CHUNK, END, ABORT -> {
                    String sender = ClusterMessages.lane(message);
                    incoming.compute(senderElsewhere(node, sender), (key, lane) -> {
                        IncomingLane open = lane == null ? new IncomingLane(this, node, sender, threads) : lane;
                        open.add(message);
                        return open;
                    });
                }
                case ACCEPTED -> {
                    for (ClusterMessages.Accepted file : ClusterMessages.readAccepted(message.getData())) {
                        part(file.transfer(), node).ifPresent(part -> part.accepted(file.subscribers()));
                    }
                    credit(node, ClusterMessages.lane(message), ClusterMessages.credit(message));
                }
                case REPORT -> {
                    for (Report report : ClusterMessages.readReports(message.getData())) {
                        part(report.transfer(), node).ifPresent(part -> part.reported(report.completed(), report.failures()));
                    }
                }
                case PRESENCE -> {
                    if (!peers.knows(node)) {
                        LOG.info(() -> "server " + node + " joined the cluster");
                    }
                    peers.heard(node, ClusterMessages.readPresence(message.getData()));
                }
                case LEAVING -> peerGone(node, "stopped");
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "ignored a message on " + message.getSubject() + " that this server cannot read", e);
        }
    }

    private void credit(String node, String lane, long bytes) {
        outgoing.computeIfPresent(lane, (key, open) -> {
            open.credited(node, bytes);
            return open.idle() ? null : open;
        });
    }

    private Optional<RemotePart> part(long transfer, String node) {
        ClusterPublication publication = publications.get(transfer);
        return Optional.ofNullable(publication == null ? null : publication.part(node));
    }

    /** Another server is gone: its share of this server's files fails, and its files in flight here are aborted. */
    private void peerGone(String node, String how) {
        if (peers.left(node)) {
            droppedPeers.incrementAndGet();
            LOG.warning(() -> "server " + node + " " + how + "; files in flight to and from it are given up");
        }
        failParts(node, "the server " + how);
        incoming.values().stream().filter(lane -> lane.origin().equals(node))
                .forEach(lane -> lane.abortAll("the sender's server " + node + " " + how));
    }

    private void failParts(String node, String reason) {
        publications.values().forEach(publication -> {
            RemotePart part = publication.part(node);
            if (part != null) {
                part.failed(reason);
            }
        });
        outgoing.values().forEach(lane -> lane.forget(node));
    }

    private void tick() {
        try {
            presenceDue.set(false);
            sendPresence();
            long silence = settings.peerTimeout().toNanos();
            peers.silentFor(silence).forEach(node -> peerGone(node, "fell silent for " + settings.peerTimeout().toSeconds() + " s"));
            // Answers wait while a server's subscribers are slow (until its send timeout drops them):
            // only a server silent about a file for as long as a stall is left out.
            publications.values().forEach(publication -> publication.parts().forEach(part -> {
                if (part.unansweredFor(stallNanos)) {
                    publication.leaveOut(part, "did not answer the offer within " + stallNanos / 1_000_000_000 + " s");
                }
            }));
            incoming.forEach((key, lane) -> incoming.computeIfPresent(key, (k, open) -> open.idleFor(silence) ? null : open));
            stopListeningToUnwanted(2 * silence);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "cluster housekeeping failed", e);
        }
    }

    private synchronized void stopListeningToUnwanted(long graceNanos) {
        Set<String> wanted = hub.topics();
        long now = System.nanoTime();
        listening.forEach((topic, since) -> {
            if (since != 0 && now - since > graceNanos && !wanted.contains(topic) && listening.remove(topic, since)
                    && dispatcher != null && !keepsEveryTopic) {
                dispatcher.unsubscribe(subjects.topic(topic));
            }
        });
    }

    private void presenceDue() {
        if (presenceDue.compareAndSet(false, true)) {
            try {
                housekeeping.execute(() -> {
                    if (presenceDue.compareAndSet(true, false)) {
                        sendPresence();
                    }
                });
            } catch (RejectedExecutionException stopping) {
                presenceDue.set(false);
            }
        }
    }

    private void sendPresence() {
        if (!connected) {
            return;
        }
        try {
            Set<String> topics = hub.topics();
            if (keepsEveryTopic) {
                topics = new HashSet<>(topics);
                topics.add(Peers.EVERY_TOPIC);
            }
            send(ClusterMessages.message(subjects.presence(), Kind.PRESENCE, settings.nodeId(),
                    ClusterMessages.presence(topics)));
        } catch (IllegalStateException notConnected) {
            LOG.fine(() -> "presence not sent: " + notConnected.getMessage());
        }
    }

    /** Once connected: listen to this server's subjects, the first time; NATS's client keeps them across reconnections. */
    private synchronized void listen(Connection opened) {
        connection = opened;
        if (dispatcher != null) {
            return;
        }
        long maxPayload = opened.getServerInfo().getMaxPayload();
        largestMessage = (int) Math.min(Integer.MAX_VALUE, maxPayload - 16 * 1024);
        Dispatcher listener = opened.createDispatcher(this::receive);
        listener.setPendingLimits(0, 0);
        listener.subscribe(subjects.presence());
        listener.subscribe(subjects.node(settings.nodeId()));
        hub.topics().forEach(topic -> listening.putIfAbsent(topic, 0L));
        if (keepsEveryTopic) {
            listener.subscribe(subjects.everyTopic());
        } else {
            listening.keySet().forEach(topic -> listener.subscribe(subjects.topic(topic)));
        }
        dispatcher = listener;
    }

    private ConnectionListener connectionListener() {
        return (opened, event) -> {
            switch (event) {
                case CONNECTED, RECONNECTED -> {
                    listen(opened);
                    connected = true;
                    LOG.info(() -> "connected to NATS at " + ClusterSettings.withoutPassword(opened.getConnectedUrl())
                            + " as server " + settings.nodeId()
                            + " of cluster " + settings.name());
                    sendPresence();
                }
                case DISCONNECTED, CLOSED -> {
                    if (connected && !closing) {
                        LOG.warning(() -> "lost the connection to NATS; files in flight to and from other servers are"
                                + " given up, this server's own subscribers are still served");
                    }
                    connected = false;
                    lostConnection();
                }
                default -> {
                }
            }
        };
    }

    private void lostConnection() {
        String reason = "the connection to NATS was lost";
        publications.values().forEach(publication -> publication.parts().forEach(part -> part.failed(reason)));
        outgoing.clear();
        incoming.values().forEach(lane -> lane.abortAll("this server lost its connection to NATS"));
        peers.clear();
    }

    private ErrorListener errorListener() {
        return new ErrorListener() {
            @Override
            public void errorOccurred(Connection conn, String error) {
                boolean refused = error.toLowerCase(Locale.ROOT).contains("authorization");
                LOG.warning(() -> "NATS: " + error + (refused ? " (NATS refused this server's user and password or"
                        + " credentials: see " + ClusterSettings.NATS_URL + " and " + ClusterSettings.CREDENTIALS + ")" : ""));
            }

            @Override
            public void exceptionOccurred(Connection conn, Exception exp) {
                LOG.log(Level.FINE, "NATS connection", exp);
            }

            @Override
            public void slowConsumerDetected(Connection conn, Consumer consumer) {
                LOG.warning("NATS says this server reads too slowly");
            }
        };
    }

    /** How this server names a sender connected to another server: its server's id and its own connection id. */
    static String senderElsewhere(String origin, String senderConnection) {
        return origin + "/" + senderConnection;
    }
}
