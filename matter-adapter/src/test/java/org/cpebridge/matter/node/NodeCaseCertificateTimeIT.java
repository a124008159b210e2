package org.cpebridge.matter.node;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicReference;
import org.cpebridge.core.store.FileDurableStore;
import org.cpebridge.core.time.ExecutorScheduler;
import org.cpebridge.matter.DurableRecordStore;
import org.cpebridge.matter.crypto.CryptoRandom;
import org.cpebridge.matter.fabric.Fabric;
import org.cpebridge.matter.fabric.FabricTable;
import org.cpebridge.matter.fabric.TestCredentials;
import org.cpebridge.matter.message.Message;
import org.cpebridge.matter.message.SecureChannelOpcode;
import org.cpebridge.matter.message.SecureChannelStatus;
import org.cpebridge.matter.message.StatusReport;
import org.cpebridge.matter.sigma.ResumptionStore;
import org.cpebridge.matter.sigma.TestCaseInitiator;
import org.cpebridge.matter.transport.UdpTransportConfig;
import org.cpebridge.bytes.Bytes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * CASE over the node's real UDP socket on ::1 checks the initiator's certificate validity periods at the time the face
 * gives (the secured time, {@code NodeTime.certificateTime}), and not at all without one. The test CA's certificates
 * are valid from 2023-01-01 and never expire.
 */
class NodeCaseCertificateTimeIT {

    private static final Bytes EPOCH_KEY = Bytes.fromHex("000102030405060708090a0b0c0d0e0f");
    private static final long FABRIC_ID = 0x2906C908D115D362L;
    private static final long BRIDGE_NODE = 0xDEDEDEDE00010001L;
    private static final long CONTROLLER_NODE = 0x0000000000000101L;

    @TempDir
    Path dataDir;

    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor();
    private final ExecutorService workers = Executors.newFixedThreadPool(2);
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
    void theInitiatorsCertificatesAreCheckedAtTheCertificateTime() throws Exception {
        CryptoRandom random = TestCredentials.seeded(11);
        FileDurableStore store = new FileDurableStore(dataDir);
        FabricTable fabrics = FabricTable.load(new DurableRecordStore(store), FabricTable.DEFAULT_CAPACITY);
        TestCredentials ca = TestCredentials.create(0xCACACACA00000001L, FABRIC_ID, true, random);
        TestCredentials.Issued bridge = ca.issue(BRIDGE_NODE, List.of());
        Fabric fabric = fabrics.add(bridge.rcac(), bridge.icac(), bridge.noc(), bridge.nodeKey(), EPOCH_KEY, 0xFFF1);
        AtomicReference<Optional<Instant>> certificateTime = new AtomicReference<>(Optional.empty());

        node = new MatterNode(new UdpTransportConfig(InetAddress.getByName("::1"), 0, 1280), Clock.systemUTC(),
                new ExecutorScheduler(timers), workers, CryptoRandom.secure());
        node.start();
        node.enableCase(fabrics, ResumptionStore.load(new DurableRecordStore(store), ResumptionStore.DEFAULT_CAPACITY),
                certificateTime::get);
        node.setInteractionModel((session, exchange, message, reply) -> true);

        // No trusted time: the windows are not checked.
        assertEquals(SecureChannelStatus.SESSION_ESTABLISHMENT_SUCCESS.code(), caseOutcome(ca, fabric, random, 1));
        // A secured time inside the window.
        certificateTime.set(Optional.of(Instant.parse("2026-12-07T06:00:00Z")));
        assertEquals(SecureChannelStatus.SESSION_ESTABLISHMENT_SUCCESS.code(), caseOutcome(ca, fabric, random, 2));
        // A secured time before the controller's certificates are valid: refused after Sigma3.
        certificateTime.set(Optional.of(Instant.parse("2022-06-01T00:00:00Z")));
        assertEquals(SecureChannelStatus.INVALID_PARAMETER.code(), caseOutcome(ca, fabric, random, 3));
    }

    /** Runs CASE as the controller; returns the protocol code of the bridge's status report after Sigma3. */
    private int caseOutcome(TestCredentials ca, Fabric fabric, CryptoRandom random, int attempt) throws Exception {
        try (UdpCommissioner controller = new UdpCommissioner(node.localAddress())) {
            TestCaseInitiator initiator = new TestCaseInitiator(ca.issue(CONTROLLER_NODE, List.of()),
                    fabric.operationalIpk(), BRIDGE_NODE, 0x3330 + attempt, random);
            controller.newExchange();
            controller.sendUnsecured(SecureChannelOpcode.CASE_SIGMA1.code(), initiator.sigma1());
            Message sigma2 = controller.receiveUnsecured();
            assertEquals(0x31, sigma2.protocolHeader().opcode(), "Sigma2");
            controller.sendUnsecured(SecureChannelOpcode.CASE_SIGMA3.code(),
                    initiator.onSigma2(sigma2.payload().toByteArray()));
            Message status = controller.receiveUnsecured();
            controller.acknowledge(status);
            assertEquals(SecureChannelOpcode.STATUS_REPORT.code(), status.protocolHeader().opcode());
            return StatusReport.decode(status.payload().toByteArray()).protocolCode();
        }
    }
}
