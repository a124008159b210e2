package org.cpebridge.dect.ule;

import org.cpebridge.bytes.Bytes;
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
    /** Primitive of a REGISTRATION frame (ours, not the example transport's: its nodes ignore it). */
    int REGISTRATION = 0x0301;
    /** The longest registration window a REGISTRATION frame can carry, in seconds. */
    int MAX_REGISTRATION_SECONDS = 0xFFFF;

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

    /**
     * REGISTRATION: the base's registration window, {@code seconds u16}. From the host: open it for that many seconds
     * (0 closes it now). From the base: its state after a request or when it changes: open for that many seconds more
     * (the confirmation of an open), or 0, closed (the confirmation of a close, or the window ran out).
     */
    record Registration(int seconds) implements Frame {
        public Registration {
            if (seconds < 0 || seconds > MAX_REGISTRATION_SECONDS) {
                throw new IllegalArgumentException("registration window out of range: " + seconds);
            }
        }

        public int primitive() {
            return REGISTRATION;
        }
    }

    /** A primitive this side does not know, kept for logging. */
    record Unknown(int primitive, Bytes data) implements Frame {
        public Unknown {
            if (primitive == HELLO || primitive == DATA || primitive == REGISTRATION || primitive < 0 || primitive > 0xFFFF) {
                throw new IllegalArgumentException("not an unknown primitive: " + primitive);
            }
            if (data == null || data.length() > FrameCodec.MAX_DATA) {
                throw new IllegalArgumentException("data missing or too long");
            }
        }
    }
}
