package org.cpebridge.dect.ule;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Sans-I/O reassembly of frames from arbitrary chunks of a stream. Owned by one thread (the connection's I/O loop).
 * After a {@link FrameException} the stream is out of step and the decoder refuses further input.
 */
public final class FrameDecoder {
    private final byte[] header = new byte[4];
    private int headerFilled;
    private byte[] body;
    private int bodyFilled;
    private int primitive;
    private boolean failed;

    /** Consumes all of {@code chunk} and returns the frames it completed, in order. */
    public List<Frame> offer(ByteBuffer chunk) throws FrameException {
        if (failed) {
            throw new FrameException("decoder already failed");
        }
        List<Frame> frames = new ArrayList<>(1);
        while (chunk.hasRemaining()) {
            if (body == null) {
                int take = Math.min(4 - headerFilled, chunk.remaining());
                chunk.get(header, headerFilled, take);
                headerFilled += take;
                if (headerFilled < 4) {
                    break;
                }
                int length = ((header[0] & 0xFF) << 8) | (header[1] & 0xFF);
                primitive = ((header[2] & 0xFF) << 8) | (header[3] & 0xFF);
                if (length < 2 || length - 2 > FrameCodec.MAX_DATA) {
                    failed = true;
                    throw new FrameException("bad frame length " + length);
                }
                body = new byte[length - 2];
                bodyFilled = 0;
            }
            int take = Math.min(body.length - bodyFilled, chunk.remaining());
            chunk.get(body, bodyFilled, take);
            bodyFilled += take;
            if (bodyFilled == body.length) {
                byte[] complete = body;
                body = null;
                headerFilled = 0;
                try {
                    frames.add(FrameCodec.decodeBody(primitive, complete));
                } catch (FrameException e) {
                    failed = true;
                    throw e;
                }
            }
        }
        return frames;
    }

    public List<Frame> offer(byte[] chunk) throws FrameException {
        return offer(ByteBuffer.wrap(chunk));
    }

    /** True if a frame is partly received. */
    public boolean hasPartialFrame() {
        return headerFilled > 0 || body != null;
    }
}
