package org.wsfile.websocket;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

import org.eclipse.jetty.io.ByteBufferPool;
import org.eclipse.jetty.util.BufferUtil;
import org.eclipse.jetty.websocket.core.Behavior;
import org.eclipse.jetty.websocket.core.CloseStatus;
import org.eclipse.jetty.websocket.core.Configuration;
import org.eclipse.jetty.websocket.core.CoreSession;
import org.eclipse.jetty.websocket.core.Frame;
import org.eclipse.jetty.websocket.core.OpCode;
import org.eclipse.jetty.websocket.core.exception.CloseException;
import org.eclipse.jetty.websocket.core.exception.ProtocolException;
import org.eclipse.jetty.websocket.core.exception.WebSocketException;
import org.eclipse.jetty.websocket.core.internal.FrameSequence;
import org.eclipse.jetty.websocket.core.internal.Generator;
import org.eclipse.jetty.websocket.core.internal.Parser;
import org.eclipse.jetty.websocket.core.util.FrameValidation;

/**
 * WebSocket frames (RFC 6455) as either end reads and writes them, on Jetty's frame codec: the one
 * class that calls it, as its parser lives in an internal package. A frame of any size is handed
 * on in slices of at most {@value #SLICE} bytes as its bytes arrive, so a file sent as one huge
 * frame never has to be held whole. Frames are checked as the reading end must: from a client
 * masked (and unmasked here, a word at a time), from a server not; no reserved bits or opcodes,
 * control frames short and whole, continuations only within a message, close codes and reasons
 * valid. Text is not checked for UTF-8 here.
 */
public final class WebSocketFrames {
    /** The largest slice of a frame handed on at once. */
    public static final int SLICE = 64 * 1024;
    /** Keeps no state between frames, so one serves every connection. */
    private static final Generator GENERATOR = new Generator();
    /**
     * What frames are checked as: frames that carry no mask, as a client receives them. A server's
     * parser has refused unmasked frames and removed the mask of the others ({@link Unmasking}).
     */
    private static final CoreSession UNMASKED = new CoreSession.Empty() {
        @Override
        public Behavior getBehavior() {
            return Behavior.CLIENT;
        }
    };
    /** Eight bytes of an array as one {@code long}, for unmasking. */
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    /** What the frames say, slice by slice. */
    public interface Handler {
        /**
         * The next slice of a message; {@code first} for its first, {@code last} for its last.
         *
         * @return false to stop reading after this frame: the bytes after it stay in the buffer
         */
        boolean message(boolean text, ByteBuffer slice, boolean first, boolean last);

        void ping(ByteBuffer payload);

        /** An answer to a ping: only a client's pings wait for one. */
        default void pong(ByteBuffer payload) {
        }

        /** The other end closes; {@code code} is 1005 if it gave none. */
        void close(int code, String reason);
    }

    /** The other end broke the protocol: the connection must be closed with this code and reason. */
    public static final class BrokenFrame extends Exception {
        private final int code;

        BrokenFrame(int code, String reason) {
            super(reason);
            this.code = code;
        }

        public int code() {
            return code;
        }
    }

    private final Parser parser;
    private final FrameSequence sequence = new FrameSequence();
    /** Whether the message under way is text; its continuations do not say. */
    private boolean text;

    private WebSocketFrames(Parser parser) {
        this.parser = parser;
    }

    /** Frames a server reads: masked, as clients must send them. */
    public static WebSocketFrames fromClient() {
        return new WebSocketFrames(new Unmasking(slicing()));
    }

    /** Frames a client reads: unmasked, as servers must send them. */
    public static WebSocketFrames fromServer() {
        return new WebSocketFrames(new Parser(ByteBufferPool.NON_POOLING, slicing()));
    }

    private static Configuration.ConfigurationCustomizer slicing() {
        Configuration.ConfigurationCustomizer configuration = new Configuration.ConfigurationCustomizer();
        configuration.setAutoFragment(true);
        configuration.setMaxFrameSize(SLICE);
        return configuration;
    }

    /**
     * Reads what arrived, up to the end or to a frame after which the handler stops. Slices handed
     * on are views of {@code bytes}, valid during the call only.
     *
     * @throws BrokenFrame if the other end broke the protocol
     */
    public void read(ByteBuffer bytes, Handler handler) throws BrokenFrame {
        try {
            Frame.Parsed frame;
            boolean goOn = true;
            while (goOn && (frame = parser.parse(bytes)) != null) {
                try {
                    FrameValidation.assertValidIncoming(frame, UNMASKED);
                    sequence.check(frame.getOpCode(), frame.isFin());
                    goOn = dispatch(frame, handler);
                } finally {
                    frame.close();
                }
            }
        } catch (CloseException broken) {
            throw new BrokenFrame(broken.getStatusCode(), String.valueOf(broken.getMessage()));
        } catch (WebSocketException broken) {
            throw new BrokenFrame(CloseStatus.PROTOCOL, String.valueOf(broken.getMessage()));
        }
    }

    /**
     * Jetty's parser, with each payload unmasked here, eight bytes at a time, before Jetty sees it
     * as unmasked: Jetty's own unmasking, four bytes at a time through {@link ByteBuffer} calls,
     * was half of the server's samples with 1 MB files in the original protocol.
     */
    private static final class Unmasking extends Parser {
        Unmasking(Configuration.ConfigurationCustomizer configuration) {
            super(ByteBufferPool.NON_POOLING, configuration);
        }

        @Override
        protected Frame.Parsed newFrame(byte firstByte, byte[] mask, ByteBuffer payload, Runnable releaser) {
            if (mask == null) {
                throw new ProtocolException("Client MUST mask all frames (RFC-6455: Section 5.1)");
            }
            if (payload != null) {
                unmask(payload, mask);
            }
            return super.newFrame(firstByte, null, payload, releaser);
        }
    }

    /** XORs the buffer's remaining bytes with the four bytes of the mask, in turn, from the first. */
    private static void unmask(ByteBuffer payload, byte[] mask) {
        int from = payload.position();
        int to = payload.limit();
        if (!payload.hasArray()) {
            for (int i = from; i < to; i++) {
                payload.put(i, (byte) (payload.get(i) ^ mask[(i - from) & 3]));
            }
            return;
        }
        mask(payload.array(), payload.arrayOffset() + from, payload.arrayOffset() + to, mask);
    }

    /**
     * XORs {@code bytes[start..end)} with the four bytes of the mask, in turn, from the first, eight
     * bytes at a time: masks what a client sends, unmasks what a server reads.
     */
    public static void mask(byte[] bytes, int start, int end, byte[] mask) {
        long eight = 0;
        for (int i = 0; i < 8; i++) {
            eight |= (mask[i & 3] & 0xFFL) << (8 * i);
        }
        int at = start;
        for (; at + 8 <= end; at += 8) {
            LONGS.set(bytes, at, (long) LONGS.get(bytes, at) ^ eight);
        }
        for (; at < end; at++) {
            bytes[at] ^= mask[(at - start) & 3];
        }
    }

    /** How many bytes of the frame under way are still to come after the slice being handed on. */
    public long payloadToCome() {
        return parser.getPayloadLength();
    }

    /** @return whether to read on */
    private boolean dispatch(Frame.Parsed frame, Handler handler) {
        switch (frame.getOpCode()) {
            case OpCode.TEXT, OpCode.BINARY -> {
                text = frame.getOpCode() == OpCode.TEXT;
                return handler.message(text, payload(frame), true, frame.isFin());
            }
            case OpCode.CONTINUATION -> {
                return handler.message(text, payload(frame), false, frame.isFin());
            }
            case OpCode.PING -> handler.ping(payload(frame));
            case OpCode.CLOSE -> {
                CloseStatus status = frame.getCloseStatus();
                handler.close(status.getCode(), status.getReason() == null ? "" : status.getReason());
            }
            default -> handler.pong(payload(frame));
        }
        return true;
    }

    private static ByteBuffer payload(Frame frame) {
        return frame.hasPayload() ? frame.getPayload() : ByteBuffer.allocate(0);
    }

    // Jetty's buffers are handed over ready to read (position 0, limit at the end of the content):
    // BufferUtil.allocate makes an empty one, which the generator fills and hands back that way.

    /** The length of the header of an unmasked frame with this much payload: the same for every opcode. */
    public static int headerLength(int payloadLength) {
        return header(OpCode.TEXT, true, payloadLength).remaining();
    }

    /** The header of an unmasked frame, as a server sends it. */
    public static ByteBuffer header(byte opcode, boolean fin, int payloadLength) {
        return header(opcode, fin, payloadLength, null);
    }

    /**
     * The header of a frame; with a mask, as a client sends it, whose payload must then be masked
     * ({@link #mask}).
     *
     * @param mask four random bytes, or null for an unmasked frame
     */
    public static ByteBuffer header(byte opcode, boolean fin, int payloadLength, byte[] mask) {
        Frame frame = new Frame(opcode, fin, (ByteBuffer) null) {
            @Override
            public int getPayloadLength() {
                return payloadLength;
            }
        };
        frame.setMask(mask);
        ByteBuffer header = BufferUtil.allocate(Generator.MAX_HEADER_LENGTH);
        GENERATOR.generateHeader(frame, header);
        return header;
    }

    /** The payload of a close frame; the reason is cut to what a control frame can carry. */
    public static ByteBuffer closePayload(int code, String reason) {
        return new CloseStatus(code, truncated(reason)).asPayloadBuffer();
    }

    /** A whole unmasked close frame, as a server sends it; the reason is cut to what a control frame can carry. */
    public static ByteBuffer close(int code, String reason) {
        Frame frame = new CloseStatus(code, truncated(reason)).toFrame();
        ByteBuffer whole = BufferUtil.allocate(Generator.MAX_HEADER_LENGTH + Frame.MAX_CONTROL_PAYLOAD);
        GENERATOR.generateWholeFrame(frame, whole);
        return whole;
    }

    /** A whole unmasked pong frame answering a ping with this payload, as a server sends it. */
    public static ByteBuffer pong(ByteBuffer payload) {
        ByteBuffer whole = BufferUtil.allocate(Generator.MAX_HEADER_LENGTH + payload.remaining());
        GENERATOR.generateWholeFrame(new Frame(OpCode.PONG, payload.duplicate()), whole);
        return whole;
    }

    /** The reason, cut on a character boundary so its UTF-8 fits a close frame (125 bytes less the code). */
    private static String truncated(String reason) {
        int max = Frame.MAX_CONTROL_PAYLOAD - 2;
        String cut = reason;
        while (cut.getBytes(StandardCharsets.UTF_8).length > max) {
            cut = cut.substring(0, cut.offsetByCodePoints(0, cut.codePointCount(0, cut.length()) - 1));
        }
        return cut;
    }
}
