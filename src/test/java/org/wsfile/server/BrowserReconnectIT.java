package org.wsfile.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

import org.jboss.arquillian.container.test.api.Deployer;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.wsfile.testing.Browser;
import org.wsfile.testing.Deployments;
import org.wsfile.testing.StreamClient;

/** The receive page when the server goes away and comes back: it says so, reconnects and subscribes again. */
@ExtendWith(ArquillianExtension.class)
class BrowserReconnectIT {
    private static final String NAME = "wsfile-reconnect";
    /** The embedded server's HTTP listener (src/test/resources/payara/domain.xml) and this deployment's context. */
    private static final String BASE = "http://127.0.0.1:28765/" + NAME + "/";
    private static final Duration WAIT = Duration.ofSeconds(60);

    @Deployment(name = NAME, managed = false, testable = false)
    static WebArchive deployment() {
        return Deployments.wsfileWithSettings(NAME + ".war", "");
    }

    @ArquillianResource
    Deployer deployer;

    @TempDir
    Path downloads;

    @Test
    void theReceivePageReconnectsAfterTheServerDropsItAndGetsTheNextFile() throws Exception {
        deployer.deploy(NAME);
        try (Browser browser = Browser.start(downloads, 1000, 700)) {
            browser.open(BASE + "receiver.html?topic=restart");
            browser.awaitElement("#state[data-state='connected']", WAIT);

            deployer.undeploy(NAME);
            String state = browser.awaitElement("#state[data-state='disconnected']", WAIT).getText();
            assertTrue(state.startsWith("Disconnected") && state.contains("trying again in"), state);
            browser.screenshot("receiver-disconnected");
            deployer.deploy(NAME);

            browser.awaitElement("#state[data-state='connected']", WAIT);
            try (StreamClient sender = StreamClient.connect(URI.create(BASE.replace("http", "ws") + "ws"))) {
                StreamClient.Sent sent = sender.send("restart", "after-restart.txt", 5000, 1);
                browser.awaitElement(".file[data-name='after-restart.txt'][data-state='received']", WAIT);
                assertEquals(1, sent.awaitReceipt(WAIT).completed(), "the page did not subscribe again");
            }
        } finally {
            deployer.undeploy(NAME);
        }
    }
}
