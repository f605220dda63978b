package org.wsfile.server;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.wsfile.testing.Deployments;

/** The streaming protocol on the container's WebSocket engine, through the endpoint: the default. */
class StreamingIT extends StreamingCases {
    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.wsfileWithSettings("wsfile-streaming.war", SETTINGS);
    }
}
