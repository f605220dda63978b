package org.wsfile.relay;

/**
 * One published file on its way through a {@link Broker} to the subscribers of its topic: the
 * sender's side writes its bytes, end or abort here, and reads how it fared from
 * {@link #fanOut()}. Calls come from the sender's thread, in order, as for a {@link Delivery}.
 */
public interface Publication extends Delivery {
    /** The sender's receipt: how many subscribers the file was offered to, and how each fared. */
    FanOut fanOut();
}
