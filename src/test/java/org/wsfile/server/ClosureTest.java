package org.wsfile.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class ClosureTest {

    @Test
    void aShortReasonIsKept() {
        assertEquals("too slow", Closure.fit("too slow"));
    }

    @Test
    void aLongReasonIsCutToWhatACloseFrameCarriesWithoutSplittingACharacter() {
        String fitted = Closure.fit("é".repeat(100));

        assertTrue(fitted.getBytes(StandardCharsets.UTF_8).length <= Closure.MAX_REASON_BYTES);
        assertEquals("é".repeat(61), fitted);
    }
}
