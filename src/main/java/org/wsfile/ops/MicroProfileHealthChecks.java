package org.wsfile.ops;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;
import org.eclipse.microprofile.health.Readiness;

import org.wsfile.relay.BrokerState;

/**
 * The same checks as {@link HealthServlet}, for servers with MicroProfile Health (Payara's
 * {@code /health/live} and {@code /health/ready} at the server's root). Servers without it
 * cannot load this class and leave it out.
 */
@ApplicationScoped
public class MicroProfileHealthChecks {
    @Inject
    RelayState state;

    @Produces
    @Liveness
    HealthCheck deliveryThreads() {
        return () -> HealthCheckResponse.named(RelayState.LIVE_CHECK).status(state.deliveryThreadsRunning()).build();
    }

    @Produces
    @Readiness
    HealthCheck relay() {
        return () -> {
            BrokerState broker = state.broker();
            return HealthCheckResponse.named(RelayState.READY_CHECK).status(state.ready())
                    .withData("broker", broker.kind()).withData("brokerConnected", broker.connected()).build();
        };
    }
}
