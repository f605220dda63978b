package org.wsfile.ops;

import java.io.IOException;

import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.spi.JsonProvider;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.wsfile.relay.FileOffer;
import org.wsfile.relay.Hub;
import org.wsfile.relay.Transfer;

/**
 * {@code /wsfile/status}: what status.html shows, as JSON: topics and their subscribers,
 * transfers in flight with their progress, and totals since the application started.
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

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        JsonArrayBuilder topicList = JSON.createArrayBuilder();
        topics.subscriberCounts().forEach((topic, count) ->
                topicList.add(JSON.createObjectBuilder().add("topic", topic).add("subscribers", count)));
        JsonArrayBuilder transfers = JSON.createArrayBuilder();
        for (Transfer transfer : statistics.inFlight()) {
            FileOffer offer = transfer.offer();
            transfers.add(JSON.createObjectBuilder().add("id", offer.id()).add("topic", offer.topic())
                    .add("name", offer.name()).add("size", offer.size()).add("received", transfer.written())
                    .add("subscribers", transfer.fanOut().offered()).add("sentAt", offer.sentAt().toString()));
        }
        JsonResponse.send(response, JSON.createObjectBuilder()
                .add("startedAt", statistics.startedAt().toString())
                .add("connections", connections.count())
                .add("topics", topicList)
                .add("transfers", transfers)
                .add("totals", JSON.createObjectBuilder()
                        .add("files", statistics.filesRelayed())
                        .add("bytes", statistics.bytesRelayed())
                        .add("aborted", statistics.transfersAborted())
                        .add("dropped", statistics.subscribersDropped()))
                .build());
    }
}
