package org.cpebridge.matter.attestation;

import static org.cpebridge.matter.attestation.AttestationVectors.ATTESTATION_ELEMENTS;
import static org.cpebridge.matter.attestation.AttestationVectors.ATTESTATION_ELEMENTS_UNKNOWN_TAG;
import static org.cpebridge.matter.attestation.AttestationVectors.ATTESTATION_ELEMENTS_UNORDERED;
import static org.cpebridge.matter.attestation.AttestationVectors.ATTESTATION_NONCE;
import static org.cpebridge.matter.attestation.AttestationVectors.FIRMWARE_INFO;
import static org.cpebridge.matter.attestation.AttestationVectors.SAMPLE_CD;
import static org.cpebridge.matter.attestation.AttestationVectors.TIMESTAMP;
import static org.cpebridge.matter.attestation.AttestationVectors.VENDOR_RESERVED_1;
import static org.cpebridge.matter.attestation.AttestationVectors.VENDOR_RESERVED_3;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;

import nl.jqno.equalsverifier.EqualsVerifier;
import nl.jqno.equalsverifier.Warning;
import org.cpebridge.matter.attestation.AttestationException.Reason;
import org.cpebridge.bytes.Bytes;
import org.junit.jupiter.api.Test;

class AttestationElementsTest {

    private static final List<VendorReservedElement> SDK_VENDOR_RESERVED = List.of(
            // vendor 0xFFF1, profile 0x003E, tags 1 and 3, as TestAttestationElements_Construction adds them
            new VendorReservedElement(0xFFF1, 0x003E, 3, Bytes.of(VENDOR_RESERVED_3)),
            new VendorReservedElement(0xFFF1, 0x003E, 1, Bytes.of(VENDOR_RESERVED_1)));

    @Test
    void encodesTheSdkConstructionVectorByteForByte() {
        AttestationElements elements = new AttestationElements(Bytes.of(SAMPLE_CD), Bytes.of(ATTESTATION_NONCE),
                TIMESTAMP, Optional.empty(), SDK_VENDOR_RESERVED);

        assertArrayEquals(ATTESTATION_ELEMENTS, elements.encode());
    }

    @Test
    void decodesTheSdkVectorAndSortsVendorReserved() throws AttestationException {
        AttestationElements elements = AttestationElements.decode(ATTESTATION_ELEMENTS);

        assertEquals(Bytes.of(SAMPLE_CD), elements.certificationDeclaration());
        assertEquals(Bytes.of(ATTESTATION_NONCE), elements.attestationNonce());
        assertEquals(TIMESTAMP, elements.timestamp());
        assertEquals(Optional.empty(), elements.firmwareInformation());
        assertEquals(List.of(SDK_VENDOR_RESERVED.get(1), SDK_VENDOR_RESERVED.get(0)), elements.vendorReserved());
    }

    @Test
    void skipsAnUnknownContextTag() throws AttestationException {
        assertEquals(AttestationElements.decode(ATTESTATION_ELEMENTS),
                AttestationElements.decode(ATTESTATION_ELEMENTS_UNKNOWN_TAG));
    }

    @Test
    void carriesFirmwareInformationAfterTheTimestamp() throws AttestationException {
        // TestAttestationElements_DeconstructionWithFirmwareInfo: 30 04 69 <firmware> right after the timestamp.
        int afterTimestamp = 3 + 1 + SAMPLE_CD.length + 3 + ATTESTATION_NONCE.length + 6;
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        expected.write(ATTESTATION_ELEMENTS, 0, afterTimestamp);
        expected.write(0x30);
        expected.write(0x04);
        expected.write(FIRMWARE_INFO.length);
        expected.writeBytes(FIRMWARE_INFO);
        expected.write(ATTESTATION_ELEMENTS, afterTimestamp, ATTESTATION_ELEMENTS.length - afterTimestamp);
        AttestationElements withFirmware = new AttestationElements(Bytes.of(SAMPLE_CD), Bytes.of(ATTESTATION_NONCE),
                TIMESTAMP, Optional.of(Bytes.of(FIRMWARE_INFO)), SDK_VENDOR_RESERVED);

        assertArrayEquals(expected.toByteArray(), withFirmware.encode());
        assertEquals(withFirmware, AttestationElements.decode(expected.toByteArray()));
    }

    @Test
    void rejectsOutOfOrderElementsLikeTheSdk() {
        AttestationException e = assertThrows(AttestationException.class,
                () -> AttestationElements.decode(ATTESTATION_ELEMENTS_UNORDERED));
        assertEquals(Reason.MALFORMED, e.reason());
    }

    @Test
    void bridgeElementsHaveNoOptionalMembers() {
        byte[] encoded = AttestationElements.of(Bytes.of(SAMPLE_CD), Bytes.of(ATTESTATION_NONCE), 0).encode();

        // 15; 30 01 70 <CD>; 30 02 20 <nonce>; 24 03 00 (timestamp 0 as u8); 18
        assertEquals(1 + 3 + SAMPLE_CD.length + 3 + 32 + 3 + 1, encoded.length);
        assertArrayEquals(new byte[] {0x24, 0x03, 0x00, 0x18}, Arrays.copyOfRange(encoded, encoded.length - 4,
                encoded.length));
    }

    @Test
    void rejectsEveryTruncation() {
        for (int length = 0; length < ATTESTATION_ELEMENTS.length; length++) {
            byte[] truncated = Arrays.copyOf(ATTESTATION_ELEMENTS, length);
            assertEquals(Reason.MALFORMED, assertThrows(AttestationException.class,
                    () -> AttestationElements.decode(truncated)).reason(), "length " + length);
        }
    }

    @Test
    void rejectsTrailingBytesMissingMembersAndShortNonces() {
        byte[] oversized = Arrays.copyOf(ATTESTATION_ELEMENTS, ATTESTATION_ELEMENTS.length + 1);
        assertThrows(AttestationException.class, () -> AttestationElements.decode(oversized));
        // 15 30 01 01 aa 18: only a CD
        assertThrows(AttestationException.class,
                () -> AttestationElements.decode(new byte[] {0x15, 0x30, 0x01, 0x01, (byte) 0xAA, 0x18}));
        // 15 30 01 01 aa 30 02 01 bb 24 03 00 18: a one-byte nonce
        assertThrows(AttestationException.class, () -> AttestationElements.decode(
                new byte[] {0x15, 0x30, 0x01, 0x01, (byte) 0xAA, 0x30, 0x02, 0x01, (byte) 0xBB, 0x24, 0x03, 0x00,
                    0x18}));
        // an array, not a structure
        assertThrows(AttestationException.class, () -> AttestationElements.decode(new byte[] {0x16, 0x18}));
    }

    @Test
    void garbageNeverEscapesAsAnUncheckedException() {
        Random random = new Random(42);
        for (int round = 0; round < 2000; round++) {
            byte[] garbage = ATTESTATION_ELEMENTS.clone();
            garbage[random.nextInt(garbage.length)] = (byte) random.nextInt(256);
            try {
                AttestationElements.decode(garbage);
            } catch (AttestationException expected) {
                assertTrue(expected.getMessage().length() > 0);
            }
        }
    }

    @Test
    void constructorChecksRanges() {
        Bytes cd = Bytes.of(SAMPLE_CD);
        Bytes nonce = Bytes.of(ATTESTATION_NONCE);
        assertThrows(IllegalArgumentException.class, () -> AttestationElements.of(cd, Bytes.of(new byte[31]), 0));
        assertThrows(IllegalArgumentException.class, () -> AttestationElements.of(Bytes.EMPTY, nonce, 0));
        assertThrows(IllegalArgumentException.class, () -> AttestationElements.of(cd, nonce, -1));
        assertThrows(IllegalArgumentException.class, () -> AttestationElements.of(cd, nonce, 1L << 32));
        assertThrows(IllegalArgumentException.class, () -> new VendorReservedElement(0x10000, 0, 0, Bytes.EMPTY));
    }

    @Test
    void recordsCompareByValue() {
        // Constructors reject nulls, so EqualsVerifier must not feed them any.
        EqualsVerifier.forClass(VendorReservedElement.class).suppress(Warning.NULL_FIELDS).verify();
        EqualsVerifier.forClass(AttestationResponse.class).suppress(Warning.NULL_FIELDS).verify();
        EqualsVerifier.forClass(CsrResponse.class).suppress(Warning.NULL_FIELDS).verify();
        EqualsVerifier.forClass(SignedCertificationDeclaration.class).suppress(Warning.NULL_FIELDS).verify();
    }
}
