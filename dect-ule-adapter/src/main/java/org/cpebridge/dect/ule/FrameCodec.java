package org.cpebridge.dect.ule;

import java.nio.ByteBuffer;

import org.cpebridge.dect.hanfun.Bytes;
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
        } else {
            data = ((Frame.Unknown) frame).data();
        }
        ByteBuffer out = ByteBuffer.allocate(4 + data.length());
        out.putShort((short) (2 + data.length()));
        out.putShort((short) frame.primitive());
        out.put(data.toArray());
        return out.array();
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
