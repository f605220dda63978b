/**
 * The way of a published file: {@link org.wsfile.relay.TopicRelay} and {@link org.wsfile.relay.Transfer}
 * on the sender's side, through a {@link org.wsfile.relay.Broker} to the {@link org.wsfile.relay.Hub}
 * that offers it to subscribers. No wire formats. Server side: in the WAR only.
 */
package org.wsfile.relay;
