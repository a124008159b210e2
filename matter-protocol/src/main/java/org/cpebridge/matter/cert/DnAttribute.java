package org.cpebridge.matter.cert;

import java.util.Objects;

/**
 * One attribute of a Matter certificate's issuer or subject (Matter core spec 6.5.6 "Distinguished Name"): either a
 * Matter identifier (node, firmware signing, ICAC, RCAC, fabric id as 64 bits; CASE authenticated tag as 32 bits) or a
 * standard X.520 text attribute. The TLV context tag is the attribute type; text attributes encoded as X.509
 * PrintableString use the tag with bit 7 set.
 */
public sealed interface DnAttribute {

    /** Attribute type 1..22 (the TLV tag without the PrintableString flag). */
    int type();

    /** TLV tag of matter-node-id. */
    int NODE_ID = 17;
    /** TLV tag of matter-firmware-signing-id. */
    int FIRMWARE_SIGNING_ID = 18;
    /** TLV tag of matter-icac-id. */
    int ICAC_ID = 19;
    /** TLV tag of matter-rcac-id. */
    int RCAC_ID = 20;
    /** TLV tag of matter-fabric-id. */
    int FABRIC_ID = 21;
    /** TLV tag of matter-noc-cat (32 bits). */
    int NOC_CAT = 22;
    /** TLV tag of domain-component, an IA5String in X.509. */
    int DOMAIN_COMPONENT = 16;
    /** Flag added to a text attribute's tag when X.509 carries it as PrintableString. */
    int PRINTABLE_FLAG = 0x80;

    /** A Matter identifier attribute, written in X.509 as upper-case hex (16 digits, 8 for a CAT). */
    record MatterId(int type, long value) implements DnAttribute {
        /** Checks the type and, for a CAT, the 32-bit range. */
        public MatterId {
            if (type < NODE_ID || type > NOC_CAT) {
                throw new IllegalArgumentException("not a Matter identifier attribute: " + type);
            }
            if (type == NOC_CAT && (value < 0 || value > 0xFFFF_FFFFL)) {
                throw new IllegalArgumentException("CASE authenticated tag does not fit 32 bits");
            }
        }
    }

    /** A standard text attribute (common name, organization, ...). */
    record Text(int type, boolean printable, String value) implements DnAttribute {
        /** Checks the type range. */
        public Text {
            if (type < 1 || type > DOMAIN_COMPONENT) {
                throw new IllegalArgumentException("not a text attribute type: " + type);
            }
            if (printable && type == DOMAIN_COMPONENT) {
                throw new IllegalArgumentException("domain-component has no PrintableString form");
            }
            Objects.requireNonNull(value, "value");
        }
    }
}
