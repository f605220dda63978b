/**
 * Several wsfile servers sharing topics through NATS: {@link org.wsfile.cluster.NatsBroker} carries
 * each file's offer, bytes, end or abort to the other servers with subscribers for its topic,
 * paces the sender to the slowest of them by credits, and gathers their receipts into the sender's.
 * {@link org.wsfile.cluster.BrokerProducer} picks it, or the broker of a server on its own. Server
 * side: in the WAR only.
 */
package org.wsfile.cluster;
