package org.wsfile.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class ClosingTest {

    @Test
    void aShortReasonIsKept() {
        assertEquals("too slow", Closing.fit("too slow"));
    }

    @Test
    void aLongReasonIsCutToWhatACloseFrameCarriesWithoutSplittingACharacter() {
        String fitted = Closing.fit("é".repeat(100));

        assertTrue(fitted.getBytes(StandardCharsets.UTF_8).length <= Closing.MAX_REASON_BYTES);
        assertEquals("é".repeat(61), fitted);
    }
}
