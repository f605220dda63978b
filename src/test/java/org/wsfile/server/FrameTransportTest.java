package org.wsfile.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.WebConnection;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.StringLength;
import org.eclipse.jetty.io.ByteBufferPool;
import org.eclipse.jetty.websocket.core.CloseStatus;
import org.eclipse.jetty.websocket.core.Configuration;
import org.eclipse.jetty.websocket.core.Frame;
import org.eclipse.jetty.websocket.core.OpCode;
import org.eclipse.jetty.websocket.core.internal.Parser;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.wsfile.protocol.Names;

/** What the server writes on a connection it runs itself, read back by a client's frame parser. */
class FrameTransportTest {
    private static final String SEED = "20261125";
    private final DeliveryThreads threads = new DeliveryThreads();
    private final ByteArrayOutputStream wire = new ByteArrayOutputStream();

    FrameTransportTest() {
        threads.start();
    }

    @AfterEach
    void stop() {
        threads.stop();
    }

    @Test
    void aTextSentInPartsIsOneFramePerPartWhateverItsSize() throws Exception {
        FrameTransport transport = new FrameTransport("t", connection(), threads, () -> { });
        String first = "text/plain:größe.txt:" + "QUJD".repeat(100_000);
        String second = "日本".repeat(50_000);

        transport.sendText(first, false);
        transport.sendText(second, true);
        transport.sendText("subscribed", true);

        List<Frame> frames = read();
        assertEquals(List.of(OpCode.TEXT, OpCode.CONTINUATION, OpCode.TEXT), frames.stream().map(Frame::getOpCode).toList());
        assertEquals(List.of(false, true, true), frames.stream().map(Frame::isFin).toList());
        assertEquals(List.of(first, second, "subscribed"), frames.stream().map(Frame::getPayloadAsUTF8).toList());
    }

    @Test
    void aCloseFrameEndsWhatTheServerWrites() throws Exception {
        FrameTransport transport = new FrameTransport("t", connection(), threads, () -> { });

        transport.close(Closure.goingAway());

        Frame close = read().get(0);
        assertEquals(OpCode.CLOSE, close.getOpCode());
        assertEquals(1001, new CloseStatus(close.getPayload()).getCode());
    }

    @Property(seed = SEED)
    void utf8LengthIsTheLengthOfTheEncodedText(@ForAll @StringLength(max = 50) String text) {
        assertEquals(text.getBytes(StandardCharsets.UTF_8).length, Names.utf8Length(text));
    }

    private List<Frame> read() {
        Configuration.ConfigurationCustomizer whole = new Configuration.ConfigurationCustomizer();
        whole.setAutoFragment(false);
        whole.setMaxFrameSize(10 << 20);
        Parser client = new Parser(ByteBufferPool.NON_POOLING, whole);
        ByteBuffer bytes = ByteBuffer.wrap(wire.toByteArray());
        List<Frame> frames = new ArrayList<>();
        Frame.Parsed frame;
        while ((frame = client.parse(bytes)) != null) {
            frames.add(Frame.copy(frame));
        }
        return frames;
    }

    private WebConnection connection() {
        ServletOutputStream out = new ServletOutputStream() {
            @Override
            public void write(int b) {
                wire.write(b);
            }

            @Override
            public void write(byte[] bytes, int offset, int length) {
                wire.write(bytes, offset, length);
            }

            @Override
            public boolean isReady() {
                return true;
            }

            @Override
            public void setWriteListener(WriteListener listener) {
                throw new UnsupportedOperationException("the transport writes in blocking mode");
            }
        };
        return new WebConnection() {
            @Override
            public ServletInputStream getInputStream() {
                throw new UnsupportedOperationException("the transport only writes");
            }

            @Override
            public ServletOutputStream getOutputStream() {
                return out;
            }

            @Override
            public void close() {
            }
        };
    }
}
