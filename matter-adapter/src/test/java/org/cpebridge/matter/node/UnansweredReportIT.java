package org.cpebridge.matter.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;
import org.cpebridge.core.store.FileDurableStore;
import org.cpebridge.matter.DurableRecordStore;
import org.cpebridge.matter.MatterFace;
import org.cpebridge.matter.cluster.standard.BasicInformation;
import org.cpebridge.matter.commissioning.AccessControlList;
import org.cpebridge.matter.crypto.CryptoRandom;
import org.cpebridge.matter.fabric.Fabric;
import org.cpebridge.matter.fabric.FabricTable;
import org.cpebridge.matter.fabric.TestCredentials;
import org.cpebridge.matter.im.AttributeDataIb;
import org.cpebridge.matter.im.AttributePathIb;
import org.cpebridge.matter.im.ImCodec;
import org.cpebridge.matter.im.ImMessage;
import org.cpebridge.matter.im.ImOpcode;
import org.cpebridge.matter.im.ImStatus;
import org.cpebridge.matter.message.Message;
import org.cpebridge.matter.message.ProtocolId;
import org.cpebridge.matter.message.SecureChannelStatus;
import org.cpebridge.matter.message.SecureSessionCodec;
import org.cpebridge.matter.node.resume.SubscriptionStore;
import org.cpebridge.matter.sigma.TestCaseInitiator;
import org.cpebridge.matter.tlv.TlvElement;
import org.cpebridge.matter.tlv.TlvTag;
import org.cpebridge.bytes.Bytes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A controller that acknowledges a subscription report (MRP) but never sends its StatusResponse: the subscription has
 * one report in flight, so without the IM response timeout it would stay silent for good (and be resumed after every
 * restart). Over real UDP on loopback, with {@code matter.imResponseTimeout} at 3 s: the subscription is still kept
 * right after the unanswered report, ends once the timeout has passed, and a new subscription then works; a chunked
 * read whose controller stops answering is closed the same way. The report itself comes from a NodeLabel write: the
 * root node's writes and commands are reported to subscribers.
 */
class UnansweredReportIT {

    private static final Bytes EPOCH_KEY = Bytes.fromHex("000102030405060708090a0b0c0d0e0f");
    private static final long FABRIC_ID = 0x2906C908D115D362L;
    private static final long BRIDGE_NODE = 0xDEDEDEDE00010001L;
    private static final long CONTROLLER_NODE = 0x0000000000000101L;
    private static final AttributePathIb NODE_LABEL = AttributePathIb.of(0, BasicInformation.ID,
            BasicInformation.NODE_LABEL);

    @TempDir
    Path dir;

    @RegisterExtension
    final LoopbackFace faces = new LoopbackFace();

    @Test
    void aReportAcknowledgedButNeverAnsweredEndsItsSubscriptionAfterTheResponseTimeout() throws Exception {
        FileDurableStore store = new FileDurableStore(dir);
        try (UdpCommissioner controller = startAndConnect(store)) {
            long subscriptionId = subscribe(controller);
            assertEquals(1, storedSubscriptions(store), "a CASE subscription is kept");

            write(controller, "hall");
            Message report = controller.receiveSecure(); // acknowledged by receiveSecure, never answered
            ImMessage.ReportData data = assertInstanceOf(ImMessage.ReportData.class,
                    ImCodec.decode(report.protocolHeader().opcode(), report.payload().toByteArray()));
            assertEquals(OptionalLong.of(subscriptionId), data.subscriptionId());
            assertTrue(data.attributeReports().stream().anyMatch(r -> r instanceof AttributeDataIb d
                    && d.data().equals(text("hall"))), "the report carries the new NodeLabel");
            assertEquals(1, storedSubscriptions(store), "still kept while its answer may come");

            long deadline = System.nanoTime() + 20_000_000_000L;
            while (storedSubscriptions(store) != 0 && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertEquals(0, storedSubscriptions(store), "ended once the response timeout passed");

            long again = subscribe(controller);
            assertTrue(again != subscriptionId, "a new subscription has a new id");
            assertEquals(1, storedSubscriptions(store));
        }
    }

    @Test
    void aChunkedReadWhoseControllerStopsAnsweringIsClosedAfterTheResponseTimeout() throws Exception {
        FileDurableStore store = new FileDurableStore(dir);
        try (UdpCommissioner controller = startAndConnect(store)) {
            // Answered at once: the next chunk comes.
            firstChunkOfAWildcardRead(controller);
            controller.sendSecureOn(controller.currentExchange(), true, ProtocolId.INTERACTION_MODEL,
                    ImOpcode.STATUS_RESPONSE.code(), ImCodec.encode(ImMessage.StatusResponse.of(ImStatus.SUCCESS)));
            assertEquals(ImOpcode.REPORT_DATA.code(), controller.receiveSecure().protocolHeader().opcode(),
                    "the second chunk");

            // Answered after the timeout: the read is gone, no chunk comes.
            firstChunkOfAWildcardRead(controller);
            Thread.sleep(4_500);
            controller.sendSecureOn(controller.currentExchange(), true, ProtocolId.INTERACTION_MODEL,
                    ImOpcode.STATUS_RESPONSE.code(), ImCodec.encode(ImMessage.StatusResponse.of(ImStatus.SUCCESS)));
            Message after = controller.receiveSecureOrNull(2_000);
            assertTrue(after == null || after.protocolHeader().opcode() != ImOpcode.REPORT_DATA.code(),
                    "no further chunk of a read closed for want of an answer");
        }
    }

    private static void firstChunkOfAWildcardRead(UdpCommissioner controller) throws Exception {
        controller.sendSecure(ProtocolId.INTERACTION_MODEL, ImOpcode.READ_REQUEST.code(), ImCodec.encode(
                new ImMessage.ReadRequest(List.of(AttributePathIb.wildcard(null, null, null)), List.of(),
                        List.of(), true, List.of(), ImMessage.REVISION)));
        Message first = controller.receiveSecure();
        ImMessage.ReportData chunk = assertInstanceOf(ImMessage.ReportData.class,
                ImCodec.decode(first.protocolHeader().opcode(), first.payload().toByteArray()));
        assertTrue(chunk.moreChunkedMessages(), "the root node alone takes more than one chunk");
    }

    /** Starts the face on a fabric with the controller as administrator, and opens CASE from the controller. */
    private UdpCommissioner startAndConnect(FileDurableStore store) throws Exception {
        CryptoRandom random = TestCredentials.seeded(33);
        TestCredentials ca = TestCredentials.create(0xCACACACA00000001L, FABRIC_ID, true, random);
        TestCredentials.Issued bridge = ca.issue(BRIDGE_NODE, List.of());
        Fabric fabric = FabricTable.load(new DurableRecordStore(store), FabricTable.DEFAULT_CAPACITY)
                .add(bridge.rcac(), bridge.icac(), bridge.noc(), bridge.nodeKey(), EPOCH_KEY, 0xFFF1);
        AccessControlList.load(store).add(AccessControlList.Entry.administrator(fabric.fabricIndex(),
                CONTROLLER_NODE));
        MatterFace face = faces.start(store, "matter.interface=no-such-if0", "matter.imResponseTimeout=3s");
        UdpCommissioner controller = new UdpCommissioner(LoopbackFace.address(face, "127.0.0.1"));
        TestCaseInitiator initiator = new TestCaseInitiator(ca.issue(CONTROLLER_NODE, List.of()),
                fabric.operationalIpk(), BRIDGE_NODE, 0x5151, random);
        assertEquals(SecureChannelStatus.SESSION_ESTABLISHMENT_SUCCESS.code(), controller.caseHandshake(initiator));
        controller.useSecureSession(SecureSessionCodec.initiator(initiator.i2rKey(), initiator.r2iKey(),
                CONTROLLER_NODE, BRIDGE_NODE), initiator.responderSessionId());
        return controller;
    }

    /** Subscribes to NodeLabel, answers the priming report, returns the id the SubscribeResponse gives. */
    private static long subscribe(UdpCommissioner controller) throws Exception {
        controller.sendSecure(ProtocolId.INTERACTION_MODEL, ImOpcode.SUBSCRIBE_REQUEST.code(), ImCodec.encode(
                new ImMessage.SubscribeRequest(true, 0, 60, List.of(NODE_LABEL), List.of(), List.of(), true,
                        List.of(), ImMessage.REVISION)));
        int exchange = controller.currentExchange();
        Message priming = controller.receiveSecure();
        assertEquals(ImOpcode.REPORT_DATA.code(), priming.protocolHeader().opcode());
        controller.sendSecureOn(exchange, true, ProtocolId.INTERACTION_MODEL, ImOpcode.STATUS_RESPONSE.code(),
                ImCodec.encode(ImMessage.StatusResponse.of(ImStatus.SUCCESS)));
        Message response = controller.receiveSecure();
        ImMessage.SubscribeResponse subscribed = assertInstanceOf(ImMessage.SubscribeResponse.class,
                ImCodec.decode(response.protocolHeader().opcode(), response.payload().toByteArray()));
        return subscribed.subscriptionId();
    }

    private static void write(UdpCommissioner controller, String label) throws Exception {
        controller.sendSecure(ProtocolId.INTERACTION_MODEL, ImOpcode.WRITE_REQUEST.code(), ImCodec.encode(
                new ImMessage.WriteRequest(false, false, List.of(new AttributeDataIb(OptionalLong.empty(),
                        NODE_LABEL, text(label))), false, ImMessage.REVISION)));
        Message answer = controller.receiveSecure();
        assertEquals(ImOpcode.WRITE_RESPONSE.code(), answer.protocolHeader().opcode());
    }

    private static int storedSubscriptions(FileDurableStore store) {
        return SubscriptionStore.load(new DurableRecordStore(store), 3).all().size();
    }

    private static TlvElement text(String value) {
        return new TlvElement.Utf8(TlvTag.anonymous(), value);
    }
}
