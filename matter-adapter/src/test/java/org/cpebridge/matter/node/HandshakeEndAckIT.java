package org.cpebridge.matter.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.cpebridge.core.store.FileDurableStore;
import org.cpebridge.core.testing.ManualClock;
import org.cpebridge.core.testing.ManualScheduler;
import org.cpebridge.matter.DurableRecordStore;
import org.cpebridge.matter.crypto.CryptoRandom;
import org.cpebridge.matter.fabric.Fabric;
import org.cpebridge.matter.fabric.FabricTable;
import org.cpebridge.matter.fabric.TestCredentials;
import org.cpebridge.matter.message.GeneralCode;
import org.cpebridge.matter.message.Message;
import org.cpebridge.matter.message.SecureChannelOpcode;
import org.cpebridge.matter.message.SecureChannelStatus;
import org.cpebridge.matter.message.StatusReport;
import org.cpebridge.matter.sigma.ResumptionStore;
import org.cpebridge.matter.sigma.TestCaseInitiator;
import org.cpebridge.matter.transport.UdpTransportConfig;
import org.cpebridge.bytes.Bytes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What ends a handshake is acknowledged at once, not after the standalone-ack timer (Matter core 4.12.5.2.2 allows
 * the delay only while a response might carry the acknowledgement): matter.js waits for that acknowledgement before
 * its first request on the new session. The node runs on a manual scheduler the test never advances, so no MRP
 * timer can fire: an acknowledgement that arrives came from the end of the exchange.
 */
class HandshakeEndAckIT {

    private static final Bytes EPOCH_KEY = Bytes.fromHex("000102030405060708090a0b0c0d0e0f");
    private static final long FABRIC_ID = 0x2906C908D115D362L;
    private static final long BRIDGE_NODE = 0xDEDEDEDE00010001L;
    private static final long CONTROLLER_NODE = 0x0000000000000101L;
    /** Far longer than the 200 ms standalone-ack timer would take, had it been able to fire. */
    private static final int WAIT_MILLIS = 5_000;

    @TempDir
    Path dataDir;

    private final ExecutorService workers = Executors.newFixedThreadPool(2);
    private final ManualScheduler scheduler = new ManualScheduler(new ManualClock());
    private final CryptoRandom random = TestCredentials.seeded(17);
    private MatterNode node;
    private TestCredentials ca;
    private Fabric fabric;

    @BeforeEach
    void startNode() throws Exception {
        DurableRecordStore records = new DurableRecordStore(new FileDurableStore(dataDir));
        FabricTable fabrics = FabricTable.load(records, FabricTable.DEFAULT_CAPACITY);
        ca = TestCredentials.create(0xCACACACA00000001L, FABRIC_ID, true, random);
        TestCredentials.Issued bridge = ca.issue(BRIDGE_NODE, List.of());
        fabric = fabrics.add(bridge.rcac(), bridge.icac(), bridge.noc(), bridge.nodeKey(), EPOCH_KEY, 0xFFF1);
        node = new MatterNode(new UdpTransportConfig(InetAddress.getByName("::1"), 0, 1280), scheduler.clock(),
                scheduler, workers, CryptoRandom.secure());
        node.start();
        node.enableCase(fabrics, ResumptionStore.load(records, ResumptionStore.DEFAULT_CAPACITY));
    }

    @AfterEach
    void stop() {
        if (node != null) {
            node.close();
        }
        workers.shutdownNow();
    }

    @Test
    void theInitiatorsStatusReportThatConfirmsAResumptionIsAcknowledgedAtOnce() throws Exception {
        TestCredentials.Issued controllerCredentials = ca.issue(CONTROLLER_NODE, List.of());
        try (UdpCommissioner controller = new UdpCommissioner(node.localAddress())) {
            TestCaseInitiator first = new TestCaseInitiator(controllerCredentials, fabric.operationalIpk(),
                    BRIDGE_NODE, 0x3333, random);
            assertEquals(SecureChannelStatus.SESSION_ESTABLISHMENT_SUCCESS.code(), controller.caseHandshake(first));

            TestCaseInitiator again = new TestCaseInitiator(controllerCredentials, fabric.operationalIpk(),
                    BRIDGE_NODE, 0x3334, random);
            controller.newExchange();
            controller.sendUnsecured(SecureChannelOpcode.CASE_SIGMA1.code(),
                    again.sigma1Resuming(first.resumptionId(), first.sharedSecret()));
            Message resume = controller.receiveUnsecured();
            assertEquals(SecureChannelOpcode.CASE_SIGMA2_RESUME.code(), resume.protocolHeader().opcode());
            again.onSigma2Resume(resume.payload().toByteArray());
            long confirmation = controller.sendUnsecured(SecureChannelOpcode.STATUS_REPORT.code(),
                    StatusReport.secureChannel(GeneralCode.SUCCESS,
                            SecureChannelStatus.SESSION_ESTABLISHMENT_SUCCESS).encode());

            assertTrue(controller.awaitStandaloneAck(confirmation, WAIT_MILLIS),
                    "the node acknowledges the confirmation that ends the resumption without waiting for a timer");
        }
    }

    @Test
    void anInitiatorThatAbortsCaseIsAcknowledgedAtOnce() throws Exception {
        try (UdpCommissioner controller = new UdpCommissioner(node.localAddress())) {
            TestCaseInitiator initiator = new TestCaseInitiator(ca.issue(CONTROLLER_NODE, List.of()),
                    fabric.operationalIpk(), BRIDGE_NODE, 0x3335, random);
            controller.newExchange();
            controller.sendUnsecured(SecureChannelOpcode.CASE_SIGMA1.code(), initiator.sigma1());
            controller.receiveUnsecured();
            long abort = controller.sendUnsecured(SecureChannelOpcode.STATUS_REPORT.code(),
                    StatusReport.secureChannel(GeneralCode.FAILURE, SecureChannelStatus.INVALID_PARAMETER).encode());

            assertTrue(controller.awaitStandaloneAck(abort, WAIT_MILLIS),
                    "the node acknowledges the status report that ends the handshake without waiting for a timer");
        }
    }
}
