package org.wsfile.protocol.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.wsfile.protocol.ErrorCode;
import org.wsfile.protocol.ProtocolException;

class ControlParserTest {
    private static final String SHA = "B94D27B9934D3E08A52E52D7DA7DABFAC484EFE37A5380EE9088F7ACE2EFCDE9";

    @Test
    void everyClientMessageIsRead() throws Exception {
        assertEquals(new ControlMessage.Hello(Set.of()), ControlParser.parse("{\"type\":\"hello\"}"));
        assertEquals(new ControlMessage.Hello(Set.of("bundles", "later")),
                ControlParser.parse("{\"type\":\"hello\",\"features\":[\"bundles\",\"later\"]}"));
        assertEquals(new ControlMessage.Subscribe("class-7b"),
                ControlParser.parse("{\"type\":\"subscribe\",\"topic\":\"class-7b\"}"));
        assertEquals(new ControlMessage.Unsubscribe("class-7b"),
                ControlParser.parse("{\"type\":\"unsubscribe\",\"topic\":\"class-7b\"}"));
        assertEquals(new ControlMessage.Send(7, "t", "notes 10:30.txt", "text/plain", 11),
                ControlParser.parse("{\"type\":\"send\",\"id\":7,\"topic\":\"t\",\"name\":\"notes 10:30.txt\","
                        + "\"mime\":\"text/plain\",\"size\":11}"));
        assertEquals(new ControlMessage.End(7, SHA.toLowerCase()),
                ControlParser.parse("{\"type\":\"end\",\"id\":7,\"sha256\":\"" + SHA + "\"}"));
        assertEquals(new ControlMessage.Cancel(7), ControlParser.parse("{\"type\":\"cancel\",\"id\":7}"));
        assertEquals(new ControlMessage.Received(List.of(9L)), ControlParser.parse("{\"type\":\"received\",\"id\":9}"));
        assertEquals(new ControlMessage.Received(List.of(9L, 10L)),
                ControlParser.parse("{\"type\":\"received\",\"ids\":[9,10]}"));
        assertEquals(new ControlMessage.Failed(9, "checksum mismatch"),
                ControlParser.parse("{\"type\":\"failed\",\"id\":9,\"reason\":\"checksum mismatch\"}"));
        assertEquals(new ControlMessage.Resume("mifn3k2c-17", 60555264),
                ControlParser.parse("{\"type\":\"resume\",\"key\":\"mifn3k2c-17\",\"offset\":60555264}"));
    }

    @Test
    void aTextHasNoNameOrMimeTypeOfItsOwnAndAnUnknownKindIsRefused() throws Exception {
        assertEquals(ControlMessage.Send.text(3, "t", 12),
                ControlParser.parse("{\"type\":\"send\",\"id\":3,\"topic\":\"t\",\"kind\":\"text\",\"size\":12}"));
        assertEquals(new ControlMessage.Send(4, "t", "a", "", 1),
                ControlParser.parse("{\"type\":\"send\",\"id\":4,\"topic\":\"t\",\"kind\":\"file\",\"name\":\"a\",\"size\":1}"));
        ProtocolException unknown = assertThrows(ProtocolException.class, () -> ControlParser.parse(
                "{\"type\":\"send\",\"id\":5,\"topic\":\"t\",\"kind\":\"poem\",\"size\":1}"));
        assertEquals("\"kind\" is \"file\" or \"text\", not \"poem\"", unknown.getMessage());
        assertEquals(OptionalLong.of(5), unknown.transferId());
    }

    @Test
    void theMimeTypeMayBeLeftOut() throws Exception {
        assertEquals(new ControlMessage.Send(1, "t", "a", "", 0),
                ControlParser.parse("{\"type\":\"send\",\"id\":1,\"topic\":\"t\",\"name\":\"a\",\"size\":0}"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "not json                                                           | bad-frame",
            "[1,2]                                                              | bad-frame",
            "{\"topic\":\"t\"}                                                  | bad-frame",
            "{\"type\":\"dance\"}                                               | unknown-command",
            "{\"type\":\"subscribe\"}                                           | bad-frame",
            "{\"type\":\"subscribe\",\"topic\":\"\"}                            | invalid-topic",
            "{\"type\":\"subscribe\",\"topic\":\"a:b\"}                         | invalid-topic",
            "{\"type\":\"subscribe\",\"topic\":7}                               | bad-frame",
            "{\"type\":\"send\",\"id\":-1,\"topic\":\"t\",\"name\":\"a\",\"size\":1}        | bad-frame",
            "{\"type\":\"send\",\"id\":4294967296,\"topic\":\"t\",\"name\":\"a\",\"size\":1} | bad-frame",
            "{\"type\":\"send\",\"id\":1.5,\"topic\":\"t\",\"name\":\"a\",\"size\":1}       | bad-frame",
            "{\"type\":\"send\",\"id\":1,\"topic\":\"t\",\"name\":\"\",\"size\":1}         | invalid-name",
            "{\"type\":\"send\",\"id\":1,\"topic\":\"t\",\"name\":\"a\\u0000b\",\"size\":1} | invalid-name",
            "{\"type\":\"send\",\"id\":1,\"topic\":\"t\",\"name\":\"a\"}                   | bad-frame",
            "{\"type\":\"end\",\"id\":1,\"sha256\":\"abc\"}                     | bad-frame",
            "{\"type\":\"received\",\"ids\":[]}                                 | bad-frame",
            "{\"type\":\"received\",\"ids\":[1,\"2\"]}                          | bad-frame",
            "{\"type\":\"received\",\"ids\":[1,-2]}                             | bad-frame",
            "{\"type\":\"received\",\"ids\":7}                                  | bad-frame",
            "{\"type\":\"resume\",\"key\":\"k\"}                               | bad-frame",
            "{\"type\":\"resume\",\"key\":\"\",\"offset\":1}                    | bad-frame",
            "{\"type\":\"resume\",\"key\":\"a b\",\"offset\":1}                 | bad-frame",
            "{\"type\":\"resume\",\"key\":\"k\",\"offset\":-1}                  | bad-frame",
    })
    void aBadControlFrameIsRefusedWithItsCode(String frame, String code) {
        ProtocolException problem = assertThrows(ProtocolException.class, () -> ControlParser.parse(frame.trim()));

        assertEquals(code, problem.code().wireName(), problem.getMessage());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "notes.txt                  | notes.txt",
            "meeting 10:30.txt          | meeting 10:30.txt",
            "photos/2024/a.jpg          | photos/2024/a.jpg",
            "../../etc/passwd           | etc/passwd",
            "/etc/passwd                | etc/passwd",
            "C:\\\\Windows\\\\win.ini     | Windows/win.ini",
            "a/./b//c                   | a/b/c",
            "report\\u202egpj.exe      | reportgpj.exe",
    })
    void aFileNameThatCouldClimbOutOfAReceiversFolderIsMadeSafe(String name, String relayed) throws Exception {
        String frame = "{\"type\":\"send\",\"id\":1,\"topic\":\"t\",\"name\":\"" + name + "\",\"size\":1}";

        assertEquals(relayed, ((ControlMessage.Send) ControlParser.parse(frame)).name());
    }

    @Test
    void aFileNameOfOnlyFoldersIsRefused() {
        ProtocolException problem = assertThrows(ProtocolException.class, () -> ControlParser.parse(
                "{\"type\":\"send\",\"id\":1,\"topic\":\"t\",\"name\":\"/../..\",\"size\":1}"));

        assertEquals(ErrorCode.INVALID_NAME, problem.code());
    }

    @Test
    void aRefusedSendNamesItsTransferButAConfirmationDoesNot() {
        ProtocolException send = assertThrows(ProtocolException.class, () -> ControlParser.parse(
                "{\"type\":\"send\",\"id\":7,\"topic\":\"a:b\",\"name\":\"a\",\"size\":1}"));
        ProtocolException received = assertThrows(ProtocolException.class,
                () -> ControlParser.parse("{\"type\":\"received\",\"id\":7,\"ids\":[]}"));

        assertEquals(OptionalLong.of(7), send.transferId());
        assertEquals(OptionalLong.empty(), received.transferId());
    }

    @Test
    void anOversizedControlFrameIsRefusedBeforeItIsRead() {
        String frame = "{\"type\":\"hello\",\"pad\":\"" + "x".repeat(ControlParser.MAX_FRAME_LENGTH) + "\"}";

        assertEquals(ErrorCode.BAD_FRAME, assertThrows(ProtocolException.class, () -> ControlParser.parse(frame)).code());
    }

    @Test
    void aDataFrameIsSplitIntoItsIdAndItsBytes() throws Exception {
        ByteBuffer frame = ChunkFrames.frame(0xFFFF_FFFEL, ByteBuffer.wrap(new byte[] {1, 2, 3}));

        ChunkFrames.Chunk chunk = ChunkFrames.parse(frame);

        assertEquals(0xFFFF_FFFEL, chunk.id());
        assertEquals(ByteBuffer.wrap(new byte[] {1, 2, 3}), chunk.data());
    }

    @Test
    void aDataFrameTooShortForAnIdIsRefused() {
        ProtocolException problem = assertThrows(ProtocolException.class,
                () -> ChunkFrames.parse(ByteBuffer.wrap(new byte[] {1, 2})));

        assertEquals(ErrorCode.BAD_FRAME, problem.code());
        assertTrue(problem.getMessage().contains("4-byte transfer id"));
    }
}
