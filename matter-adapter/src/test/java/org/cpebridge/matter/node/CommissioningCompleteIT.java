package org.cpebridge.matter.node;

import static org.cpebridge.matter.node.UdpCommissioner.errorCode;
import static org.cpebridge.matter.node.UdpCommissioner.uint;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.cpebridge.core.spi.Pairing;
import org.cpebridge.core.store.FileDurableStore;
import org.cpebridge.matter.DurableRecordStore;
import org.cpebridge.matter.MatterFace;
import org.cpebridge.matter.cert.CertificateSigningRequests;
import org.cpebridge.matter.cluster.standard.GeneralCommissioning;
import org.cpebridge.matter.cluster.standard.OperationalCredentials;
import org.cpebridge.matter.commissioning.FabricAddedTimes;
import org.cpebridge.matter.crypto.CryptoRandom;
import org.cpebridge.matter.fabric.Fabric;
import org.cpebridge.matter.fabric.FabricTable;
import org.cpebridge.matter.fabric.TestCredentials;
import org.cpebridge.matter.message.SecureChannelStatus;
import org.cpebridge.matter.message.SecureSessionCodec;
import org.cpebridge.matter.sigma.TestCaseInitiator;
import org.cpebridge.matter.tlv.TlvElement;
import org.cpebridge.matter.tlv.TlvTag;
import org.cpebridge.bytes.Bytes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A whole commissioning over real UDP on loopback, as a controller drives it: PASE, ArmFailSafe, CSR, the root, AddNOC,
 * then CASE with the new fabric and CommissioningComplete over it. The household's console then shows when the
 * ecosystem was added: not while the fail-safe could still roll the fabric back, the time of CommissioningComplete
 * once it came, the same time after a restart, and nothing kept once the fabric is removed.
 */
class CommissioningCompleteIT {

    private static final long BRIDGE_NODE = 0x0000000000000055L;
    private static final long CONTROLLER_NODE = 0x0000000000001122L;
    private static final Bytes EPOCH_KEY = Bytes.fromHex("000102030405060708090a0b0c0d0e0f");

    @TempDir
    Path dataDir;

    @RegisterExtension
    final LoopbackFace faces = new LoopbackFace();

    @Test
    void theConsoleShowsWhenCommissioningCompletedAndForgetsItWithTheFabric() throws Exception {
        FileDurableStore store = new FileDurableStore(dataDir);
        MatterFace face = faces.start(store, "matter.passcode=20202021", "matter.discriminator=3840");
        InetSocketAddress address = LoopbackFace.address(face, "::1");
        TestCredentials ca = TestCredentials.create(0xCACACACA00000001L, 0x2906C908D115D362L, true,
                TestCredentials.seeded(5));

        try (UdpCommissioner commissioner = new UdpCommissioner(address)) {
            assertEquals(0, commissioner.pase(20202021L).generalCode().code());
            assertEquals(0, errorCode(commissioner.invoke(GeneralCommissioning.ID,
                    GeneralCommissioning.ARM_FAIL_SAFE, uint(0, 60), uint(1, 1))));
            TlvElement.Structure csr = commissioner.invoke(OperationalCredentials.ID,
                    OperationalCredentials.CSR_REQUEST, new TlvElement.Octets(TlvTag.context(0),
                            Bytes.of(new byte[32])));
            TlvElement.Structure nocsr = (TlvElement.Structure) TlvElement.decode(
                    ((TlvElement.Octets) csr.member(0).orElseThrow()).value().toByteArray());
            byte[] csrDer = ((TlvElement.Octets) nocsr.member(1).orElseThrow()).value().toByteArray();
            Bytes noc = ca.nocFor(BRIDGE_NODE, CertificateSigningRequests.verifiedPublicKey(csrDer));
            commissioner.invoke(OperationalCredentials.ID, OperationalCredentials.ADD_TRUSTED_ROOT_CERTIFICATE,
                    new TlvElement.Octets(TlvTag.context(0), ca.rcacTlv()));
            assertEquals(0, errorCode(commissioner.invoke(OperationalCredentials.ID, OperationalCredentials.ADD_NOC,
                    new TlvElement.Octets(TlvTag.context(0), noc),
                    new TlvElement.Octets(TlvTag.context(1), ca.icacTlv().orElseThrow()),
                    new TlvElement.Octets(TlvTag.context(2), EPOCH_KEY), uint(3, CONTROLLER_NODE),
                    uint(4, 0xFFF1))));
        }
        Pairing.PairedFabric pending = face.pairingPort().fabrics().get(0);
        assertEquals(Optional.empty(), pending.added(), "no date while the fail-safe may still roll it back");

        Fabric fabric = FabricTable.load(new DurableRecordStore(store), FabricTable.DEFAULT_CAPACITY).fabrics().get(0);
        Instant before = Instant.now();
        try (UdpCommissioner controller = new UdpCommissioner(address)) {
            TestCaseInitiator initiator = new TestCaseInitiator(ca.issue(CONTROLLER_NODE, List.of()),
                    fabric.operationalIpk(), BRIDGE_NODE, 0x2222, CryptoRandom.secure());
            assertEquals(SecureChannelStatus.SESSION_ESTABLISHMENT_SUCCESS.code(), controller.caseHandshake(initiator));
            controller.useSecureSession(SecureSessionCodec.initiator(initiator.i2rKey(), initiator.r2iKey(),
                    CONTROLLER_NODE, BRIDGE_NODE), initiator.responderSessionId());
            assertEquals(0, errorCode(controller.invoke(GeneralCommissioning.ID,
                    GeneralCommissioning.COMMISSIONING_COMPLETE)), "CommissioningComplete over CASE");
        }
        Instant after = Instant.now();
        Instant added = face.pairingPort().fabrics().get(0).added().orElseThrow();
        assertFalse(added.isBefore(before) || added.isAfter(after), added + " not within " + before + ".." + after);

        faces.stop(face);
        face = faces.start(store, "matter.passcode=20202021", "matter.discriminator=3840");
        assertEquals(Optional.of(added), face.pairingPort().fabrics().get(0).added(), "kept across a restart");

        assertTrue(face.pairingPort().removeFabric(fabric.fabricIndex()));
        assertEquals(Optional.empty(), FabricAddedTimes.load(store).of(fabric.fabricIndex()), "forgotten with it");
    }
}
