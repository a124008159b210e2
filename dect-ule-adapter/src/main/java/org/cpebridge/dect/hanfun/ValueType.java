package org.cpebridge.dect.hanfun;

import java.nio.charset.StandardCharsets;
import org.cpebridge.bytes.Bytes;

/** How an attribute's value is laid out on the wire. */
public enum ValueType {
    BOOL, U8, U16, S16, U32, TEXT, MEASUREMENT, UID, DECT_ID, HUE_SATURATION, XY;

    Value read(ByteReader reader, String field) throws HanfunException {
        return switch (this) {
            case BOOL -> new Value.Bool(reader.u8(field) != 0);
            case U8 -> new Value.U8(reader.u8(field));
            case U16 -> new Value.U16(reader.u16(field));
            case S16 -> new Value.S16(reader.s16(field));
            case U32 -> new Value.U32(reader.u32(field));
            case TEXT -> {
                int length = reader.u8(field + " length");
                yield new Value.Text(new String(reader.bytes(length, field).toByteArray(), StandardCharsets.UTF_8));
            }
            case MEASUREMENT -> new Value.Measurement(reader.u8(field + " precision"), reader.u32(field));
            case UID -> new Value.UidValue(Uid.read(reader).uid());
            case DECT_ID -> new Value.Octets(reader.bytes(5, field));
            case HUE_SATURATION -> {
                int hue = reader.u16(field + " hue");
                if (hue > 359) {
                    throw new HanfunException(HanfunException.Reason.BAD_VALUE, "hue " + hue);
                }
                yield new Value.HueSaturation(hue, reader.u8(field + " saturation"));
            }
            case XY -> new Value.Xy(reader.u16(field + " x"), reader.u16(field + " y"));
        };
    }

    /** Writes {@code value}; a value of another variant than this type is a programming error. */
    void write(ByteWriter writer, Value value) {
        switch (this) {
            case BOOL -> writer.u8(((Value.Bool) value).value() ? 1 : 0);
            case U8 -> writer.u8(((Value.U8) value).value());
            case U16 -> writer.u16(((Value.U16) value).value());
            case S16 -> writer.u16(((Value.S16) value).value() & 0xFFFF);
            case U32 -> writer.u32(((Value.U32) value).value());
            case TEXT -> {
                byte[] text = ((Value.Text) value).value().getBytes(StandardCharsets.UTF_8);
                writer.u8(text.length).bytes(Bytes.of(text));
            }
            case MEASUREMENT -> {
                Value.Measurement measurement = (Value.Measurement) value;
                writer.u8(measurement.precision()).u32(measurement.value());
            }
            case UID -> Uid.write(writer, ((Value.UidValue) value).uid(), false);
            case DECT_ID -> writer.bytes(((Value.Octets) value).value());
            case HUE_SATURATION -> {
                Value.HueSaturation colour = (Value.HueSaturation) value;
                writer.u16(colour.hue()).u8(colour.saturation());
            }
            case XY -> writer.u16(((Value.Xy) value).x()).u16(((Value.Xy) value).y());
        }
    }

    /** True if {@code value} is the variant this type reads and writes. */
    boolean accepts(Value value) {
        return switch (this) {
            case BOOL -> value instanceof Value.Bool;
            case U8 -> value instanceof Value.U8;
            case U16 -> value instanceof Value.U16;
            case S16 -> value instanceof Value.S16;
            case U32 -> value instanceof Value.U32;
            case TEXT -> value instanceof Value.Text;
            case MEASUREMENT -> value instanceof Value.Measurement;
            case UID -> value instanceof Value.UidValue;
            case DECT_ID -> value instanceof Value.Octets octets && octets.value().length() == 5;
            case HUE_SATURATION -> value instanceof Value.HueSaturation;
            case XY -> value instanceof Value.Xy;
        };
    }
}
