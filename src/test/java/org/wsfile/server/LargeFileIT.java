package org.wsfile.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.time.Duration;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.wsfile.testing.DeployedWar;
import org.wsfile.testing.Deployments;
import org.wsfile.testing.LegacyClient;
import org.wsfile.testing.LegacyClient.Delivery;
import org.wsfile.testing.RawWebSocket;
import org.wsfile.testing.Subscriptions;

/** A large file in the original protocol: one text frame of about 133 MB, relayed whole to two subscribers. */
class LargeFileIT extends DeployedWar {
    private static final long SIZE = 100L * 1024 * 1024;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.wsfile();
    }

    @Test
    void aHundredMegabyteFileReachesEverySubscriberWithTheSameSha256() throws Exception {
        URI endpoint = endpoint();
        try (LegacyClient first = LegacyClient.connect(endpoint);
             LegacyClient second = LegacyClient.connect(endpoint);
             LegacyClient prober = LegacyClient.connect(endpoint);
             RawWebSocket original = RawWebSocket.connect(endpoint)) {
            first.subscribe("videos");
            second.subscribe("videos");
            Subscriptions.awaitSubscribed(prober, "videos", first, second);

            String sha = original.sendLegacyFile("videos", "video/mp4", "holiday.mp4", SIZE, 7);

            Delivery expected = new Delivery("video/mp4", "holiday.mp4", SIZE, sha);
            assertEquals(expected, first.nextDelivery(Duration.ofMinutes(3)));
            assertEquals(expected, second.nextDelivery(Duration.ofMinutes(3)));
        }
    }
}
