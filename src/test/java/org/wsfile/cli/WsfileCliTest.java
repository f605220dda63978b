package org.wsfile.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.wsfile.client.StreamConnection;

class WsfileCliTest {
    private String before;

    @BeforeEach
    void remember() {
        before = System.getProperty(WsfileCli.HTTP_CLIENT_READ_SIZE);
    }

    @AfterEach
    void restore() {
        if (before == null) {
            System.clearProperty(WsfileCli.HTTP_CLIENT_READ_SIZE);
        } else {
            System.setProperty(WsfileCli.HTTP_CLIENT_READ_SIZE, before);
        }
    }

    @Test
    void theCommandLineHasTheHttpClientReadAChunkAtATime() {
        System.clearProperty(WsfileCli.HTTP_CLIENT_READ_SIZE);
        WsfileCli.readInChunks();
        assertEquals(String.valueOf(StreamConnection.CHUNK_SIZE), System.getProperty(WsfileCli.HTTP_CLIENT_READ_SIZE));
    }

    @Test
    void aReadSizeGivenToTheJvmIsKept() {
        System.setProperty(WsfileCli.HTTP_CLIENT_READ_SIZE, "65536");
        WsfileCli.readInChunks();
        assertEquals("65536", System.getProperty(WsfileCli.HTTP_CLIENT_READ_SIZE));
    }
}
