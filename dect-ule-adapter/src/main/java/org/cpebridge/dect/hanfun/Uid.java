package org.cpebridge.dect.hanfun;

import java.nio.charset.StandardCharsets;
import org.cpebridge.bytes.Bytes;

/**
 * A device UID (hanfun {@code inc/hanfun/uids.h}): {@code type u8 | length u8 | value}. The top bit of the type byte is
 * used by some messages as a flag (RegisterMessage: "EMC present"); {@link #read} hands it back separately.
 */
public sealed interface Uid {
    int TYPE_NONE = 0x00;
    int TYPE_DECT = 0x01;
    int TYPE_MAC = 0x02;
    int TYPE_URI = 0x03;

    int type();

    Bytes value();

    /** No UID (length 0). */
    record None() implements Uid {
        public int type() {
            return TYPE_NONE;
        }

        public Bytes value() {
            return Bytes.EMPTY;
        }
    }

    /** A DECT IPUI or RFPI, 5 bytes. */
    record Dect(Bytes value) implements Uid {
        public Dect {
            if (value == null || value.length() != 5) {
                throw new IllegalArgumentException("a DECT identity has 5 bytes");
            }
        }

        public int type() {
            return TYPE_DECT;
        }

        /** The IPUI as 10 upper-case hex digits, used as the device's stable id. */
        public String hex() {
            return value.hex().toUpperCase(java.util.Locale.ROOT);
        }
    }

    /** An IEEE MAC address, 6 bytes. */
    record Mac(Bytes value) implements Uid {
        public Mac {
            if (value == null || value.length() != 6) {
                throw new IllegalArgumentException("a MAC address has 6 bytes");
            }
        }

        public int type() {
            return TYPE_MAC;
        }
    }

    /** A URI in ASCII, at most 255 bytes. */
    record Uri(String uri) implements Uid {
        public Uri {
            if (uri == null || uri.getBytes(StandardCharsets.US_ASCII).length > 0xFF) {
                throw new IllegalArgumentException("URI UID must be ASCII up to 255 bytes");
            }
        }

        public int type() {
            return TYPE_URI;
        }

        public Bytes value() {
            return Bytes.of(uri.getBytes(StandardCharsets.US_ASCII));
        }
    }

    /** A type this codec does not know, kept as it is. */
    record Other(int type, Bytes value) implements Uid {
        public Other {
            if (type < 0 || type > 0x7F || type <= TYPE_URI) {
                throw new IllegalArgumentException("Other is for unknown UID types 0x04..0x7F");
            }
            if (value == null || value.length() > 0xFF) {
                throw new IllegalArgumentException("UID value up to 255 bytes");
            }
        }
    }

    /** A decoded UID plus the flag carried in the top bit of its type byte. */
    record Flagged(Uid uid, boolean flag) {
    }

    static Flagged read(ByteReader reader) throws HanfunException {
        int typeByte = reader.u8("UID type");
        int length = reader.u8("UID length");
        Bytes value = reader.bytes(length, "UID value");
        int type = typeByte & 0x7F;
        Uid uid = switch (type) {
            case TYPE_NONE -> {
                if (length != 0) {
                    throw new HanfunException(HanfunException.Reason.BAD_VALUE, "UID NONE with length " + length);
                }
                yield new None();
            }
            case TYPE_DECT -> {
                if (length != 5) {
                    throw new HanfunException(HanfunException.Reason.BAD_VALUE, "DECT UID length " + length);
                }
                yield new Dect(value);
            }
            case TYPE_MAC -> {
                if (length != 6) {
                    throw new HanfunException(HanfunException.Reason.BAD_VALUE, "MAC UID length " + length);
                }
                yield new Mac(value);
            }
            case TYPE_URI -> new Uri(new String(value.toByteArray(), StandardCharsets.US_ASCII));
            default -> new Other(type, value);
        };
        return new Flagged(uid, (typeByte & 0x80) != 0);
    }

    static void write(ByteWriter writer, Uid uid, boolean flag) {
        Bytes value = uid.value();
        writer.u8(uid.type() | (flag ? 0x80 : 0)).u8(value.length()).bytes(value);
    }

    /** Decodes a UID on its own (flag bit must be clear). */
    static Uid decode(Bytes bytes) throws HanfunException {
        ByteReader reader = ByteReader.of(bytes);
        Flagged flagged = read(reader);
        reader.expectEnd("UID");
        return flagged.uid();
    }

    /** Encodes a UID on its own. */
    static Bytes encode(Uid uid) {
        ByteWriter writer = new ByteWriter();
        write(writer, uid, false);
        return writer.toBytes();
    }
}
