package org.cpebridge.matter.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.cpebridge.core.store.FileDurableStore;
import org.cpebridge.core.time.ExecutorScheduler;
import org.cpebridge.matter.DurableRecordStore;
import org.cpebridge.matter.crypto.CryptoRandom;
import org.cpebridge.matter.fabric.Fabric;
import org.cpebridge.matter.fabric.FabricTable;
import org.cpebridge.matter.fabric.TestCredentials;
import org.cpebridge.matter.message.Message;
import org.cpebridge.matter.message.ProtocolId;
import org.cpebridge.matter.sigma.ResumptionStore;
import org.cpebridge.matter.transport.UdpTransportConfig;
import org.cpebridge.bytes.Bytes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The node as CASE initiator over IPv6 loopback: the bridge node opens CASE to another of our nodes (playing the
 * controller, on the same fabric), then sends an IM message on a new exchange over that session, which the other
 * node receives from the bridge's node id and answers; a peer on another fabric or that does not exist gives false.
 */
class NodeCaseInitiatorIT {

    private static final Bytes EPOCH_KEY = Bytes.fromHex("000102030405060708090a0b0c0d0e0f");
    private static final long FABRIC_ID = 0x2906C908D115D362L;
    private static final long BRIDGE_NODE = 0xDEDEDEDE00010001L;
    private static final long CONTROLLER_NODE = 0x0000000000000101L;

    @TempDir
    Path dataDir;

    private final ExecutorService workers = Executors.newFixedThreadPool(2);
    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor();
    private final List<MatterNode> nodes = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        nodes.forEach(MatterNode::close);
        timers.shutdownNow();
        workers.shutdownNow();
    }

    private record Started(MatterNode node, Fabric fabric) {
    }

    private Started node(String name, TestCredentials.Issued credentials) throws Exception {
        FileDurableStore store = new FileDurableStore(Files.createDirectories(dataDir.resolve(name)));
        FabricTable fabrics = FabricTable.load(new DurableRecordStore(store), FabricTable.DEFAULT_CAPACITY);
        Fabric fabric = fabrics.add(credentials.rcac(), credentials.icac(), credentials.noc(), credentials.nodeKey(),
                EPOCH_KEY, 0xFFF1);
        MatterNode node = new MatterNode(new UdpTransportConfig(InetAddress.getByName("::1"), 0, 1280),
                Clock.systemUTC(), new ExecutorScheduler(timers), workers, CryptoRandom.secure());
        nodes.add(node);
        node.start();
        node.enableCase(fabrics, ResumptionStore.load(new DurableRecordStore(store), ResumptionStore.DEFAULT_CAPACITY));
        return new Started(node, fabric);
    }

    private static boolean dial(Started from, long peer, InetSocketAddress address) throws Exception {
        CompletableFuture<Boolean> done = new CompletableFuture<>();
        from.node().execute(() -> from.node().openCase(from.fabric().fabricIndex(), peer, address, done::complete));
        return done.get(30, TimeUnit.SECONDS);
    }

    @Test
    void theBridgeOpensCaseToItsSubscriberAndSendsOnTheNewSession() throws Exception {
        CryptoRandom random = TestCredentials.seeded(3);
        TestCredentials ca = TestCredentials.create(0xCACACACA00000001L, FABRIC_ID, true, random);
        Started bridge = node("bridge", ca.issue(BRIDGE_NODE, List.of()));
        Started controller = node("controller", ca.issue(CONTROLLER_NODE, List.of(0xFFFF0001L)));
        CompletableFuture<MatterNode.SessionInfo> reportSeenBy = new CompletableFuture<>();
        controller.node().setInteractionModel((session, exchange, message, reply) -> {
            reportSeenBy.complete(session);
            reply.send(ProtocolId.INTERACTION_MODEL, 0x01, Bytes.fromHex("1524000018"), true);
            reply.close();
            return true;
        });
        CompletableFuture<Message> answer = new CompletableFuture<>();
        bridge.node().setInteractionModel((session, exchange, message, reply) -> {
            answer.complete(message);
            reply.close();
            return true;
        });

        assertTrue(dial(bridge, CONTROLLER_NODE, controller.node().localAddress()));

        CompletableFuture<Optional<Object>> sent = new CompletableFuture<>();
        CompletableFuture<Optional<InetSocketAddress>> address = new CompletableFuture<>();
        bridge.node().execute(() -> {
            address.complete(bridge.node().peerAddress(bridge.fabric().fabricIndex(), CONTROLLER_NODE));
            sent.complete(bridge.node().initiate(bridge.fabric().fabricIndex(), CONTROLLER_NODE,
                    ProtocolId.INTERACTION_MODEL, 0x05, Bytes.fromHex("1518"), new MatterNode.InitiatedExchange() {
                        @Override
                        public void acknowledged(Object exchange) {
                        }

                        @Override
                        public void failed(Object exchange) {
                        }
                    }));
        });
        assertTrue(sent.get(10, TimeUnit.SECONDS).isPresent(), "a CASE session with the controller stands");
        assertEquals(Optional.of(controller.node().localAddress()), address.get(10, TimeUnit.SECONDS));
        MatterNode.SessionInfo seen = reportSeenBy.get(10, TimeUnit.SECONDS);
        assertEquals(BRIDGE_NODE, seen.peerNodeId(), "the controller sees the bridge's node id");
        assertEquals(controller.fabric().fabricIndex(), seen.fabricIndex());
        assertFalse(seen.pase());
        assertEquals(0x01, answer.get(10, TimeUnit.SECONDS).protocolHeader().opcode(),
                "the answer comes back on the initiated exchange");
    }

    @Test
    void aPeerOfAnotherFabricOrNoPeerAtAllGivesFalse() throws Exception {
        CryptoRandom random = TestCredentials.seeded(4);
        TestCredentials ca = TestCredentials.create(0xCACACACA00000001L, FABRIC_ID, false, random);
        Started bridge = node("bridge", ca.issue(BRIDGE_NODE, List.of()));
        TestCredentials otherCa = TestCredentials.create(0xCACACACA00000009L, FABRIC_ID, false, random);
        Started stranger = node("stranger", otherCa.issue(CONTROLLER_NODE, List.of()));

        long started = System.nanoTime();
        assertFalse(dial(bridge, CONTROLLER_NODE, stranger.node().localAddress()), "NO_SHARED_TRUST_ROOTS");
        assertTrue(System.nanoTime() - started < TimeUnit.SECONDS.toNanos(5), "a refusal ends it at once");

        int silentPort;
        try (DatagramSocket nobody = new DatagramSocket(0, InetAddress.getByName("::1"))) {
            silentPort = nobody.getLocalPort();
        }
        assertFalse(dial(bridge, CONTROLLER_NODE, new InetSocketAddress(InetAddress.getByName("::1"), silentPort)),
                "no acknowledgement after every retransmission");
    }
}
