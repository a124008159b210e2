package org.cpebridge.matter.attestation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.Random;

import org.cpebridge.matter.attestation.AttestationException.Reason;
import org.junit.jupiter.api.Test;

class AttestationCertificateTest {

    @Test
    void rejectsTruncatedOversizedAndEmptyCertificates() throws AttestationException {
        byte[] der = TestMaterial.sdkDac().der().toByteArray();
        for (int length = 0; length < der.length; length++) {
            byte[] truncated = Arrays.copyOf(der, length);
            assertEquals(Reason.MALFORMED, assertThrows(AttestationException.class,
                    () -> AttestationCertificate.parse(truncated)).reason(), "length " + length);
        }
        assertThrows(AttestationException.class, () -> AttestationCertificate.parse(Arrays.copyOf(der,
                der.length + 1)));
    }

    @Test
    void garbageNeverEscapesAsAnUncheckedException() throws AttestationException {
        byte[] der = TestMaterial.sdkDac().der().toByteArray();
        Random random = new Random(99);
        for (int round = 0; round < 3000; round++) {
            byte[] garbage = der.clone();
            for (int flips = 1 + random.nextInt(3); flips > 0; flips--) {
                garbage[random.nextInt(garbage.length)] = (byte) random.nextInt(256);
            }
            try {
                AttestationCertificate.parse(garbage);
            } catch (AttestationException expected) {
                assertEquals(expected.reason() == Reason.WRONG_EXTENSIONS ? Reason.WRONG_EXTENSIONS
                        : Reason.MALFORMED, expected.reason());
            }
        }
    }
}
