package org.cpebridge.matter.tlv;

/**
 * The element types of Matter TLV (Core spec Appendix A.7), without their width, which only the encoding cares
 * about.
 */
public enum TlvType {
    SIGNED_INT,
    UNSIGNED_INT,
    BOOLEAN,
    FLOAT,
    DOUBLE,
    UTF8_STRING,
    OCTET_STRING,
    NULL,
    STRUCTURE,
    ARRAY,
    LIST;

    /** True for structure, array and list. */
    public boolean isContainer() {
        return this == STRUCTURE || this == ARRAY || this == LIST;
    }
}
