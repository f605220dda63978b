package org.wsfile.relay;

import java.util.List;

/** A file on its way to this server's subscribers of its topic: each call goes to each of their deliveries. */
final class LocalFanOut implements Publication {
    private final List<Delivery> deliveries;
    private final FanOut fanOut;

    LocalFanOut(List<Delivery> deliveries, FanOut fanOut) {
        this.deliveries = deliveries;
        this.fanOut = fanOut;
    }

    @Override
    public FanOut fanOut() {
        return fanOut;
    }

    @Override
    public void chunk(Chunk chunk) {
        for (Delivery delivery : deliveries) {
            delivery.chunk(chunk);
        }
    }

    /** Waits for every subscriber in turn: the sender goes at the pace of the slowest it still serves. */
    @Override
    public void awaitRoom() throws InterruptedException {
        for (Delivery delivery : deliveries) {
            delivery.awaitRoom();
        }
    }

    @Override
    public void awaitReadyForNext() throws InterruptedException {
        for (Delivery delivery : deliveries) {
            delivery.awaitReadyForNext();
        }
    }

    @Override
    public void end(String sha256) {
        deliveries.forEach(delivery -> delivery.end(sha256));
    }

    @Override
    public void abort(String reason) {
        deliveries.forEach(delivery -> delivery.abort(reason));
    }
}
