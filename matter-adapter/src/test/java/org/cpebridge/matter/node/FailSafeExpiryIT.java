package org.cpebridge.matter.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.cpebridge.matter.node.UdpCommissioner.errorCode;
import static org.cpebridge.matter.node.UdpCommissioner.uint;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import org.cpebridge.core.store.FileDurableStore;
import org.cpebridge.matter.MatterFace;
import org.cpebridge.matter.cert.CertificateSigningRequests;
import org.cpebridge.matter.cluster.standard.GeneralCommissioning;
import org.cpebridge.matter.cluster.standard.OperationalCredentials;
import org.cpebridge.matter.commissioning.AccessControlList;
import org.cpebridge.matter.fabric.FabricTable;
import org.cpebridge.matter.fabric.TestCredentials;
import org.cpebridge.matter.tlv.TlvElement;
import org.cpebridge.matter.tlv.TlvTag;
import org.cpebridge.bytes.Bytes;
import org.cpebridge.matter.DurableRecordStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Commissioning interrupted: a commissioner over PASE arms a 2 s fail-safe, gets a CSR, installs a trusted root and
 * a NOC (the fabric and its administrator entry exist, durably), then goes silent. When the fail-safe expires every
 * pending change is rolled back, in the store too, and the window still lets the next commissioner in.
 */
class FailSafeExpiryIT {

    @TempDir
    Path dataDir;

    @RegisterExtension
    final LoopbackFace faces = new LoopbackFace();

    @Test
    void anExpiredFailSafeRollsBackTheFabricAndItsAccessEntry() throws Exception {
        FileDurableStore store = new FileDurableStore(dataDir);
        MatterFace face = faces.start(store, "matter.passcode=20202021", "matter.discriminator=3840");
        InetSocketAddress address = new InetSocketAddress(InetAddress.getByName("::1"),
                face.node().localAddress().getPort());

        try (UdpCommissioner commissioner = new UdpCommissioner(address)) {
            assertEquals(0, commissioner.pase(20202021L).generalCode().code());
            assertEquals(0, errorCode(commissioner.invoke(GeneralCommissioning.ID,
                    GeneralCommissioning.ARM_FAIL_SAFE, uint(0, 2), uint(1, 1))));

            TlvElement.Structure csr = commissioner.invoke(OperationalCredentials.ID,
                    OperationalCredentials.CSR_REQUEST, new TlvElement.Octets(TlvTag.context(0),
                            Bytes.of(new byte[32])));
            TlvElement.Structure nocsr = (TlvElement.Structure) TlvElement.decode(
                    ((TlvElement.Octets) csr.member(0).orElseThrow()).value().toByteArray());
            byte[] csrDer = ((TlvElement.Octets) nocsr.member(1).orElseThrow()).value().toByteArray();
            TestCredentials ca = TestCredentials.create(0xCACACACA00000001L, 0x2906C908D115D362L, true,
                    TestCredentials.seeded(3));
            Bytes noc = ca.nocFor(0x0000000000000055L, CertificateSigningRequests.verifiedPublicKey(csrDer));

            commissioner.invoke(OperationalCredentials.ID, OperationalCredentials.ADD_TRUSTED_ROOT_CERTIFICATE,
                    new TlvElement.Octets(TlvTag.context(0), ca.rcacTlv()));
            TlvElement.Structure added = commissioner.invoke(OperationalCredentials.ID,
                    OperationalCredentials.ADD_NOC, new TlvElement.Octets(TlvTag.context(0), noc),
                    new TlvElement.Octets(TlvTag.context(1), ca.icacTlv().orElseThrow()),
                    new TlvElement.Octets(TlvTag.context(2), Bytes.fromHex("000102030405060708090a0b0c0d0e0f")),
                    uint(3, 0x1122L), uint(4, 0xFFF1));
            assertEquals(0, errorCode(added), "NOCResponse " + added);
            assertEquals(1, FabricTable.load(new DurableRecordStore(store), 5).fabrics().size(), "the fabric is stored at once");
            assertEquals(1, AccessControlList.load(store).entries().size());

            // The commissioner goes silent; the fail-safe runs out. The fabric and its ACL entry are two records,
            // written one after the other by the rollback: wait for both.
            long deadline = System.nanoTime() + 15_000_000_000L;
            while ((!FabricTable.load(new DurableRecordStore(store), 5).fabrics().isEmpty()
                    || !AccessControlList.load(store).entries().isEmpty()) && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertTrue(FabricTable.load(new DurableRecordStore(store), 5).fabrics().isEmpty(), "the fabric is rolled back");
            assertTrue(AccessControlList.load(store).entries().isEmpty(), "its ACL entry is rolled back");
        }
        // The basic window is still open: the next commissioner gets PASE.
        try (UdpCommissioner next = new UdpCommissioner(address)) {
            assertEquals(0, next.pase(20202021L).generalCode().code());
        }
    }
}
