package org.cpebridge.matter.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.nio.charset.StandardCharsets;
import org.cpebridge.core.event.EventBus;
import org.cpebridge.core.json.Json;
import org.cpebridge.core.model.Capability;
import org.cpebridge.core.model.CapabilityType;
import org.cpebridge.core.model.Device;
import org.cpebridge.core.model.DeviceId;
import org.cpebridge.core.registry.DeviceRegistry;
import org.cpebridge.core.spi.Pairing;
import org.cpebridge.core.store.FileDurableStore;
import org.cpebridge.matter.DurableRecordStore;
import org.cpebridge.matter.MatterFace;
import org.cpebridge.matter.commissioning.AccessControlList;
import org.cpebridge.matter.crypto.CryptoRandom;
import org.cpebridge.matter.fabric.Fabric;
import org.cpebridge.matter.fabric.FabricTable;
import org.cpebridge.matter.fabric.TestCredentials;
import org.cpebridge.matter.group.GroupKeySet;
import org.cpebridge.matter.group.GroupTables;
import org.cpebridge.matter.message.Message;
import org.cpebridge.matter.message.ProtocolId;
import org.cpebridge.matter.message.SecureChannelOpcode;
import org.cpebridge.matter.message.SecureChannelStatus;
import org.cpebridge.matter.message.SecureSessionCodec;
import org.cpebridge.matter.message.StatusReport;
import org.cpebridge.matter.sigma.ResumptionStore;
import org.cpebridge.matter.sigma.TestCaseInitiator;
import org.cpebridge.bytes.Bytes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The household removes an ecosystem from the web console (the core's Pairing port): the bridge leaves that fabric
 * as RemoveFabric makes it, over real UDP on loopback. Before, the fabric's administrator has a CASE session that the
 * Interaction Model answers; after, that session answers nothing, a new CASE finds no shared trust root, and the
 * store holds no fabric, ACL entry, resumption record or scene of it, also after a restart; another fabric's scene on
 * the same bridged light stays.
 */
class ConsoleRemoveFabricIT {

    private static final Bytes EPOCH_KEY = Bytes.fromHex("000102030405060708090a0b0c0d0e0f");
    private static final long FABRIC_ID = 0x2906C908D115D362L;
    private static final long BRIDGE_NODE = 0xDEDEDEDE00010001L;
    private static final long CONTROLLER_NODE = 0x0000000000000101L;

    @TempDir
    Path dir;

    @RegisterExtension
    final LoopbackFace faces = new LoopbackFace();

    private MatterFace startFace() throws Exception {
        return faces.start(new FileDurableStore(dir), "matter.interface=no-such-if0");
    }

    @Test
    void removingAFabricFromTheConsoleEndsItsSessionsAccessAndRecords() throws Exception {
        CryptoRandom random = TestCredentials.seeded(21);
        FileDurableStore store = new FileDurableStore(dir);
        TestCredentials ca = TestCredentials.create(0xCACACACA00000001L, FABRIC_ID, true, random);
        TestCredentials.Issued bridge = ca.issue(BRIDGE_NODE, List.of());
        Fabric fabric = FabricTable.load(new DurableRecordStore(store), FabricTable.DEFAULT_CAPACITY)
                .add(bridge.rcac(), bridge.icac(), bridge.noc(), bridge.nodeKey(), EPOCH_KEY, 0xFFF1);
        int index = fabric.fabricIndex();
        AccessControlList.load(store).add(AccessControlList.Entry.administrator(index, CONTROLLER_NODE));
        GroupTables groups = GroupTables.load(new DurableRecordStore(store));
        groups.writeKeySet(index, new GroupKeySet(0x01A1, GroupKeySet.SecurityPolicy.TRUST_FIRST,
                List.of(new GroupKeySet.Epoch(EPOCH_KEY, 1000))));
        groups.replaceKeyMap(index, List.of(new GroupTables.KeyMapEntry(0x0101, 0x01A1)));
        // A light in the core, so bridged endpoint 2, with a scene of this fabric and one of another fabric.
        new DeviceRegistry(new EventBus(Runnable::run), java.time.Clock.systemUTC(), store).register(
                Device.builder(DeviceId.of("dect", "0F015E0001")).name("Lamp").capabilities(
                        Capability.of(CapabilityType.ON_OFF), Capability.of(CapabilityType.LEVEL)).build());
        int other = index + 1;
        store.write(SCENES_RECORD, 1, ("{\"scenes\":[" + scene(index) + "," + scene(other) + "]}")
                .getBytes(StandardCharsets.UTF_8));

        MatterFace face = startFace();
        assertEquals(1, face.groups().epochKeys().size(), "the fabric's group key, loaded");
        Pairing port = face.pairingPort();
        assertEquals(List.of(new Pairing.PairedFabric(index, "", 0xFFF1, java.util.Optional.empty())), port.fabrics(),
                "added without commissioning: no time kept");
        InetSocketAddress address = new InetSocketAddress("127.0.0.1", face.node().localAddress().getPort());

        try (UdpCommissioner controller = new UdpCommissioner(address)) {
            TestCaseInitiator initiator = new TestCaseInitiator(ca.issue(CONTROLLER_NODE, List.of()),
                    fabric.operationalIpk(), BRIDGE_NODE, 0x3333, random);
            assertEquals(SecureChannelStatus.SESSION_ESTABLISHMENT_SUCCESS.code(), controller.caseHandshake(initiator));
            controller.useSecureSession(SecureSessionCodec.initiator(initiator.i2rKey(), initiator.r2iKey(),
                    CONTROLLER_NODE, BRIDGE_NODE), initiator.responderSessionId());
            controller.sendSecure(ProtocolId.INTERACTION_MODEL, 0x02, new byte[] {0x15, 0x18});
            Message answered = controller.receiveSecure();
            assertEquals(ProtocolId.INTERACTION_MODEL, answered.protocolHeader().protocolId(), "IM answers");
            // The record is written behind the handshake (ResumptionStore), so the disk may lag the answer a little.
            assertEquals(1, storedResumptionRecords(store, 1), "CASE stored its resumption record");

            assertTrue(port.removeFabric(index));
            assertFalse(port.removeFabric(index), "gone already");
            assertEquals(List.of(), port.fabrics());

            // Whatever the node sent when the session ended, drained; then the old session answers nothing.
            while (controller.poll(300) != null) {
                continue;
            }
            controller.sendSecure(ProtocolId.INTERACTION_MODEL, 0x02, new byte[] {0x15, 0x18});
            assertNull(controller.poll(1_500), "the removed fabric's session is gone");
        }
        try (UdpCommissioner again = new UdpCommissioner(address)) {
            TestCaseInitiator retry = new TestCaseInitiator(ca.issue(CONTROLLER_NODE, List.of()),
                    fabric.operationalIpk(), BRIDGE_NODE, 0x4444, random);
            again.newExchange();
            again.sendUnsecured(SecureChannelOpcode.CASE_SIGMA1.code(), retry.sigma1());
            Message refused = again.receiveUnsecured();
            assertEquals(SecureChannelStatus.NO_SHARED_TRUST_ROOTS.code(),
                    StatusReport.decode(refused.payload().toByteArray()).protocolCode(), "no new session either");
        }
        assertEquals(0, FabricTable.load(new DurableRecordStore(store), FabricTable.DEFAULT_CAPACITY).size());
        assertEquals(List.of(), AccessControlList.load(store).entriesOf(index));
        assertEquals(0, ResumptionStore.load(new DurableRecordStore(store), ResumptionStore.DEFAULT_CAPACITY).size());
        assertEquals(List.of(), face.groups().epochKeys(), "the fabric's group keys are gone");
        assertEquals(List.of(), GroupTables.load(new DurableRecordStore(store)).fabrics(),
                "and its stored group state");
        assertEquals(List.of((long) other), sceneFabrics(store), "only the other fabric's scene is left");

        faces.stop(face);
        face = startFace();
        assertEquals(List.of(), face.pairingPort().fabrics(), "still gone after a restart");
        assertTrue(face.pairingPort().openWindow().isPresent(), "on no fabric, the bridge is commissionable again");
        assertEquals(List.of((long) other), sceneFabrics(store));
    }

    private static final String SCENES_RECORD = "matter/scenes/2";

    /** A stored scene (record matter/scenes/N, format 1) of {@code fabric}: group 0, scene 1, the light off. */
    private static String scene(int fabric) {
        return "{\"fabric\":" + fabric + ",\"group\":0,\"scene\":1,\"name\":\"\",\"transitionMs\":0,"
                + "\"values\":{\"6\":{\"0\":0}}}";
    }

    /** The fabrics with a scene on endpoint 2, as stored. */
    private static List<Long> sceneFabrics(FileDurableStore store) {
        String text = store.read(SCENES_RECORD).orElseThrow().textOfFormat(1);
        return Json.requireArray(Json.parseObject(text).get("scenes"), "scenes").stream()
                .map(s -> (Long) Json.requireObject(s, "scene").get("fabric")).toList();
    }

    /** The resumption records on disk, read again until there are {@code expected} or 10 s have passed. */
    private static int storedResumptionRecords(FileDurableStore store, int expected) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (true) {
            int stored = ResumptionStore.load(new DurableRecordStore(store), ResumptionStore.DEFAULT_CAPACITY).size();
            if (stored == expected || System.nanoTime() > deadline) {
                return stored;
            }
            Thread.sleep(20);
        }
    }
}
