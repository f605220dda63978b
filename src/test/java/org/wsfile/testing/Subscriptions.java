package org.wsfile.testing;

import java.time.Duration;
import java.time.Instant;

/**
 * The original protocol does not acknowledge a subscription, so tests confirm it by sending probe
 * files until every subscriber has one, then an end marker, and drain each subscriber up to it.
 */
public final class Subscriptions {
    private static final String PROBE = "subscription-probe";
    private static final String PROBE_END = "subscription-probe-end";

    private Subscriptions() {
    }

    public static void awaitSubscribed(LegacyClient sender, String topic, LegacyClient... subscribers)
            throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(10);
        for (LegacyClient subscriber : subscribers) {
            while (!receivedProbe(subscriber)) {
                if (Instant.now().isAfter(deadline)) {
                    throw new AssertionError("subscription to " + topic + " not active within 10 s");
                }
                sender.sendFile(topic, "text/plain", PROBE, new byte[0]);
            }
        }
        sender.sendFile(topic, "text/plain", PROBE_END, new byte[0]);
        for (LegacyClient subscriber : subscribers) {
            while (!subscriber.nextDelivery(Duration.ofSeconds(10)).name().equals(PROBE_END)) {
                // probes still in flight are dropped here
            }
        }
    }

    private static boolean receivedProbe(LegacyClient subscriber) throws InterruptedException {
        return subscriber.poll(Duration.ofMillis(100))
                .filter(r -> r instanceof LegacyClient.Delivery d && d.name().equals(PROBE))
                .isPresent();
    }
}
