package org.cpebridge.matter.commissioning;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import org.cpebridge.core.store.FileDurableStore;
import org.cpebridge.core.testing.ManualClock;
import org.cpebridge.matter.attestation.AttestationCommands;
import org.cpebridge.matter.attestation.AttestationProvisioning;
import org.cpebridge.matter.attestation.AttestationResponder;
import org.cpebridge.matter.cert.CertificateSigningRequests;
import org.cpebridge.matter.cluster.AccessSubject;
import org.cpebridge.matter.cluster.ClusterInstance;
import org.cpebridge.matter.cluster.CommandResult;
import org.cpebridge.matter.cluster.CommandSpec;
import org.cpebridge.matter.cluster.DataModel;
import org.cpebridge.matter.cluster.standard.OperationalCredentials;
import org.cpebridge.matter.cluster.standard.StandardEndpoints;
import org.cpebridge.matter.crypto.CryptoRandom;
import org.cpebridge.matter.fabric.Fabric;
import org.cpebridge.matter.fabric.FabricTable;
import org.cpebridge.matter.fabric.TestCredentials;
import org.cpebridge.matter.node.MatterNode;
import org.cpebridge.matter.tlv.TlvElement;
import org.cpebridge.matter.tlv.TlvTag;
import org.cpebridge.bytes.Bytes;
import org.cpebridge.matter.DurableRecordStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** UpdateNOC (Matter core 11.18.6.9): a fabric's administrator renews the bridge's NOC under a fail-safe. */
class UpdateNocTest {

    private static final long OLD_NODE = 0x11L;
    private static final long NEW_NODE = 0x22L;

    @TempDir
    Path dir;

    @Test
    void anAdministratorRenewsTheNocAndAnExpiredFailSafeRestoresTheOldOne() throws Exception {
        FileDurableStore store = new FileDurableStore(dir);
        CryptoRandom random = TestCredentials.seeded(11);
        FabricTable fabrics = FabricTable.load(new DurableRecordStore(store), 5);
        TestCredentials ca = TestCredentials.create(0xCACACACA00000001L, 0x2906C908D115D362L, true, random);
        TestCredentials.Issued bridge = ca.issue(OLD_NODE, List.of());
        Fabric fabric = fabrics.add(bridge.rcac(), bridge.icac(), bridge.noc(), bridge.nodeKey(),
                Bytes.fromHex("000102030405060708090a0b0c0d0e0f"), 0xFFF1);
        ManualClock clock = new ManualClock();
        FailSafe failSafe = new FailSafe(clock, Duration.ofSeconds(900));
        CurrentSession session = new CurrentSession();
        DataModel model = new DataModel(new SplittableRandom(1));
        StandardEndpoints.addRootNode(model);
        OperationalCredentialsHandler handler = new OperationalCredentialsHandler(
                new AttestationCommands(new AttestationResponder(AttestationProvisioning.development(new DurableRecordStore(store), random))),
                fabrics, AccessControlList.load(store), failSafe, session, model, random,
                new OperationalCredentialsHandler.Hooks() {
                    @Override
                    public void fabricAdded(Fabric added) {
                    }

                    @Override
                    public void fabricRemoved(int fabricIndex) {
                    }
                });
        ClusterInstance cluster = model.cluster(0, OperationalCredentials.ID).orElseThrow();
        AccessSubject admin = AccessSubject.ofCase(fabric.fabricIndex(), 0x7777L);
        session.set(new MatterNode.SessionInfo(1, false, fabric.fabricIndex(), 0x7777L, Bytes.of(new byte[16])));

        // Without a CSR for UpdateNOC, and outside a fail-safe held by this fabric, it is refused.
        failSafe.arm(FailSafe.Holder.fabric(fabric.fabricIndex()), Duration.ofSeconds(60));
        assertEquals(4, status(handler.invoke(admin, cluster, command(cluster, OperationalCredentials.UPDATE_NOC),
                fields(new TlvElement.Octets(TlvTag.context(0), bridge.noc())))), "MissingCsr");

        TlvElement.Structure csr = response(handler.invoke(admin, cluster,
                command(cluster, OperationalCredentials.CSR_REQUEST),
                fields(new TlvElement.Octets(TlvTag.context(0), Bytes.of(new byte[32])),
                        new TlvElement.Bool(TlvTag.context(1), true))));
        TlvElement.Structure nocsr = (TlvElement.Structure) TlvElement.decode(
                ((TlvElement.Octets) csr.member(0).orElseThrow()).value().toByteArray());
        Bytes newNoc = ca.nocFor(NEW_NODE, CertificateSigningRequests.verifiedPublicKey(
                ((TlvElement.Octets) nocsr.member(1).orElseThrow()).value().toByteArray()));

        assertEquals(0x0B, status(handler.invoke(AccessSubject.ofPase(), cluster,
                command(cluster, OperationalCredentials.UPDATE_NOC),
                fields(new TlvElement.Octets(TlvTag.context(0), newNoc)))), "not over PASE");
        assertEquals(0, status(handler.invoke(admin, cluster, command(cluster, OperationalCredentials.UPDATE_NOC),
                fields(new TlvElement.Octets(TlvTag.context(0), newNoc),
                        new TlvElement.Octets(TlvTag.context(1), ca.icacTlv().orElseThrow())))));
        assertEquals(NEW_NODE, FabricTable.load(new DurableRecordStore(store), 5).byIndex(fabric.fabricIndex()).orElseThrow().nodeId());

        failSafe.expire("test: the administrator went away");
        assertEquals(OLD_NODE, FabricTable.load(new DurableRecordStore(store), 5).byIndex(fabric.fabricIndex()).orElseThrow().nodeId(),
                "the old NOC is back");
    }

    private static CommandSpec command(ClusterInstance cluster, long id) {
        return cluster.spec().commands().stream().filter(c -> c.id() == id).findFirst().orElseThrow();
    }

    private static TlvElement fields(TlvElement... members) {
        return new TlvElement.Structure(TlvTag.anonymous(), List.of(members));
    }

    private static TlvElement.Structure response(CommandResult result) {
        return (TlvElement.Structure) assertInstanceOf(CommandResult.Response.class, result).fields();
    }

    private static long status(CommandResult result) {
        return ((TlvElement.UnsignedInt) response(result).member(0).orElseThrow()).value();
    }
}
