package org.cpebridge.matter.cert;

import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;

import org.cpebridge.bytes.Bytes;

/** The extensions a Matter certificate may carry (Matter core spec 6.5.11), in the order they appear. */
public sealed interface CertExtension {

    /** TLV tag of this extension inside the extensions list. */
    int tag();

    /** Basic constraints: CA flag and optional path length. */
    record BasicConstraints(boolean ca, OptionalInt pathLength) implements CertExtension {
        /** Checks the path length range. */
        public BasicConstraints {
            Objects.requireNonNull(pathLength, "pathLength");
            if (pathLength.isPresent() && (pathLength.getAsInt() < 0 || pathLength.getAsInt() > 0xFF)) {
                throw new IllegalArgumentException("path length out of range 0..255");
            }
        }

        @Override
        public int tag() {
            return 1;
        }
    }

    /**
     * Key usage as Matter's bitmask: bit 0 digitalSignature, 1 nonRepudiation, 2 keyEncipherment, 3 dataEncipherment,
     * 4 keyAgreement, 5 keyCertSign, 6 cRLSign, 7 encipherOnly, 8 decipherOnly.
     */
    record KeyUsage(int bits) implements CertExtension {
        /** Key usage digitalSignature. */
        public static final int DIGITAL_SIGNATURE = 0x01;
        /** Key usage keyCertSign. */
        public static final int KEY_CERT_SIGN = 0x20;
        /** Key usage cRLSign. */
        public static final int CRL_SIGN = 0x40;

        /** Checks that only the nine defined bits are used. */
        public KeyUsage {
            if (bits <= 0 || bits > 0x1FF) {
                throw new IllegalArgumentException("key usage bits out of range: " + bits);
            }
        }

        @Override
        public int tag() {
            return 2;
        }
    }

    /**
     * Extended key usage purposes in order: 1 serverAuth, 2 clientAuth, 3 codeSigning, 4 emailProtection,
     * 5 timeStamping, 6 OCSPSigning.
     */
    record ExtendedKeyUsage(List<Integer> purposes) implements CertExtension {
        /** Copies the list and checks each purpose. */
        public ExtendedKeyUsage {
            purposes = List.copyOf(purposes);
            if (purposes.isEmpty()) {
                throw new IllegalArgumentException("extended key usage without purposes");
            }
            for (int purpose : purposes) {
                if (purpose < 1 || purpose > 6) {
                    throw new IllegalArgumentException("unknown extended key usage purpose: " + purpose);
                }
            }
        }

        @Override
        public int tag() {
            return 3;
        }
    }

    /** Subject key identifier (20 bytes: SHA-1 of the public key in Matter). */
    record SubjectKeyId(Bytes keyId) implements CertExtension {
        /** Checks the length. */
        public SubjectKeyId {
            checkKeyId(keyId);
        }

        @Override
        public int tag() {
            return 4;
        }
    }

    /** Authority key identifier (the issuer's subject key identifier). */
    record AuthorityKeyId(Bytes keyId) implements CertExtension {
        /** Checks the length. */
        public AuthorityKeyId {
            checkKeyId(keyId);
        }

        @Override
        public int tag() {
            return 5;
        }
    }

    /** Any other extension, carried as its whole DER {@code Extension} encoding. */
    record Future(Bytes der) implements CertExtension {
        /** Checks it is non-empty. */
        public Future {
            if (Objects.requireNonNull(der, "der").length() == 0) {
                throw new IllegalArgumentException("empty future extension");
            }
        }

        @Override
        public int tag() {
            return 6;
        }
    }

    private static void checkKeyId(Bytes keyId) {
        Objects.requireNonNull(keyId, "keyId");
        if (keyId.length() != 20) {
            throw new IllegalArgumentException("key identifier must be 20 bytes, got " + keyId.length());
        }
    }
}
