package org.cpebridge.matter.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

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
import org.cpebridge.matter.store.RecordStore;
import org.cpebridge.matter.transport.UdpTransportConfig;
import org.cpebridge.bytes.Bytes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * CASE answers its peer without waiting for the disk: the resumption record a handshake issues is written behind,
 * off the node loop. A durable write is two fsyncs (6-90 ms on a loaded machine), and matter.js waits for the
 * acknowledgement of its last handshake message before its first request. Here the store holds every write of the
 * resumption records until the test lets it go: the full handshake still ends with the node's success report, a
 * resumption with the in-memory record still succeeds and its confirmation is acknowledged, and once the disk is let
 * go the record is on it.
 */
class SlowDiskCaseIT {

    private static final Bytes EPOCH_KEY = Bytes.fromHex("000102030405060708090a0b0c0d0e0f");
    private static final long FABRIC_ID = 0x2906C908D115D362L;
    private static final long BRIDGE_NODE = 0xDEDEDEDE00010001L;
    private static final long CONTROLLER_NODE = 0x0000000000000101L;
    private static final int WAIT_MILLIS = 5_000;

    /** A durable store whose writes of the resumption records wait until {@link #release()}. */
    private static final class HeldDisk implements RecordStore {
        private final RecordStore disk;
        private final CountDownLatch released = new CountDownLatch(1);
        private final CountDownLatch written = new CountDownLatch(1);

        HeldDisk(RecordStore disk) {
            this.disk = disk;
        }

        @Override
        public Optional<byte[]> read(String name, int expectedFormat) {
            return disk.read(name, expectedFormat);
        }

        @Override
        public void write(String name, int formatVersion, byte[] payload) {
            if (name.equals(ResumptionStore.RECORD_NAME)) {
                try {
                    released.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            }
            disk.write(name, formatVersion, payload);
            if (name.equals(ResumptionStore.RECORD_NAME)) {
                written.countDown();
            }
        }

        void release() {
            released.countDown();
        }
    }

    @TempDir
    Path dataDir;

    private final ExecutorService workers = Executors.newFixedThreadPool(2);
    private final ExecutorService diskWriter = Executors.newSingleThreadExecutor();
    private final ManualScheduler scheduler = new ManualScheduler(new ManualClock());
    private final CryptoRandom random = TestCredentials.seeded(23);
    private MatterNode node;
    private TestCredentials ca;
    private Fabric fabric;
    private DurableRecordStore records;
    private HeldDisk heldDisk;

    @BeforeEach
    void startNode() throws Exception {
        records = new DurableRecordStore(new FileDurableStore(dataDir));
        FabricTable fabrics = FabricTable.load(records, FabricTable.DEFAULT_CAPACITY);
        ca = TestCredentials.create(0xCACACACA00000001L, FABRIC_ID, true, random);
        TestCredentials.Issued bridge = ca.issue(BRIDGE_NODE, List.of());
        fabric = fabrics.add(bridge.rcac(), bridge.icac(), bridge.noc(), bridge.nodeKey(), EPOCH_KEY, 0xFFF1);
        node = new MatterNode(new UdpTransportConfig(InetAddress.getByName("::1"), 0, 1280), scheduler.clock(),
                scheduler, workers, CryptoRandom.secure());
        node.start();
        heldDisk = new HeldDisk(records);
        node.enableCase(fabrics, ResumptionStore.load(heldDisk, ResumptionStore.DEFAULT_CAPACITY, diskWriter));
    }

    @AfterEach
    void stop() {
        heldDisk.release();
        if (node != null) {
            node.close();
        }
        workers.shutdownNow();
        diskWriter.shutdownNow();
    }

    @Test
    void caseAndItsResumptionEndWhileTheResumptionRecordIsStillOnItsWayToDisk() throws Exception {
        TestCredentials.Issued controllerCredentials = ca.issue(CONTROLLER_NODE, List.of());
        try (UdpCommissioner controller = new UdpCommissioner(node.localAddress())) {
            TestCaseInitiator first = new TestCaseInitiator(controllerCredentials, fabric.operationalIpk(),
                    BRIDGE_NODE, 0x4444, random);
            assertEquals(SecureChannelStatus.SESSION_ESTABLISHMENT_SUCCESS.code(), controller.caseHandshake(first),
                    "the success report after Sigma3 does not wait for the held write");

            TestCaseInitiator again = new TestCaseInitiator(controllerCredentials, fabric.operationalIpk(),
                    BRIDGE_NODE, 0x4445, random);
            controller.newExchange();
            controller.sendUnsecured(SecureChannelOpcode.CASE_SIGMA1.code(),
                    again.sigma1Resuming(first.resumptionId(), first.sharedSecret()));
            Message resume = controller.receiveUnsecured();
            assertEquals(SecureChannelOpcode.CASE_SIGMA2_RESUME.code(), resume.protocolHeader().opcode(),
                    "the record not yet on disk resumes from memory");
            again.onSigma2Resume(resume.payload().toByteArray());
            long confirmation = controller.sendUnsecured(SecureChannelOpcode.STATUS_REPORT.code(),
                    StatusReport.secureChannel(GeneralCode.SUCCESS,
                            SecureChannelStatus.SESSION_ESTABLISHMENT_SUCCESS).encode());
            assertTrue(controller.awaitStandaloneAck(confirmation, WAIT_MILLIS),
                    "the confirmation is acknowledged while the write is held");
            assertEquals(0, ResumptionStore.load(records, ResumptionStore.DEFAULT_CAPACITY).size(),
                    "nothing reached the disk yet");

            heldDisk.release();
            assertTrue(heldDisk.written.await(WAIT_MILLIS, TimeUnit.MILLISECONDS));
            diskWriter.shutdown();
            assertTrue(diskWriter.awaitTermination(WAIT_MILLIS, TimeUnit.MILLISECONDS));
            ResumptionStore restarted = ResumptionStore.load(records, ResumptionStore.DEFAULT_CAPACITY);
            assertEquals(1, restarted.size(), "one record for the one peer, on disk");
            assertTrue(restarted.find(again.resumptionId()).isPresent(),
                    "the record under the id the resumption issued");
        }
    }
}
