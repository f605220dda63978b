package org.wsfile.testing;

import java.net.URI;
import java.net.URL;

import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * An integration test against the WAR its class deploys on embedded Payara (a static
 * {@code @Deployment(testable = false)} method, usually {@link Deployments#wsfileWithSettings}):
 * the deployment's address, its pages and its WebSocket endpoint.
 */
@ExtendWith(ArquillianExtension.class)
public abstract class DeployedWar {
    /** The deployment's address, such as {@code http://127.0.0.1:28765/wsfile-limits/}. */
    @ArquillianResource
    protected URL base;

    /** The deployment's WebSocket endpoint. */
    protected URI endpoint() {
        return Deployments.endpoint(base);
    }

    /** The address of one of the deployment's pages. */
    protected String page(String path) {
        String root = base.toString();
        return root + (root.endsWith("/") ? "" : "/") + path;
    }
}
