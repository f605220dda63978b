package org.wsfile.ops;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

import org.wsfile.protocol.ErrorCode;
import org.wsfile.relay.Broker;
import org.wsfile.relay.FanOut;
import org.wsfile.relay.FileOffer;
import org.wsfile.relay.RelayObserver;
import org.wsfile.relay.Hub;
import org.wsfile.relay.Transfer;
import org.wsfile.spool.Spooling;

/**
 * What the relay has done since the application started, as Prometheus metrics (served by
 * {@link MetricsServlet}) and for the status page ({@link StatusServlet}). The registry is the
 * application's own, so several deployments in one server do not collide.
 */
@ApplicationScoped
public class RelayStatistics implements RelayObserver {
    @Inject
    Hub topics;
    @Inject
    ConnectionCount connections;
    @Inject
    Broker broker;
    @Inject
    Spooling spooling;

    private static final String COMPLETED = "completed";
    private static final String FAILED = "failed";

    private final Instant startedAt = Instant.now();
    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final Map<Long, Transfer> inFlight = new ConcurrentHashMap<>();
    private Counter files;
    private Counter bytes;
    private Counter deliveries;
    private Counter aborted;
    private Counter dropped;
    private Counter refusals;

    @PostConstruct
    void register() {
        files = Counter.builder().name("wsfile_files_relayed").help("Files received whole from their senders").register(registry);
        bytes = Counter.builder().name("wsfile_relayed_bytes").help("Bytes of the files received whole from their senders")
                .register(registry);
        deliveries = Counter.builder().name("wsfile_deliveries").help("Files offered to subscribers, by outcome")
                .labelNames("outcome").register(registry);
        aborted = Counter.builder().name("wsfile_transfers_aborted").help("Transfers given up before their end")
                .register(registry);
        dropped = Counter.builder().name("wsfile_subscribers_dropped").help("Connections dropped for not keeping up")
                .register(registry);
        refusals = Counter.builder().name("wsfile_errors").help("Requests refused, by error code").labelNames("code")
                .register(registry);
        // Every series whose labels are known in advance is there from the start, at 0.
        deliveries.initLabelValues(COMPLETED);
        deliveries.initLabelValues(FAILED);
        for (ErrorCode code : ErrorCode.values()) {
            refusals.initLabelValues(code.wireName());
        }
        GaugeWithCallback.builder().name("wsfile_connections").help("Open WebSocket connections")
                .callback(callback -> callback.call(connections.count())).register(registry);
        GaugeWithCallback.builder().name("wsfile_transfers_in_flight").help("Transfers whose bytes are still arriving")
                .callback(callback -> callback.call(inFlight.size())).register(registry);
        GaugeWithCallback.builder().name("wsfile_broker_connected")
                .help("1 while the broker reaches the other servers of the cluster (always, for a server on its own)")
                .callback(callback -> callback.call(broker.state().connected() ? 1 : 0)).register(registry);
        CounterWithCallback.builder().name("wsfile_broker_published_bytes").help("Bytes of files sent to other servers")
                .callback(callback -> callback.call(broker.state().publishedBytes())).register(registry);
        CounterWithCallback.builder().name("wsfile_broker_received_bytes").help("Bytes of files received from other servers")
                .callback(callback -> callback.call(broker.state().receivedBytes())).register(registry);
        CounterWithCallback.builder().name("wsfile_broker_dropped_peers")
                .help("Times another server fell silent or left and its files in flight were given up")
                .callback(callback -> callback.call(broker.state().droppedPeers())).register(registry);
        GaugeWithCallback.builder().name("wsfile_spool_bytes")
                .help("Bytes held on disk for subscribers that fell behind their senders (spooled delivery)")
                .callback(callback -> callback.call(spooling.bytes())).register(registry);
        GaugeWithCallback.builder().name("wsfile_subscribers").help("Subscribers, by topic").labelNames("topic")
                .callback(callback -> topics.subscriberCounts().forEach((topic, count) -> callback.call(count, topic)))
                .register(registry);
    }

    /** Creates this bean as the application starts, so that {@link #startedAt()} is when it did and counting begins then. */
    void onStart(@Observes @Initialized(ApplicationScoped.class) Object started) {
        // being created is all it takes
    }

    /** The metrics, for the Prometheus endpoint. */
    public PrometheusRegistry registry() {
        return registry;
    }

    public Instant startedAt() {
        return startedAt;
    }

    /** Transfers whose bytes are still arriving, oldest first. */
    public List<Transfer> inFlight() {
        return inFlight.values().stream().sorted(Comparator.comparing(transfer -> transfer.offer().sentAt())).toList();
    }

    public long filesRelayed() {
        return (long) files.get();
    }

    public long bytesRelayed() {
        return (long) bytes.get();
    }

    public long transfersAborted() {
        return (long) aborted.get();
    }

    public long subscribersDropped() {
        return (long) dropped.get();
    }

    /** A connection was dropped for not keeping up. */
    public void subscriberDropped() {
        dropped.inc();
    }

    /** A request was refused. */
    public void refused(ErrorCode code) {
        refusals.labelValues(code.wireName()).inc();
    }

    @Override
    public void opened(Transfer transfer) {
        inFlight.put(transfer.offer().id(), transfer);
    }

    @Override
    public void finished(Transfer transfer) {
        inFlight.remove(transfer.offer().id());
        files.inc();
        bytes.inc(transfer.offer().size());
    }

    @Override
    public void aborted(Transfer transfer, String reason) {
        inFlight.remove(transfer.offer().id());
        aborted.inc();
    }

    @Override
    public void delivered(FileOffer offer, FanOut fanOut) {
        deliveries.labelValues(COMPLETED).inc(fanOut.completed());
        deliveries.labelValues(FAILED).inc(fanOut.failures().size());
    }
}
