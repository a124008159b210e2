package org.cpebridge.matter.attestation;

import static org.cpebridge.matter.attestation.AttestationVectors.CSR_NONCE;
import static org.cpebridge.matter.attestation.AttestationVectors.NOCSR_ELEMENTS;
import static org.cpebridge.matter.attestation.AttestationVectors.VENDOR_RESERVED_1;
import static org.cpebridge.matter.attestation.AttestationVectors.VENDOR_RESERVED_3;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.Optional;

import org.cpebridge.matter.attestation.AttestationException.Reason;
import org.cpebridge.bytes.Bytes;
import org.junit.jupiter.api.Test;

class NocsrElementsTest {

    // kExampleCsr of TestNocsrElements_Construction sits in the vector after "15 30 01 dd": 221 bytes.
    private static final byte[] EXAMPLE_CSR = Arrays.copyOfRange(NOCSR_ELEMENTS, 4, 4 + 221);

    @Test
    void encodesTheSdkConstructionVectorByteForByte() {
        NocsrElements elements = new NocsrElements(Bytes.of(EXAMPLE_CSR), Bytes.of(CSR_NONCE),
                Optional.of(Bytes.of(VENDOR_RESERVED_1)), Optional.empty(), Optional.of(Bytes.of(VENDOR_RESERVED_3)));

        assertArrayEquals(NOCSR_ELEMENTS, elements.encode());
    }

    @Test
    void decodesTheSdkVector() throws AttestationException {
        NocsrElements elements = NocsrElements.decode(NOCSR_ELEMENTS);

        assertEquals(Bytes.of(EXAMPLE_CSR), elements.csr());
        assertEquals(Bytes.of(CSR_NONCE), elements.csrNonce());
        assertEquals(Optional.of(Bytes.of(VENDOR_RESERVED_1)), elements.vendorReserved1());
        assertEquals(Optional.empty(), elements.vendorReserved2());
        assertEquals(Optional.of(Bytes.of(VENDOR_RESERVED_3)), elements.vendorReserved3());
    }

    @Test
    void bridgeElementsCarryOnlyCsrAndNonce() throws AttestationException {
        byte[] encoded = NocsrElements.of(Bytes.of(EXAMPLE_CSR), Bytes.of(CSR_NONCE)).encode();

        // The vector up to the end of the nonce, then the end of the structure.
        int afterNonce = 4 + 221 + 3 + 32;
        assertArrayEquals(Arrays.copyOf(NOCSR_ELEMENTS, afterNonce), Arrays.copyOf(encoded, afterNonce));
        assertEquals(afterNonce + 1, encoded.length);
        assertEquals(NocsrElements.of(Bytes.of(EXAMPLE_CSR), Bytes.of(CSR_NONCE)), NocsrElements.decode(encoded));
    }

    @Test
    void rejectsTruncationsTrailingBytesAndBadNonces() {
        for (int length = 0; length < NOCSR_ELEMENTS.length; length++) {
            byte[] truncated = Arrays.copyOf(NOCSR_ELEMENTS, length);
            assertEquals(Reason.MALFORMED, assertThrows(AttestationException.class,
                    () -> NocsrElements.decode(truncated)).reason(), "length " + length);
        }
        assertThrows(AttestationException.class,
                () -> NocsrElements.decode(Arrays.copyOf(NOCSR_ELEMENTS, NOCSR_ELEMENTS.length + 2)));
        // 15 30 01 01 aa 30 02 01 bb 18: one-byte nonce
        assertThrows(AttestationException.class, () -> NocsrElements.decode(
                new byte[] {0x15, 0x30, 0x01, 0x01, (byte) 0xAA, 0x30, 0x02, 0x01, (byte) 0xBB, 0x18}));
        assertThrows(IllegalArgumentException.class,
                () -> NocsrElements.of(Bytes.of(EXAMPLE_CSR), Bytes.of(new byte[33])));
    }
}
