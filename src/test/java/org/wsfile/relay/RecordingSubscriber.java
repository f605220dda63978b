package org.wsfile.relay;

import java.util.ArrayList;
import java.util.List;

import org.wsfile.protocol.legacy.LegacyFile;

/** A subscriber that keeps what it is offered, for tests that settle each fan-out themselves. */
public final class RecordingSubscriber implements Subscriber {
    private final String name;
    private final List<FanOut> offers = new ArrayList<>();

    public RecordingSubscriber(String name) {
        this.name = name;
    }

    @Override
    public synchronized void offer(LegacyFile file, FanOut fanOut) {
        offers.add(fanOut);
    }

    public synchronized List<FanOut> offers() {
        return List.copyOf(offers);
    }

    @Override
    public String describe() {
        return name;
    }
}
