package org.cpebridge.matter.im;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.cpebridge.matter.tlv.TlvElement;
import org.cpebridge.matter.tlv.TlvTag;
import org.junit.jupiter.api.Test;

class ImCodecTest {

    private static final HexFormat HEX = HexFormat.of();

    private static byte[] hex(String text) {
        return HEX.parseHex(text.replace(" ", ""));
    }

    private static ImMessage roundTrip(ImOpcode opcode, String vector) throws ImException {
        byte[] bytes = hex(vector);
        ImMessage message = ImCodec.decode(opcode.code(), bytes);
        assertEquals(opcode, message.opcode());
        assertEquals(HEX.formatHex(bytes), HEX.formatHex(ImCodec.encode(message)), "re-encodes identically");
        return message;
    }

    // --- Captures from real peers --------------------------------------------------------------------------------

    @Test
    void readRequestFromChipTool() throws ImException {
        // matter.js packages/protocol/test/session/SecureSessionTest.ts, DECRYPTED_BYTES: a ReadRequest a chip-tool
        // commissioner sent, decrypted.
        ImMessage.ReadRequest read = (ImMessage.ReadRequest) roundTrip(ImOpcode.READ_REQUEST,
                "15" // anonymous structure
                        + "3600" // AttributeRequests (0): array
                        + "17 240331 2504fcff 18" // path: cluster 0x31, attribute 0xFFFC, endpoint wildcard
                        + "17 240200 240330 240400 18" // path: endpoint 0, cluster 0x30, attribute 0
                        + "17 240200 240330 240401 18" // attribute 1
                        + "17 240200 240330 240402 18" // attribute 2
                        + "17 240200 240330 240403 18" // attribute 3
                        + "17 240200 240328 240402 18" // endpoint 0, cluster 0x28, attribute 2
                        + "17 240200 240328 240404 18" // attribute 4
                        + "17 240331 240403 18" // wildcard endpoint, cluster 0x31, attribute 3
                        + "18" // end AttributeRequests
                        + "2903" // FabricFiltered (3): true
                        + "24ff01" // InteractionModelRevision: 1
                        + "18");
        assertEquals(8, read.attributeRequests().size());
        assertTrue(read.fabricFiltered());
        assertEquals(1, read.interactionModelRevision());
        AttributePathIb first = read.attributeRequests().get(0);
        assertFalse(first.isConcrete());
        assertEquals(OptionalInt.empty(), first.endpoint());
        assertEquals(OptionalLong.of(0x31), first.cluster());
        assertEquals(OptionalLong.of(0xFFFC), first.attribute());
        assertEquals(AttributePathIb.of(0, 0x30, 0), read.attributeRequests().get(1));
    }

    @Test
    void reportDataOfOneNumberFromChipLightingApp() throws ImException {
        // matter.js packages/protocol/test/protocol/interaction/AttributeDataDecoderTest.ts, "decode number
        // attribute" (data taken from the chip lighting app).
        ImMessage.ReportData report = (ImMessage.ReportData) roundTrip(ImOpcode.REPORT_DATA,
                "15" // anonymous structure
                        + "3601" // AttributeReports (1): array
                        + "15" // AttributeReportIB
                        + "3501" // AttributeData (1)
                        + "260055156878" // DataVersion (0): 0x78681555
                        + "3701 240200 240328 240409 18" // Path (1): endpoint 0, cluster 0x28, attribute 9
                        + "240201" // Data (2): 1
                        + "18 18 18" // end AttributeData, AttributeReportIB, AttributeReports
                        + "2904" // SuppressResponse (4): true
                        + "24ff01" // InteractionModelRevision: 1
                        + "18");
        assertTrue(report.suppressResponse());
        assertFalse(report.moreChunkedMessages());
        AttributeDataIb data = (AttributeDataIb) report.attributeReports().get(0);
        assertEquals(OptionalLong.of(0x78681555L), data.dataVersion());
        assertEquals(AttributePathIb.of(0, 0x28, 9), data.path());
        assertEquals(new TlvElement.UnsignedInt(TlvTag.anonymous(), 1), data.data());
    }

    @Test
    void reportDataWithListItemsFromChipLightingApp() throws ImException {
        // matter.js AttributeDataDecoderTest.ts, "decode chunked array" (chip lighting app): Descriptor ServerList
        // sent as a replace-all with an empty array then 21 items appended with a null ListIndex.
        StringBuilder vector = new StringBuilder("153601"); // structure, AttributeReports (1)
        // replace-all: DataVersion 0x45d05b60, path ep 0 / cluster 0x1d / attribute 1, Data = empty array
        vector.append("1535012600605bd045370124020024031d240401183602181818");
        int[] servers = {0x04, 0x1d, 0x1f, 0x28, 0x2a, 0x2b, 0x2c, 0x30, 0x31, 0x32, 0x33, 0x34, 0x35, 0x36, 0x37,
            0x3b, 0x3c, 0x3e, 0x3f, 0x40, 0x41};
        for (int server : servers) {
            // AttributeData with path ... ListIndex (5) = null (0x34 05), Data = one cluster id
            vector.append("1535012600605bd045370124020024031d2404013405182402")
                    .append(String.format("%02x", server)).append("1818");
        }
        vector.append("18" + "2904" + "24ff01" + "18"); // end array, SuppressResponse true, IM revision 1
        ImMessage.ReportData report = (ImMessage.ReportData) roundTrip(ImOpcode.REPORT_DATA, vector.toString());
        assertEquals(22, report.attributeReports().size());
        AttributeDataIb replaceAll = (AttributeDataIb) report.attributeReports().get(0);
        assertEquals(Optional.empty(), replaceAll.path().listIndex());
        assertEquals(new TlvElement.Array(TlvTag.anonymous(), List.of()), replaceAll.data());
        AttributeDataIb item = (AttributeDataIb) report.attributeReports().get(21);
        assertEquals(Optional.of(AttributePathIb.ListIndex.APPEND), item.path().listIndex());
        assertEquals(new TlvElement.UnsignedInt(TlvTag.anonymous(), 0x41), item.data());
    }

    @Test
    void reportDataWithStructureValueFromChipTool() throws ImException {
        // matter.js packages/protocol/test/session/SecureSessionTest.ts, MESSAGE.payload: the ReportData answering
        // the ReadRequest above (values of General Commissioning, Basic Information, Network Commissioning).
        ImMessage.ReportData report = (ImMessage.ReportData) roundTrip(ImOpcode.REPORT_DATA,
                "1536011535012600799ac60c37012402002403312404031824021418181535012600b771f32f37012402002403282404"
                        + "04182502018018181535012600b771f32f3701240200240328240402182502f1ff18181535012600ddad82d637"
                        + "012402002403302404031824020218181535012600ddad82d63701240200240330240402182402001818153501"
                        + "2600ddad82d6370124020024033024040118350224003c1818181535012600ddad82d637012402002403302404"
                        + "001824020018181535012600799ac60c37012402002403312504fcff18240201181818290424ff0118");
        assertEquals(8, report.attributeReports().size());
        AttributeDataIb basicCommissioningInfo = (AttributeDataIb) report.attributeReports().get(5);
        assertEquals(AttributePathIb.of(0, 0x30, 1), basicCommissioningInfo.path());
        // BasicCommissioningInfo {FailSafeExpiryLengthSeconds (0): 60}
        assertEquals(new TlvElement.Structure(TlvTag.anonymous(),
                List.of(new TlvElement.UnsignedInt(TlvTag.context(0), 60))), basicCommissioningInfo.data());
    }

    @Test
    void writeRequestFromIphone() throws ImException {
        // Decrypted WriteRequest an iPhone sent while commissioning (ACL write), as quoted in a public Crystal
        // Matter implementation's access-control cluster spec. IM revision 12.
        ImMessage.WriteRequest write = (ImMessage.WriteRequest) roundTrip(ImOpcode.WRITE_REQUEST,
                "15"
                        + "2800" // SuppressResponse (0): false
                        + "2801" // TimedRequest (1): false
                        + "3602" // WriteRequests (2): array
                        + "15" // AttributeDataIB
                        + "3701 240200 24031f 240400 18" // Path (1): endpoint 0, cluster 0x1f (ACL), attribute 0
                        + "3602" // Data (2): array of AccessControlEntryStruct
                        + "15 240105 240202 3603 0701001d32fdffffff 060498fabe 18 3404 18" // Administer, CASE
                        + "15 240103 240202 3603 0701002b4ffdffffff 18 3404 18" // Operate, CASE, targets null
                        + "18 18 18" // end Data, AttributeDataIB, WriteRequests
                        + "2803" // MoreChunkedMessages (3): false
                        + "24ff0c" // InteractionModelRevision: 12
                        + "18");
        assertFalse(write.timedRequest());
        assertEquals(1, write.writeRequests().size());
        assertEquals(AttributePathIb.of(0, 0x1f, 0), write.writeRequests().get(0).path());
        assertInstanceOf(TlvElement.Array.class, write.writeRequests().get(0).data());
    }

    // --- Hand-built from the spec's TLV tags (Core 1.4, Interaction Model Encoding) ------------------------------

    @Test
    void statusResponse() throws ImException {
        ImMessage message = roundTrip(ImOpcode.STATUS_RESPONSE,
                "15"
                        + "240080" // Status (0): 0x80 INVALID_ACTION
                        + "24ff0c" // InteractionModelRevision (0xFF): 12
                        + "18");
        assertEquals(ImMessage.StatusResponse.of(ImStatus.INVALID_ACTION), message);
    }

    @Test
    void statusResponseKeepsAnUnknownCode() throws ImException {
        ImMessage message = roundTrip(ImOpcode.STATUS_RESPONSE, "1524007724ff0c18"); // Status 0x77, not named
        ImStatus status = ((ImMessage.StatusResponse) message).status();
        assertEquals(0x77, status.code());
        assertEquals(Optional.empty(), status.name());
    }

    @Test
    void timedRequest() throws ImException {
        ImMessage message = roundTrip(ImOpcode.TIMED_REQUEST,
                "15"
                        + "2500 8813" // Timeout (0): 5000 ms, u16
                        + "24ff0c" // InteractionModelRevision: 12
                        + "18");
        assertEquals(new ImMessage.TimedRequest(5000, 12), message);
    }

    @Test
    void invokeRequestArmFailSafe() throws ImException {
        ImMessage.InvokeRequest invoke = (ImMessage.InvokeRequest) roundTrip(ImOpcode.INVOKE_REQUEST,
                "15"
                        + "2800" // SuppressResponse (0): false
                        + "2801" // TimedRequest (1): false
                        + "3602" // InvokeRequests (2): array
                        + "15" // CommandDataIB
                        + "3700 240000 240130 240200 18" // CommandPath (0): endpoint 0, cluster 0x30, command 0
                        + "3501 2400 3c 2401 01 18" // CommandFields (1): ExpiryLengthSeconds 60, Breadcrumb 1
                        + "18 18" // end CommandDataIB, InvokeRequests
                        + "24ff0c" // InteractionModelRevision: 12
                        + "18");
        CommandDataIb command = invoke.invokeRequests().get(0);
        assertEquals(CommandPathIb.of(0, 0x30, 0), command.path());
        assertEquals(OptionalInt.empty(), command.commandRef());
        assertTrue(command.fields().isPresent());
    }

    @Test
    void invokeResponseWithCommandAndStatus() throws ImException {
        ImMessage.InvokeResponse response = (ImMessage.InvokeResponse) roundTrip(ImOpcode.INVOKE_RESPONSE,
                "15"
                        + "2800" // SuppressResponse (0): false
                        + "3601" // InvokeResponses (1): array
                        + "15 3500" // InvokeResponseIB, Command (0)
                        + "3700 240000 240130 240201 18" // CommandPath: endpoint 0, cluster 0x30, ArmFailSafeResponse
                        + "3501 240000 2c0100 18" // fields: ErrorCode 0 (OK), DebugText ""
                        + "240205" // CommandRef (2): 5
                        + "18 18"
                        + "15 3501" // InvokeResponseIB, Status (1)
                        + "3700 240001 240106 240202 18" // CommandPath: endpoint 1, cluster 6, command 2
                        + "3501 240001 240102 18" // StatusIB: FAILURE, ClusterStatus 2
                        + "18 18"
                        + "18" // end InvokeResponses
                        + "2902" // MoreChunkedMessages (2): true
                        + "24ff0c"
                        + "18");
        assertTrue(response.moreChunkedMessages());
        CommandDataIb data = assertInstanceOf(CommandDataIb.class, response.invokeResponses().get(0));
        assertEquals(OptionalInt.of(5), data.commandRef());
        CommandStatusIb status = assertInstanceOf(CommandStatusIb.class, response.invokeResponses().get(1));
        assertEquals(new StatusIb(ImStatus.FAILURE, OptionalInt.of(2)), status.status());
    }

    @Test
    void subscribeRequestAndResponse() throws ImException {
        ImMessage.SubscribeRequest subscribe = (ImMessage.SubscribeRequest) roundTrip(ImOpcode.SUBSCRIBE_REQUEST,
                "15"
                        + "2800" // KeepSubscriptions (0): false
                        + "240100" // MinIntervalFloorSeconds (1): 0
                        + "25022c01" // MaxIntervalCeilingSeconds (2): 300
                        + "3603 17 18 18" // AttributeRequests (3): one all-wildcard path
                        + "3604 17 240100 240228 18 18" // EventRequests (4): endpoint 0, cluster 0x28
                        + "3605 15 240105 18 18" // EventFilters (5): EventMin 5
                        + "2807" // FabricFiltered (7): false
                        + "3608 15 3700 240101 240206 18 2601 78563412 18 18" // DataVersionFilters: ep1/0x6 @0x12345678
                        + "24ff0c"
                        + "18");
        assertEquals(300, subscribe.maxIntervalCeilingSeconds());
        assertEquals(AttributePathIb.wildcard(null, null, null), subscribe.attributeRequests().get(0));
        assertEquals(new DataVersionFilterIb(ClusterPathIb.of(1, 6), 0x12345678L),
                subscribe.dataVersionFilters().get(0));
        assertEquals(new EventFilterIb(OptionalLong.empty(), 5), subscribe.eventFilters().get(0));

        ImMessage response = roundTrip(ImOpcode.SUBSCRIBE_RESPONSE,
                "15"
                        + "2600 efbeadde" // SubscriptionId (0): 0xdeadbeef
                        + "24023c" // MaxInterval (2): 60 s, in the fewest octets
                        + "24ff0c"
                        + "18");
        assertEquals(new ImMessage.SubscribeResponse(0xdeadbeefL, 60, 12), response);
    }

    @Test
    void writeResponseAndEventReport() throws ImException {
        ImMessage.WriteResponse write = (ImMessage.WriteResponse) roundTrip(ImOpcode.WRITE_RESPONSE,
                "15"
                        + "3600" // WriteResponses (0)
                        + "15 3700 240200 240328 240405 18 3501 240000 18 18" // ep0/0x28/NodeLabel: SUCCESS
                        + "18"
                        + "24ff0c18");
        assertEquals(AttributeStatusIb.of(AttributePathIb.of(0, 0x28, 5), ImStatus.SUCCESS),
                write.writeResponses().get(0));

        ImMessage.ReportData events = (ImMessage.ReportData) roundTrip(ImOpcode.REPORT_DATA,
                "15"
                        + "240001" // SubscriptionId (0): 1
                        + "3602" // EventReports (2)
                        + "15 3501" // EventReportIB, EventData (1)
                        + "3700 240100 240228 240300 18" // Path: ep 0, Basic Information, StartUp
                        + "240107" // EventNumber (1): 7
                        + "240202" // Priority (2): critical
                        + "2504e803" // SystemTimestamp (4): 1000 ms
                        + "3507 240001 18" // Data (7): StartUp {SoftwareVersion: 1}
                        + "18 18"
                        + "15 3500" // EventReportIB, EventStatus (0)
                        + "3700 240101 240206 18 3501 2400c7 18" // Path ep1/6, status UNSUPPORTED_EVENT
                        + "18 18"
                        + "18"
                        + "24ff0c18");
        assertEquals(OptionalLong.of(1), events.subscriptionId());
        EventDataIb startUp = assertInstanceOf(EventDataIb.class, events.eventReports().get(0));
        assertEquals(7, startUp.eventNumber());
        assertEquals(OptionalLong.of(1000), startUp.systemTimestamp());
        EventStatusIb status = assertInstanceOf(EventStatusIb.class, events.eventReports().get(1));
        assertEquals(ImStatus.UNSUPPORTED_EVENT, status.status().status());
    }

    // --- Leniency and rejection ----------------------------------------------------------------------------------

    @Test
    void unknownTagsAreSkipped() throws ImException {
        // TimedRequest with an extra context tag 9 and a common-profile tag before the revision.
        ImMessage message = ImCodec.decode(0x0A, hex("15 2500 8813 240907 450001002a 24ff0c 18"));
        assertEquals(new ImMessage.TimedRequest(5000, 12), message);
    }

    @Test
    void integersOfAnyWidthAreAccepted() throws ImException {
        // Status (0) as a 4-byte unsigned, revision as 2-byte.
        ImMessage message = ImCodec.decode(0x01, hex("15 260000000000 25ff0c00 18"));
        assertEquals(ImMessage.StatusResponse.of(ImStatus.SUCCESS), message);
    }

    @Test
    void missingRequiredFieldIsInvalidAction() {
        // InvokeRequest without TimedRequest (1).
        ImException e = assertThrows(ImException.class,
                () -> ImCodec.decode(0x08, hex("15 2800 3602 18 24ff0c 18")));
        assertEquals(ImStatus.INVALID_ACTION, e.status());
        // Any message without InteractionModelRevision.
        assertEquals(ImStatus.INVALID_ACTION,
                assertThrows(ImException.class, () -> ImCodec.decode(0x01, hex("1524000018"))).status());
        // CommandPathIB without a command id.
        assertEquals(ImStatus.INVALID_ACTION, assertThrows(ImException.class,
                () -> ImCodec.decode(0x08, hex("15 2800 2801 3602 15 3700 240000 240130 18 18 18 24ff0c 18")))
                .status());
    }

    @Test
    void wrongTypesAreInvalidAction() {
        // Status as a string; endpoint above u16; report holding both status and data.
        assertThrows(ImException.class, () -> ImCodec.decode(0x01, hex("15 2c000141 24ff0c 18")));
        assertThrows(ImException.class,
                () -> ImCodec.decode(0x02, hex("15 3600 17 2602 00000100 18 18 2803 24ff0c 18")));
        assertThrows(ImException.class, () -> ImCodec.decode(0x05,
                hex("15 3601 15 3500 3700 18 3501 240000 18 18 3501 3701 18 240200 18 18 18 24ff0c 18")));
        // Root is an array, not a structure.
        assertThrows(ImException.class, () -> ImCodec.decode(0x01, hex("16 18")));
    }

    @Test
    void truncatedGarbageAndOversizedInputIsInvalidAction() {
        byte[] good = hex("1524008024ff0c18");
        for (int length = 0; length < good.length; length++) {
            byte[] truncated = java.util.Arrays.copyOf(good, length);
            ImException e = assertThrows(ImException.class, () -> ImCodec.decode(0x01, truncated),
                    "truncated to " + length);
            assertEquals(ImStatus.INVALID_ACTION, e.status());
        }
        assertThrows(ImException.class, () -> ImCodec.decode(0x01, hex("1524008024ff0c1800")));
        assertThrows(ImException.class, () -> ImCodec.decode(0x01, hex("ffffffffffff")));
        assertThrows(ImException.class, () -> ImCodec.decode(0x01, hex("1f")));
        assertThrows(ImException.class, () -> ImCodec.decode(0x01, new byte[ImCodec.MAX_PAYLOAD + 1]));
        assertThrows(ImException.class, () -> ImCodec.decode(0x0B, good));
        java.util.Random random = new java.util.Random(7);
        for (int i = 0; i < 2000; i++) {
            byte[] garbage = new byte[1 + random.nextInt(64)];
            random.nextBytes(garbage);
            garbage[0] = 0x15;
            try {
                ImCodec.decode(0x01 + random.nextInt(10), garbage);
            } catch (ImException expected) {
                assertEquals(ImStatus.INVALID_ACTION, expected.status());
            }
        }
    }

    @Test
    void recordsCheckRanges() {
        assertThrows(IllegalArgumentException.class, () -> AttributePathIb.of(0x10000, 6, 0));
        assertThrows(IllegalArgumentException.class, () -> CommandPathIb.of(1, 0x1_0000_0000L, 0));
        assertThrows(IllegalArgumentException.class, () -> new ImStatus(0x100));
        assertThrows(IllegalArgumentException.class, () -> new ImMessage.TimedRequest(70000, 12));
        assertThrows(IllegalArgumentException.class, () -> new AttributePathIb.ListIndex(-2));
    }

    @Test
    void statusNames() {
        assertEquals("INVALID_ACTION(0x80)", ImStatus.INVALID_ACTION.toString());
        assertEquals(Optional.of("NEEDS_TIMED_INTERACTION"), ImStatus.of(0xC6).name());
        assertEquals("UNKNOWN(0x77)", ImStatus.of(0x77).toString());
    }
}
