package org.cpebridge.dect.hanfun;

import java.nio.charset.StandardCharsets;
import org.cpebridge.bytes.Bytes;

/** An attribute value as carried on the wire; which variant an attribute uses is in {@link AttributeCatalog}. */
public sealed interface Value {

    /** A boolean sent as one byte (0 = false). */
    record Bool(boolean value) implements Value {
    }

    record U8(int value) implements Value {
        public U8 {
            check(value, 0, 0xFF);
        }
    }

    record U16(int value) implements Value {
        public U16 {
            check(value, 0, 0xFFFF);
        }
    }

    record S16(int value) implements Value {
        public S16 {
            check(value, Short.MIN_VALUE, Short.MAX_VALUE);
        }
    }

    record U32(long value) implements Value {
        public U32 {
            if (value < 0 || value > 0xFFFF_FFFFL) {
                throw new IllegalArgumentException("u32 out of range: " + value);
            }
        }
    }

    /** A string: {@code length u8 | bytes} (hanfun {@code SerializableHelper<std::string>}). */
    record Text(String value) implements Value {
        public Text {
            if (value == null || value.getBytes(StandardCharsets.UTF_8).length > 0xFF) {
                throw new IllegalArgumentException("text up to 255 bytes");
            }
        }
    }

    /**
     * A Simple Power Meter measurement: {@code precision u8 | value u32} (hanfun {@code SimplePowerMeter::Measurement};
     * precision 0x00 base, 0x10 milli, 0x11 micro, 0x12 nano, 0x13 pico, 0x20 kilo .. 0x23 tera).
     */
    record Measurement(int precision, long value) implements Value {
        public static final int BASE = 0x00;
        public static final int MILLI = 0x10;

        public Measurement {
            check(precision, 0, 0xFF);
            if (value < 0 || value > 0xFFFF_FFFFL) {
                throw new IllegalArgumentException("measurement out of range: " + value);
            }
        }
    }

    /** Colour Control hue (0..359 degrees) and saturation (0..255): {@code hue u16 | saturation u8}. */
    record HueSaturation(int hue, int saturation) implements Value {
        public HueSaturation {
            check(hue, 0, 359);
            check(saturation, 0, 0xFF);
        }
    }

    /** Colour Control CIE 1931 x/y, each scaled to 0..65535: {@code x u16 | y u16}. */
    record Xy(int x, int y) implements Value {
        public Xy {
            check(x, 0, 0xFFFF);
            check(y, 0, 0xFFFF);
        }
    }

    /** A device UID (type, length, value). */
    record UidValue(Uid uid) implements Value {
        public UidValue {
            if (uid == null) {
                throw new IllegalArgumentException("uid is required");
            }
        }
    }

    /** Bytes whose layout this codec does not interpret (or a fixed-size octet string such as the DECT id). */
    record Octets(Bytes value) implements Value {
        public Octets {
            if (value == null) {
                throw new IllegalArgumentException("value is required");
            }
        }
    }

    private static void check(int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException("value " + value + " outside " + min + ".." + max);
        }
    }
}
