package org.cpebridge.matter.attestation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import org.cpebridge.core.config.Config;
import org.cpebridge.core.config.ConfigSchema;
import org.cpebridge.core.store.FileDurableStore;
import org.cpebridge.matter.DurableRecordStore;
import org.cpebridge.matter.attestation.AttestationException.Reason;
import org.cpebridge.matter.store.RecordStore;
import org.cpebridge.bytes.Bytes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AttestationProvisioningTest {

    @TempDir
    Path dir;

    private Config config(String... assignments) {
        Config.Builder builder = Config.builder(new ConfigSchema().addAll(AttestationSettings.keys()));
        for (String assignment : assignments) {
            builder.set(assignment);
        }
        return builder.build();
    }

    /** The face's record store over a real file store in {@code storeDir}. */
    private static RecordStore records(Path storeDir) {
        return new DurableRecordStore(new FileDurableStore(storeDir));
    }

    @Test
    void firstStartIssuesAndStoresADacThatLaterStartsReuse() throws AttestationException {
        RecordStore store = records(dir.resolve("store"));

        AttestationMaterial first = AttestationSettings.provision(config(), store, new SeededRandom(30));
        AttestationMaterial again = AttestationSettings.provision(config(), store, new SeededRandom(31));

        assertEquals(first.dac(), again.dac());
        assertEquals(first.dacKey().publicKey(), again.dacKey().publicKey());
        assertEquals(first.certificationDeclaration(), again.certificationDeclaration());
        assertTrue(store.read(AttestationProvisioning.RECORD, AttestationProvisioning.FORMAT_VERSION).isPresent(),
                "the development DAC is stored in the current format");
        assertEquals(0xFFF1, first.vendorId());
        assertEquals(0x8000, first.productId());
        first.requireIds(0xFFF1, 0x8000);
        assertEquals(Reason.VID_PID_MISMATCH, assertThrows(AttestationException.class,
                () -> first.requireIds(0xFFF1, 0x8001)).reason());
        // What it provisions passes the commissioner's chain and CD checks.
        AttestationCertificate paa = TestMaterial.verifier().verifyChain(first.dac(), first.pai(), Optional.empty());
        assertEquals(0x0016, TestMaterial.verifier().verifyDeclaration(first.certificationDeclaration(), first.dac(),
                paa).deviceTypeId());
    }

    @Test
    void twoBridgesGetDifferentDacs() throws AttestationException {
        AttestationMaterial one = AttestationProvisioning.development(records(dir.resolve("a")),
                new SeededRandom(32));
        AttestationMaterial two = AttestationProvisioning.development(records(dir.resolve("b")),
                new SeededRandom(33));

        assertNotEquals(one.dac().subjectKeyId(), two.dac().subjectKeyId());
    }

    @Test
    void aDacFromAnotherPaiIsReplaced() throws AttestationException {
        RecordStore store = records(dir.resolve("store"));
        AttestationMaterial original = AttestationProvisioning.development(store, new SeededRandom(34));
        // Rewrite the record as if an older build had shipped a different PAI (tag 3 holds the PAI DER).
        byte[] stale = new org.cpebridge.matter.tlv.TlvWriter()
                .startStructure(org.cpebridge.matter.tlv.TlvTag.anonymous())
                .putBytes(org.cpebridge.matter.tlv.TlvTag.context(1), original.dac().der())
                .putBytes(org.cpebridge.matter.tlv.TlvTag.context(2), original.dacKey().privateKeyBytes())
                .putBytes(org.cpebridge.matter.tlv.TlvTag.context(3), TestMaterial.paa().der())
                .endContainer().toByteArray();
        store.write(AttestationProvisioning.RECORD, AttestationProvisioning.FORMAT_VERSION, stale);

        AttestationMaterial replaced = AttestationProvisioning.development(store, new SeededRandom(35));

        assertNotEquals(original.dac(), replaced.dac());
    }

    @Test
    void corruptOrUnknownRecordsFailLoudly() {
        RecordStore store = records(dir.resolve("store"));
        store.write(AttestationProvisioning.RECORD, AttestationProvisioning.FORMAT_VERSION, new byte[] {0x15});
        assertEquals(Reason.MALFORMED, assertThrows(AttestationException.class,
                () -> AttestationProvisioning.development(store, new SeededRandom(36))).reason());
        store.write(AttestationProvisioning.RECORD, 99, new byte[] {0x15, 0x18});
        assertEquals(Reason.MALFORMED, assertThrows(AttestationException.class,
                () -> AttestationProvisioning.development(store, new SeededRandom(37))).reason());
    }

    @Test
    void productFilesReplaceTheDevelopmentMaterial() throws Exception {
        Path dac = write("dac.pem", AttestationFiles.resource("attestation/Chip-Test-DAC-FFF1-8000-0000-Cert.pem"));
        Path key = write("dac-key.pem", AttestationFiles.resource("attestation/Chip-Test-DAC-FFF1-8000-0000-Key.pem"));
        Path pai = write("pai.der", TestMaterial.pai().der().toByteArray());
        Path cd = write("cd.der", AttestationVectors.CD_SIGNED_02);
        RecordStore store = records(dir.resolve("store"));

        AttestationMaterial material = AttestationSettings.provision(config("matter.attestation.dac=" + dac,
                "matter.attestation.dacKey=" + key, "matter.attestation.pai=" + pai, "matter.attestation.cd=" + cd),
                store, new SeededRandom(38));

        assertEquals(TestMaterial.sdkDac(), material.dac());
        assertEquals(Bytes.of(AttestationVectors.CD_SIGNED_02), material.certificationDeclaration());
        assertTrue(store.read(AttestationProvisioning.RECORD, AttestationProvisioning.FORMAT_VERSION).isEmpty(), "product material is never stored");
    }

    @Test
    void partialOrMismatchedProductFilesStopStartup() throws Exception {
        Path dac = write("dac.pem", AttestationFiles.resource("attestation/Chip-Test-DAC-FFF1-8000-0000-Cert.pem"));
        Path wrongKey = write("key.pem", AttestationFiles.resource(AttestationProvisioning.TEST_PAI_KEY));
        Path pai = write("pai.pem", AttestationFiles.resource(AttestationProvisioning.TEST_PAI_CERT));
        Path cdWrongVendor = write("cd.der", CertificationDeclarations.sign(CertificationElements.development(
                0xFFF2, 0x8000, 0x16, "CSA00000SWC00000-00", 1), TestMaterial.cdSigningKey(),
                AttestationProvisioning.testCdSigner().subjectKeyId().orElseThrow()));
        Path goodKey = write("good.pem", AttestationFiles.resource(
                "attestation/Chip-Test-DAC-FFF1-8000-0000-Key.pem"));
        RecordStore store = records(dir.resolve("store"));

        assertEquals(Reason.INVALID_ARGUMENT, assertThrows(AttestationException.class,
                () -> AttestationSettings.provision(config("matter.attestation.dac=" + dac), store,
                        new SeededRandom(39))).reason());
        assertEquals(Reason.KEY_MISMATCH, assertThrows(AttestationException.class,
                () -> AttestationProvisioning.fromFiles(dac, wrongKey, pai, cdWrongVendor)).reason());
        assertEquals(Reason.VID_PID_MISMATCH, assertThrows(AttestationException.class,
                () -> AttestationProvisioning.fromFiles(dac, goodKey, pai, cdWrongVendor)).reason());
        assertEquals(Reason.MALFORMED, assertThrows(AttestationException.class,
                () -> AttestationProvisioning.fromFiles(dir.resolve("missing.pem"), goodKey, pai, cdWrongVendor))
                .reason());
    }

    private Path write(String name, byte[] content) throws IOException {
        return Files.write(dir.resolve(name), content);
    }
}
