package org.cpebridge.matter.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.cpebridge.core.store.FileDurableStore;
import org.cpebridge.core.time.ExecutorScheduler;
import org.cpebridge.matter.crypto.CryptoRandom;
import org.cpebridge.matter.fabric.Fabric;
import org.cpebridge.matter.fabric.FabricTable;
import org.cpebridge.matter.fabric.TestCredentials;
import org.cpebridge.matter.message.Message;
import org.cpebridge.matter.message.ProtocolId;
import org.cpebridge.matter.message.SecureChannelOpcode;
import org.cpebridge.matter.message.SecureChannelStatus;
import org.cpebridge.matter.message.SecureSessionCodec;
import org.cpebridge.matter.message.StatusReport;
import org.cpebridge.matter.sigma.ResumptionStore;
import org.cpebridge.matter.sigma.TestCaseInitiator;
import org.cpebridge.matter.transport.UdpTransportConfig;
import org.cpebridge.bytes.Bytes;
import org.cpebridge.matter.DurableRecordStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * CASE through the node over IPv6 loopback: an administrator of a fabric the node belongs to establishes an
 * operational session with Sigma1/2/3, and its IM traffic reaches the handler with the fabric index and node id;
 * an administrator of another fabric is refused.
 */
class NodeCaseIT {

    private static final Bytes EPOCH_KEY = Bytes.fromHex("000102030405060708090a0b0c0d0e0f");
    private static final long FABRIC_ID = 0x2906C908D115D362L;
    private static final long BRIDGE_NODE = 0xDEDEDEDE00010001L;
    private static final long CONTROLLER_NODE = 0x0000000000000101L;

    @TempDir
    Path dataDir;

    private final ExecutorService workers = Executors.newFixedThreadPool(2);
    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor();
    private final List<MatterNode.SessionInfo> imSessions = new CopyOnWriteArrayList<>();
    private MatterNode node;

    @AfterEach
    void stop() {
        if (node != null) {
            node.close();
        }
        timers.shutdownNow();
        workers.shutdownNow();
    }

    @Test
    void anAdministratorOfTheFabricGetsAnOperationalSession() throws Exception {
        CryptoRandom random = TestCredentials.seeded(7);
        FileDurableStore store = new FileDurableStore(dataDir);
        FabricTable fabrics = FabricTable.load(new DurableRecordStore(store), FabricTable.DEFAULT_CAPACITY);
        TestCredentials ca = TestCredentials.create(0xCACACACA00000001L, FABRIC_ID, true, random);
        TestCredentials.Issued bridge = ca.issue(BRIDGE_NODE, List.of());
        Fabric fabric = fabrics.add(bridge.rcac(), bridge.icac(), bridge.noc(), bridge.nodeKey(), EPOCH_KEY, 0xFFF1);

        node = new MatterNode(new UdpTransportConfig(InetAddress.getByName("::1"), 0, 1280), Clock.systemUTC(),
                new ExecutorScheduler(timers), workers, CryptoRandom.secure());
        node.start();
        node.enableCase(fabrics, ResumptionStore.load(new DurableRecordStore(store), ResumptionStore.DEFAULT_CAPACITY));
        node.setInteractionModel((session, exchange, message, reply) -> {
            imSessions.add(session);
            reply.send(ProtocolId.INTERACTION_MODEL, 0x01, Bytes.fromHex("1524000018"), true);
            return true;
        });

        try (UdpCommissioner controller = new UdpCommissioner(node.localAddress())) {
            TestCaseInitiator initiator = new TestCaseInitiator(ca.issue(CONTROLLER_NODE, List.of()),
                    fabric.operationalIpk(), BRIDGE_NODE, 0x3333, random);
            controller.newExchange();
            controller.sendUnsecured(SecureChannelOpcode.CASE_SIGMA1.code(), initiator.sigma1());
            Message sigma2 = controller.receiveUnsecured();
            assertEquals(0x31, sigma2.protocolHeader().opcode(), "Sigma2");
            controller.sendUnsecured(SecureChannelOpcode.CASE_SIGMA3.code(),
                    initiator.onSigma2(sigma2.payload().toByteArray()));
            Message status = controller.receiveUnsecured();
            controller.acknowledge(status);
            StatusReport report = StatusReport.decode(status.payload().toByteArray());
            assertEquals(SecureChannelStatus.SESSION_ESTABLISHMENT_SUCCESS.code(), report.protocolCode(),
                    report.toString());

            // CASE nonces carry the operational node ids.
            controller.useSecureSession(SecureSessionCodec.initiator(initiator.i2rKey(), initiator.r2iKey(),
                    CONTROLLER_NODE, BRIDGE_NODE), initiator.responderSessionId());
            controller.sendSecure(ProtocolId.INTERACTION_MODEL, 0x02, new byte[] {0x15, 0x18});
            Message reply = controller.receiveSecure();
            assertEquals(0x01, reply.protocolHeader().opcode());
            MatterNode.SessionInfo session = imSessions.get(0);
            assertEquals(fabric.fabricIndex(), session.fabricIndex());
            assertEquals(CONTROLLER_NODE, session.peerNodeId());
            assertTrue(!session.pase());
        }

        // An administrator of another fabric finds no shared trust root.
        try (UdpCommissioner stranger = new UdpCommissioner(node.localAddress())) {
            TestCredentials otherCa = TestCredentials.create(0xCACACACA00000009L, 0x1234, false, random);
            TestCaseInitiator outsider = new TestCaseInitiator(otherCa.issue(CONTROLLER_NODE, List.of()),
                    EPOCH_KEY, BRIDGE_NODE, 0x4444, random);
            stranger.newExchange();
            stranger.sendUnsecured(SecureChannelOpcode.CASE_SIGMA1.code(), outsider.sigma1());
            Message refused = stranger.receiveUnsecured();
            assertEquals(SecureChannelOpcode.STATUS_REPORT.code(), refused.protocolHeader().opcode());
            assertEquals(SecureChannelStatus.NO_SHARED_TRUST_ROOTS.code(),
                    StatusReport.decode(refused.payload().toByteArray()).protocolCode());
        }
    }

    /**
     * Issue 23: unauthenticated CASE is rate-limited as PASE is. 2,000 valid Sigma1s from one source, each of which
     * would draw a Sigma2 (the node's certificates, several times a Sigma1's size) if answered: the node answers no
     * more bytes than it was sent, logs a fixed number of lines, and still completes CASE with a fresh controller
     * port once the per-source bucket has refilled a token.
     */
    @Test
    void aSigma1FloodIsNotAmplifiedAndLogsAFixedNumberOfLines() throws Exception {
        CryptoRandom random = TestCredentials.seeded(11);
        FileDurableStore store = new FileDurableStore(dataDir);
        FabricTable fabrics = FabricTable.load(new DurableRecordStore(store), FabricTable.DEFAULT_CAPACITY);
        TestCredentials ca = TestCredentials.create(0xCACACACA00000001L, FABRIC_ID, true, random);
        TestCredentials.Issued bridge = ca.issue(BRIDGE_NODE, List.of());
        Fabric fabric = fabrics.add(bridge.rcac(), bridge.icac(), bridge.noc(), bridge.nodeKey(), EPOCH_KEY, 0xFFF1);
        node = new MatterNode(new UdpTransportConfig(InetAddress.getByName("::1"), 0, 1280), Clock.systemUTC(),
                new ExecutorScheduler(timers), workers, CryptoRandom.secure());
        node.start();
        node.enableCase(fabrics, ResumptionStore.load(new DurableRecordStore(store), ResumptionStore.DEFAULT_CAPACITY));
        TestCredentials.Issued controllerCredentials = ca.issue(CONTROLLER_NODE, List.of());
        byte[] sigma1 = new TestCaseInitiator(controllerCredentials, fabric.operationalIpk(), BRIDGE_NODE, 0x3333,
                random).sigma1();

        int requests = 2_000;
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        PrintStream originalErr = System.err;
        // slf4j-simple writes each line to whatever System.err is at that moment.
        System.setErr(new PrintStream(log, true, StandardCharsets.UTF_8));
        long sentBytes = 0;
        long repliedBytes = 0;
        int replies = 0;
        int sigma2s = 0;
        try (UdpCommissioner flood = new UdpCommissioner(node.localAddress())) {
            for (int i = 0; i < requests; i++) {
                sentBytes += flood.sendSigma1Only(sigma1);
            }
            // Everything the node sends back, retransmissions included, until it has been quiet for 3 s.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            byte[] reply;
            while (System.nanoTime() < deadline && (reply = flood.poll(3_000)) != null) {
                repliedBytes += reply.length;
                replies++;
                sigma2s += reply.length > 200 ? 1 : 0;
            }
        } finally {
            System.setErr(originalErr);
        }
        List<String> lines = log.toString(StandardCharsets.UTF_8).lines().toList();
        System.err.printf("Sigma1 flood: %d requests, %d bytes sent; %d replies (%d Sigma2-sized), %d bytes "
                + "received; %d log lines%n", requests, sentBytes, replies, sigma2s, repliedBytes, lines.size());
        assertTrue(sigma2s > 0, "the first Sigma1s are answered: the limit is not a wall");
        assertTrue(repliedBytes <= sentBytes, repliedBytes + " bytes answered to " + sentBytes + " bytes");
        assertTrue(replies <= 6 * (HandshakeAdmission.PER_SOURCE_BURST + 10), replies + " replies (MRP retransmits each)");
        assertTrue(lines.size() <= HandshakeAdmission.PER_SOURCE_BURST + 10, lines.size() + " log lines: " + lines);
        assertEquals(1, lines.stream().filter(line -> line.contains("CASE rate limit")).count(), lines.toString());

        // The flood spent this source's tokens; after one refill interval a controller completes CASE again.
        Thread.sleep(HandshakeAdmission.PER_SOURCE_REFILL.toMillis() + 200);
        try (UdpCommissioner controller = new UdpCommissioner(node.localAddress())) {
            TestCaseInitiator initiator = new TestCaseInitiator(controllerCredentials, fabric.operationalIpk(),
                    BRIDGE_NODE, 0x3334, random);
            controller.newExchange();
            controller.sendUnsecured(SecureChannelOpcode.CASE_SIGMA1.code(), initiator.sigma1());
            Message sigma2 = controller.receiveUnsecured();
            assertEquals(0x31, sigma2.protocolHeader().opcode(), "Sigma2");
        }
    }
}
