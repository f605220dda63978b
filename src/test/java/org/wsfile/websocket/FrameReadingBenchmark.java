package org.wsfile.websocket;

import java.nio.ByteBuffer;

/**
 * How fast {@link WebSocketFrames} reads what an original-protocol sender sends: one masked text
 * frame of 1.33 MB (the base64 of 1 MB) copied into a 64 KiB read buffer and parsed, slice after
 * slice, as a connection reads it; 100 frames a round, 16 rounds in one JVM, every third printed.
 * Run by bench/frames.sh, which can run it against another commit's classes too.
 */
public final class FrameReadingBenchmark {
    private FrameReadingBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int length = 1_333_336;
        byte[] frame = new byte[length + 14];
        frame[0] = (byte) 0x81;
        frame[1] = (byte) (0x80 | 127);
        for (int i = 0; i < 8; i++) {
            frame[2 + i] = (byte) ((long) length >>> (56 - 8 * i));
        }
        System.arraycopy(new byte[] {0x37, (byte) 0xfa, 0x21, 0x3d}, 0, frame, 10, 4);
        WebSocketFrames frames = WebSocketFrames.fromClient();
        WebSocketFrames.Handler handler = new WebSocketFrames.Handler() {
            @Override
            public boolean message(boolean text, ByteBuffer slice, boolean first, boolean last) {
                return true;
            }

            @Override
            public void ping(ByteBuffer payload) {
            }

            @Override
            public void close(int code, String reason) {
            }
        };
        byte[] read = new byte[WebSocketFrames.SLICE];
        StringBuilder figures = new StringBuilder("frames read, MB/s by round:");
        for (int round = 0; round < 16; round++) {
            long start = System.nanoTime();
            for (int f = 0; f < 100; f++) {
                for (int at = 0; at < frame.length; at += read.length) {
                    int n = Math.min(read.length, frame.length - at);
                    System.arraycopy(frame, at, read, 0, n);
                    frames.read(ByteBuffer.wrap(read, 0, n), handler);
                }
            }
            if (round % 3 == 0 || round == 15) {
                figures.append(String.format(" %d: %.0f", round, 100.0 * frame.length / (System.nanoTime() - start) * 1e3));
            }
            Thread.sleep(50);
        }
        System.out.println(figures);
    }
}
