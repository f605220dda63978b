package org.wsfile.websocket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.eclipse.jetty.io.ByteBufferPool;
import org.eclipse.jetty.util.BufferUtil;
import org.eclipse.jetty.websocket.core.CloseStatus;
import org.eclipse.jetty.websocket.core.Configuration;
import org.eclipse.jetty.websocket.core.Frame;
import org.eclipse.jetty.websocket.core.OpCode;
import org.eclipse.jetty.websocket.core.internal.Generator;
import org.eclipse.jetty.websocket.core.internal.Parser;
import org.junit.jupiter.api.Test;

/** Frames as a client sends them, read in reads of any size; frames as the server writes them, read back by a client's parser. */
class WebSocketFramesTest {
    private static final String SEED = "20261125";

    /** What the reader handed on. */
    private static final class Recorder implements WebSocketFrames.Handler {
        final ByteArrayOutputStream message = new ByteArrayOutputStream();
        final List<String> events = new ArrayList<>();
        int largestSlice;
        boolean stopAfterMessage;

        @Override
        public boolean message(boolean text, ByteBuffer slice, boolean first, boolean last) {
            largestSlice = Math.max(largestSlice, slice.remaining());
            byte[] bytes = new byte[slice.remaining()];
            slice.get(bytes);
            message.writeBytes(bytes);
            if (first || last) {
                events.add((text ? "text" : "binary") + (first ? " first" : "") + (last ? " last" : ""));
            }
            return !(last && stopAfterMessage);
        }

        @Override
        public void ping(ByteBuffer payload) {
            events.add("ping " + StandardCharsets.UTF_8.decode(payload));
        }

        @Override
        public void close(int code, String reason) {
            events.add("close " + code + " " + reason);
        }
    }

    @Property(seed = SEED)
    void aMaskedMessageInFragmentsReadsWholeHoweverItsBytesArrive(@ForAll @Size(max = 3000) byte[] content,
            @ForAll @IntRange(min = 1, max = 3) int fragments, @ForAll @IntRange(min = 1, max = 500) int read,
            @ForAll @Size(4) byte[] mask) throws Exception {
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        int step = content.length / fragments + 1;
        for (int i = 0, from = 0; i < fragments; i++, from += step) {
            byte[] part = Arrays.copyOfRange(content, Math.min(from, content.length), Math.min(from + step, content.length));
            wire.writeBytes(masked(new Frame(i == 0 ? OpCode.BINARY : OpCode.CONTINUATION, i == fragments - 1,
                    ByteBuffer.wrap(part)), mask));
        }
        Recorder recorder = new Recorder();

        feed(WebSocketFrames.fromClient(), wire.toByteArray(), read, recorder);

        assertEquals(ByteBuffer.wrap(content), ByteBuffer.wrap(recorder.message.toByteArray()));
        // A frame may be handed on in several slices as its bytes arrive: one first, one last.
        assertTrue(recorder.events.equals(List.of("binary first last"))
                || recorder.events.equals(List.of("binary first", "binary last")), recorder.events.toString());
    }

    @Test
    void aLargeFrameIsHandedOnInSlicesAsItsBytesArrive() throws Exception {
        byte[] content = new byte[3_000_000];
        new Random(7).nextBytes(content);
        Recorder recorder = new Recorder();

        feed(WebSocketFrames.fromClient(), clientFrame(OpCode.TEXT, true, content), 7_919, recorder);

        assertEquals(ByteBuffer.wrap(content), ByteBuffer.wrap(recorder.message.toByteArray()));
        assertTrue(recorder.largestSlice <= WebSocketFrames.SLICE, "slice of " + recorder.largestSlice);
        assertEquals(List.of("text first", "text last"), recorder.events);
    }

    @Test
    void readingStopsAfterTheMessageTheHandlerStopsAtAndLeavesTheNextFramesBytes() throws Exception {
        byte[] first = clientFrame(OpCode.TEXT, true, "first".getBytes(StandardCharsets.UTF_8));
        byte[] second = clientFrame(OpCode.TEXT, true, "second".getBytes(StandardCharsets.UTF_8));
        ByteBuffer wire = ByteBuffer.allocate(first.length + second.length).put(first).put(second).flip();
        Recorder recorder = new Recorder();
        recorder.stopAfterMessage = true;
        WebSocketFrames frames = WebSocketFrames.fromClient();

        frames.read(wire, recorder);

        assertEquals("first", recorder.message.toString(StandardCharsets.UTF_8));
        assertEquals(second.length, wire.remaining());
        frames.read(wire, recorder);
        assertEquals("firstsecond", recorder.message.toString(StandardCharsets.UTF_8));
    }

    @Test
    void pingsAndClosesAreHandedOn() throws Exception {
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        wire.writeBytes(clientFrame(OpCode.PING, true, "are you there".getBytes(StandardCharsets.UTF_8)));
        wire.writeBytes(masked(new CloseStatus(1001, "bye").toFrame()));
        Recorder recorder = new Recorder();

        feed(WebSocketFrames.fromClient(), wire.toByteArray(), 3, recorder);

        assertEquals(List.of("ping are you there", "close 1001 bye"), recorder.events);
    }

    @Test
    void whatAServerMustNotAcceptBreaksTheConnectionWithTheRightCode() {
        byte[] unmasked = {(byte) 0x81, 0x02, 'h', 'i'};
        byte[] reservedOpcode = clientFrame((byte) 3, true, new byte[1]);
        byte[] strayContinuation = clientFrame(OpCode.CONTINUATION, true, new byte[1]);
        byte[] longPing = clientFrame(OpCode.PING, true, new byte[126]);

        for (byte[] wire : List.of(unmasked, reservedOpcode, strayContinuation, longPing)) {
            WebSocketFrames.BrokenFrame broken = assertThrows(WebSocketFrames.BrokenFrame.class,
                    () -> feed(WebSocketFrames.fromClient(), wire, 100, new Recorder()));
            assertEquals(1002, broken.code(), broken.getMessage());
        }
    }

    @Test
    void framesTheServerWritesReadBackAsAClientReadsThem() {
        byte[] payload = new byte[70_000];
        new Random(3).nextBytes(payload);
        ByteBuffer wire = ByteBuffer.allocate(200_000);
        wire.put(WebSocketFrames.header(OpCode.TEXT, false, 5)).put("hello".getBytes(StandardCharsets.UTF_8));
        wire.put(WebSocketFrames.header(OpCode.CONTINUATION, true, payload.length)).put(payload);
        wire.put(WebSocketFrames.pong(ByteBuffer.wrap(new byte[] {1, 2})));
        wire.put(WebSocketFrames.close(1008, "é".repeat(200)));
        wire.flip();
        Configuration.ConfigurationCustomizer whole = new Configuration.ConfigurationCustomizer();
        whole.setAutoFragment(false);
        whole.setMaxFrameSize(1 << 20);
        Parser client = new Parser(ByteBufferPool.NON_POOLING, whole);

        Frame.Parsed first = client.parse(wire);
        assertEquals("hello", first.getPayloadAsUTF8());
        assertEquals(false, first.isFin());
        Frame.Parsed second = client.parse(wire);
        assertEquals(OpCode.CONTINUATION, second.getOpCode());
        assertEquals(ByteBuffer.wrap(payload), second.getPayload());
        assertEquals(OpCode.PONG, client.parse(wire).getOpCode());
        CloseStatus close = client.parse(wire).getCloseStatus();
        assertEquals(1008, close.getCode());
        assertTrue(close.getReason().getBytes(StandardCharsets.UTF_8).length <= 123, close.getReason());
    }

    @Test
    void theHandshakeAnswerIsTheOneInRfc6455() {
        assertEquals("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=", Handshake.accept("dGhlIHNhbXBsZSBub25jZQ=="));
    }

    private static void feed(WebSocketFrames frames, byte[] wire, int read, Recorder recorder)
            throws WebSocketFrames.BrokenFrame {
        for (int from = 0; from < wire.length; from += read) {
            frames.read(ByteBuffer.wrap(wire, from, Math.min(read, wire.length - from)), recorder);
        }
    }

    private static byte[] clientFrame(byte opcode, boolean fin, byte[] payload) {
        return masked(new Frame(opcode, fin, ByteBuffer.wrap(payload)));
    }

    private static byte[] masked(Frame frame) {
        return masked(frame, new byte[] {0x37, (byte) 0xfa, 0x21, 0x3d});
    }

    private static byte[] masked(Frame frame, byte[] mask) {
        frame.setMask(mask);
        ByteBuffer buffer = BufferUtil.allocate(Generator.MAX_HEADER_LENGTH + frame.getPayloadLength());
        new Generator().generateWholeFrame(frame, buffer);
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        return bytes;
    }
}
