package org.wsfile.relay;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * This server's subscribers, by topic, and the fan-out of each file a {@link Broker} brings to
 * them. Changes are serialised and cost the same however many subscribers a topic has (a topic
 * with tens of thousands must not copy them all for each one more); looking up a topic's
 * subscribers, which every published file does, takes no lock: a subscriber that joins or
 * leaves while a file is offered may or may not be offered it.
 */
@ApplicationScoped
public class Hub implements BrokerEventHandler {
    private final Map<String, Set<Subscriber>> subscribersByTopic = new ConcurrentHashMap<>();
    private final Map<Subscriber, Set<String>> topicsBySubscriber = new HashMap<>();
    private TopicInterest interest;
    private volatile Recorder recorder;
    private volatile Spool spool;
    /** Files in flight that a receiver cut off mid-file can resume, by key. */
    private final Map<String, Resumable> resumable = new ConcurrentHashMap<>();

    /** Tells {@code interest} from now on when a topic gains its first subscriber and loses its last. */
    public synchronized void watch(TopicInterest interest) {
        this.interest = interest;
    }

    /** Hands every file offered from now on to {@code recorder} too (topic history). */
    public void record(Recorder recorder) {
        this.recorder = recorder;
    }

    /** Lets streaming subscribers that fall behind be fed from {@code spool}, so that they slow down nobody else. */
    public void spool(Spool spool) {
        this.spool = spool;
    }

    /** @return false if the subscriber already had that topic */
    public synchronized boolean subscribe(Subscriber subscriber, String topic) {
        if (!topicsBySubscriber.computeIfAbsent(subscriber, s -> new HashSet<>()).add(topic)) {
            return false;
        }
        subscribersByTopic.computeIfAbsent(topic, t -> {
            if (interest != null) {
                interest.wanted(topic);
            }
            return ConcurrentHashMap.newKeySet();
        }).add(subscriber);
        return true;
    }

    /** @return false if the subscriber did not have that topic */
    public synchronized boolean unsubscribe(Subscriber subscriber, String topic) {
        Set<String> topics = topicsBySubscriber.get(subscriber);
        if (topics == null || !topics.remove(topic)) {
            return false;
        }
        if (topics.isEmpty()) {
            topicsBySubscriber.remove(subscriber);
        }
        removeFromTopic(subscriber, topic);
        return true;
    }

    /** Removes the subscriber from every topic, as when its connection closes. */
    public synchronized void forget(Subscriber subscriber) {
        Set<String> topics = topicsBySubscriber.remove(subscriber);
        if (topics != null) {
            topics.forEach(topic -> removeFromTopic(subscriber, topic));
        }
    }

    /** Offers the file to the topic's subscribers at this moment, except those of the sender's own connection. */
    @Override
    public Publication offered(FileOffer offer, String senderConnection) {
        List<Subscriber> receivers = subscribers(offer.topic()).stream()
                .filter(subscriber -> !subscriber.connectionId().equals(senderConnection))
                .toList();
        FanOut fanOut = new FanOut(receivers.size());
        List<Delivery> deliveries = new ArrayList<>(receivers.size() + 1);
        receivers.forEach(receiver -> deliveries.add(receiver.deliver(offer, fanOut.outcome())));
        Recorder keeper = recorder;
        if (keeper != null) {
            keeper.record(offer).ifPresent(deliveries::add);
        }
        LocalFanOut file = new LocalFanOut(offer, deliveries, fanOut, Optional.ofNullable(spool),
                () -> resumable.remove(offer.key()));
        if (file.resumable()) {
            resumable.put(offer.key(), file);
        }
        return file;
    }

    /** The file in flight here with that key, if a receiver cut off mid-file can resume it. */
    public Optional<Resumable> inFlight(String key) {
        return Optional.ofNullable(resumable.get(key));
    }

    /** The subscribers of a topic: a view that follows subscriptions as they change. */
    public Set<Subscriber> subscribers(String topic) {
        return Collections.unmodifiableSet(subscribersByTopic.getOrDefault(topic, Set.of()));
    }

    /** The topics a subscriber has. */
    public synchronized Set<String> topicsOf(Subscriber subscriber) {
        return Set.copyOf(topicsBySubscriber.getOrDefault(subscriber, Set.of()));
    }

    /** Each topic with subscribers, and how many, sorted by topic. */
    public SortedMap<String, Integer> subscriberCounts() {
        SortedMap<String, Integer> counts = new TreeMap<>();
        subscribersByTopic.forEach((topic, members) -> counts.put(topic, members.size()));
        return counts;
    }

    /** The topics with at least one subscriber. */
    public Set<String> topics() {
        return Set.copyOf(subscribersByTopic.keySet());
    }

    /** How many topics have at least one subscriber. */
    public int topicCount() {
        return subscribersByTopic.size();
    }

    private void removeFromTopic(Subscriber subscriber, String topic) {
        subscribersByTopic.computeIfPresent(topic, (t, members) -> {
            members.remove(subscriber);
            if (!members.isEmpty()) {
                return members;
            }
            if (interest != null) {
                interest.unwanted(topic);
            }
            return null;
        });
    }
}
