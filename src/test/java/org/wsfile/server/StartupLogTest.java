package org.wsfile.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The line that tells people where to point browsers and clients once the server is up. */
class StartupLogTest {
    @TempDir
    Path temp;

    @Test
    void payaraMicrosPortAndPreBootAddressAreReadFromItsCommandLine() throws IOException {
        Path preboot = Files.writeString(temp.resolve("preboot.txt"),
                "set configs.config.server-config.network-config.network-listeners.network-listener.http-listener.address=127.0.0.1\n");

        ListenAddresses.Listener listener = ListenAddresses.payaraMicro(List.of("-jar", "target/run/payara-micro.jar",
                "--deploy", "target/wsfile.war", "--port", "9000", "--prebootcommandfile", preboot.toString())).orElseThrow();

        assertEquals(new ListenAddresses.Listener(9000, "127.0.0.1"), listener);
        assertEquals(List.of("127.0.0.1"), listener.hosts());
    }

    @Test
    void payaraMicroWithoutOptionsListensOnItsDefaultPortEverywhere() {
        ListenAddresses.Listener listener = ListenAddresses.payaraMicro(List.of("-jar", "payara-micro-6.2025.10.jar")).orElseThrow();

        assertEquals(8080, listener.port());
        assertTrue(listener.listensEverywhere());
        assertEquals("localhost", listener.hosts().get(0));
        assertEquals(Optional.empty(), ListenAddresses.payaraMicro(List.of("-jar", "jboss-modules.jar")));
    }

    @Test
    void theReadyLineGivesRealAddressesAndSaysWhoMayConnect() {
        String line = StartupLog.readyLine(Optional.of(new ListenAddresses.Listener(8765, "127.0.0.1")), "/wsfile", false);

        assertEquals("wsfile is ready: open http://127.0.0.1:8765/wsfile/ in a browser; clients connect to"
                + " ws://127.0.0.1:8765/wsfile/ws. It listens on 127.0.0.1 only; tokens are off: anyone who can reach it"
                + " may send and receive.", line);
    }

    @Test
    void listeningEverywhereNamesThisMachineAndItsNetworkAddresses() {
        String line = StartupLog.readyLine(Optional.of(new ListenAddresses.Listener(8765, "0.0.0.0")), "/wsfile", true);

        assertTrue(line.startsWith("wsfile is ready: open http://localhost:8765/wsfile/"), line);
        assertTrue(line.contains("clients connect to ws://localhost:8765/wsfile/ws. It listens on every network interface;"
                + " tokens are required."), line);
    }

    @Test
    void aServerThatDoesNotTellItsPortIsSaidToBeSo() {
        String line = StartupLog.readyLine(Optional.empty(), "/wsfile", false);

        assertTrue(line.contains("with this server's HTTP address and port"), line);
    }
}
