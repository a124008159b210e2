package org.cpebridge.matter.cluster;

import org.cpebridge.matter.tlv.TlvElement;

/**
 * Matter data types (Core spec "Data Types"), reduced to what a write must check: the TLV element type and the
 * integer range. Enums and bitmaps are checked by width only; their values are the cluster's business.
 */
public enum DataType {
    BOOLEAN,
    UINT8(0xFFL),
    UINT16(0xFFFFL),
    UINT32(0xFFFF_FFFFL),
    UINT64(-1L),
    INT8(Byte.MIN_VALUE, Byte.MAX_VALUE),
    INT16(Short.MIN_VALUE, Short.MAX_VALUE),
    INT32(Integer.MIN_VALUE, Integer.MAX_VALUE),
    INT64(Long.MIN_VALUE, Long.MAX_VALUE),
    ENUM8(0xFFL),
    ENUM16(0xFFFFL),
    BITMAP8(0xFFL),
    BITMAP16(0xFFFFL),
    BITMAP32(0xFFFF_FFFFL),
    FABRIC_INDEX(0xFEL),
    ENDPOINT_NUMBER(0xFFFFL),
    CLUSTER_ID(0xFFFF_FFFFL),
    VENDOR_ID(0xFFFFL),
    NODE_ID(-1L),
    EPOCH_SECONDS(0xFFFF_FFFFL),
    STRING,
    OCTET_STRING,
    STRUCT;

    private final boolean unsigned;
    private final boolean signed;
    private final long min;
    private final long max;

    DataType() {
        this.unsigned = false;
        this.signed = false;
        this.min = 0;
        this.max = 0;
    }

    DataType(long unsignedMax) {
        this.unsigned = true;
        this.signed = false;
        this.min = 0;
        this.max = unsignedMax;
    }

    DataType(long min, long max) {
        this.unsigned = false;
        this.signed = true;
        this.min = min;
        this.max = max;
    }

    /** True when {@code value} (not null, not a list) is of this type and in range. */
    public boolean accepts(TlvElement value) {
        if (unsigned) {
            return value instanceof TlvElement.UnsignedInt u
                    && (max == -1L || Long.compareUnsigned(u.value(), max) <= 0);
        }
        if (signed) {
            return value instanceof TlvElement.SignedInt s && s.value() >= min && s.value() <= max;
        }
        return switch (this) {
            case BOOLEAN -> value instanceof TlvElement.Bool;
            case STRING -> value instanceof TlvElement.Utf8;
            case OCTET_STRING -> value instanceof TlvElement.Octets;
            default -> value instanceof TlvElement.Structure;
        };
    }
}
