package org.wsfile.relay;

/**
 * Told when a topic gains its first subscriber on this server and when it loses its last: a
 * broker for several servers asks for a topic's files only while this server has subscribers for
 * it. Calls come while the {@link Hub} changes its subscriptions, so they must be quick and must not block.
 */
public interface TopicInterest {
    /** The topic has a subscriber here now, and had none. */
    void wanted(String topic);

    /** The topic has no subscriber here any more. */
    void unwanted(String topic);
}
