package org.wsfile.ops;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.spi.JsonProvider;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.wsfile.history.History;
import org.wsfile.spool.Spooling;
import org.wsfile.relay.Broker;
import org.wsfile.relay.BrokerState;
import org.wsfile.relay.FileOffer;
import org.wsfile.relay.Hub;
import org.wsfile.relay.Transfer;

/**
 * {@code /wsfile/status}: what status.html shows, as JSON: this server's name in its cluster and
 * the other servers it hears from, topics and their subscribers, transfers in flight with their
 * progress, and totals since the application started.
 */
@WebServlet("/status")
public class StatusServlet extends HttpServlet {
    private static final JsonProvider JSON = JsonProvider.provider();

    @Inject
    RelayStatistics statistics;
    @Inject
    Hub topics;
    @Inject
    ConnectionCount connections;
    @Inject
    Broker broker;
    @Inject
    History history;
    @Inject
    Spooling spooling;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        BrokerState cluster = broker.state();
        SortedMap<String, Integer> here = topics.subscriberCounts();
        Map<String, Long> kept = history.topicBytes();
        // Every topic with subscribers here or on another server, or a history here, with the servers that have
        // subscribers elsewhere.
        SortedMap<String, List<String>> elsewhere = new TreeMap<>();
        here.keySet().forEach(topic -> elsewhere.put(topic, new ArrayList<>()));
        kept.keySet().forEach(topic -> elsewhere.putIfAbsent(topic, new ArrayList<>()));
        cluster.peers().forEach(peer -> peer.topics().forEach(topic ->
                elsewhere.computeIfAbsent(topic, t -> new ArrayList<>()).add(peer.nodeId())));
        JsonArrayBuilder topicList = JSON.createArrayBuilder();
        elsewhere.forEach((topic, servers) -> topicList.add(JSON.createObjectBuilder().add("topic", topic)
                .add("subscribers", here.getOrDefault(topic, 0)).add("otherServers", JSON.createArrayBuilder(servers))
                .add("historyBytes", kept.getOrDefault(topic, 0L))));
        JsonArrayBuilder transfers = JSON.createArrayBuilder();
        for (Transfer transfer : statistics.inFlight()) {
            FileOffer offer = transfer.offer();
            transfers.add(JSON.createObjectBuilder().add("id", offer.id()).add("topic", offer.topic())
                    .add("name", offer.name()).add("size", offer.size()).add("received", transfer.written())
                    .add("subscribers", transfer.fanOut().offered()).add("sentAt", offer.sentAt().toString()));
        }
        JsonArrayBuilder peers = JSON.createArrayBuilder();
        cluster.peers().forEach(peer -> peers.add(JSON.createObjectBuilder().add("node", peer.nodeId())
                .add("topics", peer.topics().size()).add("lastSeen", peer.lastSeen().toString())));
        JsonResponse.send(response, JSON.createObjectBuilder()
                .add("startedAt", statistics.startedAt().toString())
                .add("node", JSON.createObjectBuilder().add("id", cluster.nodeId()).add("broker", cluster.kind())
                        .add("connected", cluster.connected()).add("peers", peers)
                        .add("publishedBytes", cluster.publishedBytes()).add("receivedBytes", cluster.receivedBytes())
                        .add("droppedPeers", cluster.droppedPeers()))
                .add("connections", connections.count())
                .add("topics", topicList)
                .add("transfers", transfers)
                .add("spoolBytes", spooling.bytes())
                .add("totals", JSON.createObjectBuilder()
                        .add("files", statistics.filesRelayed())
                        .add("bytes", statistics.bytesRelayed())
                        .add("aborted", statistics.transfersAborted())
                        .add("dropped", statistics.subscribersDropped()))
                .build());
    }
}
