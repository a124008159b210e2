package org.cpebridge.dect.ule;

import org.cpebridge.dect.hanfun.Bytes;
import org.cpebridge.dect.hanfun.Uid;

/**
 * One frame of the HAN-FUN example-app transport (hanfun {@code apps/transport.cpp}):
 * {@code length u16 BE (= 2 + data length) | primitive u16 BE | data}.
 */
public sealed interface Frame {
    /** Primitive of a HELLO frame. */
    int HELLO = 0x0101;
    /** Primitive of a DATA frame. */
    int DATA = 0x0201;

    int primitive();

    /**
     * HELLO, sent by both ends on connect: {@code core u8 | profiles u8 | interfaces u8 | UID}.
     *
     * @param coreVersion       HAN-FUN core version (hanfun 1.5.3 sends 2)
     * @param profilesVersion   profiles version (1)
     * @param interfacesVersion interfaces version (1)
     * @param uid               the sender's UID (the node's identity; a DECT base would give the IPUI)
     */
    record Hello(int coreVersion, int profilesVersion, int interfacesVersion, Uid uid) implements Frame {
        public Hello {
            for (int version : new int[] {coreVersion, profilesVersion, interfacesVersion}) {
                if (version < 0 || version > 0xFF) {
                    throw new IllegalArgumentException("version out of range: " + version);
                }
            }
            if (uid == null) {
                throw new IllegalArgumentException("uid is required");
            }
        }

        public int primitive() {
            return HELLO;
        }
    }

    /** DATA: exactly one encoded HAN-FUN packet (decoded above the link, so a bad packet never breaks framing). */
    record Data(Bytes packet) implements Frame {
        public Data {
            if (packet == null || packet.length() > FrameCodec.MAX_DATA) {
                throw new IllegalArgumentException("packet missing or too long");
            }
        }

        public int primitive() {
            return DATA;
        }
    }

    /** A primitive this side does not know, kept for logging. */
    record Unknown(int primitive, Bytes data) implements Frame {
        public Unknown {
            if (primitive == HELLO || primitive == DATA || primitive < 0 || primitive > 0xFFFF) {
                throw new IllegalArgumentException("not an unknown primitive: " + primitive);
            }
            if (data == null || data.length() > FrameCodec.MAX_DATA) {
                throw new IllegalArgumentException("data missing or too long");
            }
        }
    }
}
