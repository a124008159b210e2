package org.cpebridge.matter.tlv;

/** Control-octet values of Core spec Appendix A.7 (element type, low 5 bits) and A.8 (tag control, high 3 bits). */
final class TlvCodes {

    static final int SIGNED_INT_1 = 0x00;
    static final int UNSIGNED_INT_1 = 0x04;
    static final int BOOLEAN_FALSE = 0x08;
    static final int BOOLEAN_TRUE = 0x09;
    static final int FLOAT_4 = 0x0A;
    static final int FLOAT_8 = 0x0B;
    static final int UTF8_LENGTH_1 = 0x0C;
    static final int OCTETS_LENGTH_1 = 0x10;
    static final int NULL = 0x14;
    static final int STRUCTURE = 0x15;
    static final int ARRAY = 0x16;
    static final int LIST = 0x17;
    static final int END_OF_CONTAINER = 0x18;

    static final int TAG_ANONYMOUS = 0x00;
    static final int TAG_CONTEXT = 0x20;
    static final int TAG_COMMON_2 = 0x40;
    static final int TAG_COMMON_4 = 0x60;
    static final int TAG_IMPLICIT_2 = 0x80;
    static final int TAG_IMPLICIT_4 = 0xA0;
    static final int TAG_FULLY_QUALIFIED_6 = 0xC0;
    static final int TAG_FULLY_QUALIFIED_8 = 0xE0;

    static final int ELEMENT_TYPE_MASK = 0x1F;
    static final int TAG_CONTROL_MASK = 0xE0;

    private TlvCodes() {
    }
}
