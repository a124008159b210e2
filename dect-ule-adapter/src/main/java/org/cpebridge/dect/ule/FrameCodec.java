package org.cpebridge.dect.ule;

import java.nio.ByteBuffer;
import java.util.List;

import org.cpebridge.bytes.Bytes;
import org.cpebridge.dect.hanfun.HanfunException;
import org.cpebridge.dect.hanfun.PacketCodec;
import org.cpebridge.dect.hanfun.Uid;

/** Encodes frames and decodes one frame body; see {@link FrameDecoder} for reassembly from a stream. */
public final class FrameCodec {
    /**
     * Largest data part accepted: a full HAN-FUN packet (15-byte header + 0x1FF payload) with room to spare for a
     * HELLO carrying a 255-byte URI.
     */
    public static final int MAX_DATA = 1024;

    private FrameCodec() {
    }

    /** The whole frame as it goes on the wire, meant for a single write. */
    public static byte[] encode(Frame frame) {
        Bytes data;
        if (frame instanceof Frame.Hello hello) {
            Bytes uid = Uid.encode(hello.uid());
            byte[] body = new byte[3 + uid.length()];
            body[0] = (byte) hello.coreVersion();
            body[1] = (byte) hello.profilesVersion();
            body[2] = (byte) hello.interfacesVersion();
            uid.copyTo(body, 3);
            data = Bytes.of(body);
        } else if (frame instanceof Frame.Data dataFrame) {
            data = dataFrame.packet();
        } else if (frame instanceof Frame.Registration registration) {
            data = Bytes.of((byte) (registration.seconds() >> 8), (byte) registration.seconds());
        } else {
            data = ((Frame.Unknown) frame).data();
        }
        ByteBuffer out = ByteBuffer.allocate(4 + data.length());
        out.putShort((short) (2 + data.length()));
        out.putShort((short) frame.primitive());
        out.put(data.toByteArray());
        return out.array();
    }

    /**
     * Decodes exactly one whole frame (as the in-process base link hands them over); a chunk that is not one frame
     * is an error.
     */
    public static Frame decode(byte[] frame) throws FrameException {
        FrameDecoder decoder = new FrameDecoder();
        List<Frame> frames = decoder.offer(ByteBuffer.wrap(frame));
        if (frames.size() != 1 || decoder.hasPartialFrame()) {
            throw new FrameException("not exactly one whole frame");
        }
        return frames.get(0);
    }

    /** A DATA frame for an encoded packet. */
    public static byte[] encodeData(byte[] packet) {
        return encode(new Frame.Data(Bytes.of(packet)));
    }

    static Frame decodeBody(int primitive, byte[] data) throws FrameException {
        return switch (primitive) {
            case Frame.HELLO -> {
                if (data.length < 5) {
                    throw new FrameException("HELLO with " + data.length + " byte(s)");
                }
                try {
                    Uid uid = Uid.decode(Bytes.of(data, 3, data.length - 3));
                    yield new Frame.Hello(data[0] & 0xFF, data[1] & 0xFF, data[2] & 0xFF, uid);
                } catch (HanfunException e) {
                    throw new FrameException("HELLO with a bad UID: " + e.getMessage(), e);
                }
            }
            case Frame.DATA -> new Frame.Data(Bytes.of(data));
            case Frame.REGISTRATION -> {
                if (data.length != 2) {
                    throw new FrameException("REGISTRATION with " + data.length + " byte(s), not 2");
                }
                yield new Frame.Registration(((data[0] & 0xFF) << 8) | (data[1] & 0xFF));
            }
            default -> new Frame.Unknown(primitive, Bytes.of(data));
        };
    }

    static {
        // A DATA frame must be able to hold the largest packet.
        if (PacketCodec.HEADER_SIZE + PacketCodec.MAX_PAYLOAD > MAX_DATA) {
            throw new ExceptionInInitializerError("MAX_DATA too small");
        }
    }
}
