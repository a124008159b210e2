package org.cpebridge.matter.tlv;

/**
 * A TLV tag (Core spec Appendix A.8). The encoder always picks the shortest tag form that holds the number, as the
 * spec's examples and the connectedhomeip writer do.
 */
public sealed interface TlvTag {

    /** Largest tag number a profile tag can carry (4 octets). */
    long MAX_PROFILE_TAG_NUMBER = 0xFFFF_FFFFL;

    /** The single anonymous tag. */
    static TlvTag anonymous() {
        return Anonymous.INSTANCE;
    }

    /** A context-specific tag 0..255. */
    static TlvTag context(int number) {
        return new Context(number);
    }

    /** No tag at all: array members, and most top-level elements. */
    enum Anonymous implements TlvTag {
        INSTANCE;

        @Override
        public String toString() {
            return "anonymous";
        }
    }

    /** A tag meaningful only inside the enclosing structure or list. */
    record Context(int number) implements TlvTag {
        public Context {
            if (number < 0 || number > 0xFF) {
                throw new IllegalArgumentException("context tag out of range 0..255: " + number);
            }
        }
    }

    /** A tag of the Matter common profile (vendor 0, profile 0). */
    record CommonProfile(long number) implements TlvTag {
        public CommonProfile {
            checkProfileTagNumber(number);
        }
    }

    /** A profile tag whose profile the reader must know from the surrounding protocol. */
    record ImplicitProfile(long number) implements TlvTag {
        public ImplicitProfile {
            checkProfileTagNumber(number);
        }
    }

    /** A tag qualified by vendor id and profile number. */
    record FullyQualified(int vendorId, int profileNumber, long number) implements TlvTag {
        public FullyQualified {
            if (vendorId < 0 || vendorId > 0xFFFF) {
                throw new IllegalArgumentException("vendor id out of range 0..0xFFFF: " + vendorId);
            }
            if (profileNumber < 0 || profileNumber > 0xFFFF) {
                throw new IllegalArgumentException("profile number out of range 0..0xFFFF: " + profileNumber);
            }
            checkProfileTagNumber(number);
        }
    }

    private static void checkProfileTagNumber(long number) {
        if (number < 0 || number > MAX_PROFILE_TAG_NUMBER) {
            throw new IllegalArgumentException("profile tag number out of range 0..0xFFFFFFFF: " + number);
        }
    }
}
