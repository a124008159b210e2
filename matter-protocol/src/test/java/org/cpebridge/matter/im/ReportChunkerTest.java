package org.cpebridge.matter.im;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.cpebridge.matter.tlv.TlvElement;
import org.cpebridge.matter.tlv.TlvTag;
import org.junit.jupiter.api.Test;

class ReportChunkerTest {

    private static TlvElement text(String value) {
        return new TlvElement.Utf8(TlvTag.anonymous(), value);
    }

    private static TlvElement number(long value) {
        return new TlvElement.UnsignedInt(TlvTag.anonymous(), value);
    }

    /** A 100-endpoint bridge: per endpoint a few short strings and numbers, about 6 kB in all. */
    private static List<AttributeReportIb> bridgeReports() {
        List<AttributeReportIb> reports = new ArrayList<>();
        for (int endpoint = 1; endpoint <= 100; endpoint++) {
            reports.add(AttributeDataIb.of(endpoint, AttributePathIb.of(endpoint, 0x39, 5), text("Plug " + endpoint)));
            reports.add(AttributeDataIb.of(endpoint, AttributePathIb.of(endpoint, 0x39, 0x11),
                    new TlvElement.Bool(TlvTag.anonymous(), true)));
            reports.add(AttributeDataIb.of(endpoint, AttributePathIb.of(endpoint, 6, 0), number(endpoint % 2)));
        }
        return reports;
    }

    private static void assertWellFormedChunks(List<ImMessage.ReportData> chunks, int budget, boolean suppress)
            throws ImException {
        for (int i = 0; i < chunks.size(); i++) {
            ImMessage.ReportData chunk = chunks.get(i);
            byte[] encoded = ImCodec.encode(chunk);
            assertTrue(encoded.length <= budget, "chunk " + i + " is " + encoded.length + " bytes");
            assertEquals(chunk, ImCodec.decode(ImOpcode.REPORT_DATA.code(), encoded));
            boolean last = i == chunks.size() - 1;
            assertEquals(!last, chunk.moreChunkedMessages(), "MoreChunkedMessages of chunk " + i);
            assertEquals(last && suppress, chunk.suppressResponse(), "SuppressResponse of chunk " + i);
        }
    }

    @Test
    void largeReadSplitsIntoChunksWithinTheBudget() throws ImException {
        List<AttributeReportIb> reports = bridgeReports();
        ReportChunker chunker = new ReportChunker();
        List<ImMessage.ReportData> chunks = chunker.chunk(OptionalLong.empty(), reports, List.of(), true);

        assertTrue(chunks.size() > 1, "a 300-attribute read needs several messages");
        assertWellFormedChunks(chunks, ReportChunker.DEFAULT_BUDGET, true);
        List<AttributeReportIb> rejoined = new ArrayList<>();
        chunks.forEach(c -> rejoined.addAll(c.attributeReports()));
        assertEquals(reports, rejoined, "nothing lost, nothing reordered");
        // Greedy filling: every chunk but the last is nearly full.
        for (int i = 0; i < chunks.size() - 1; i++) {
            assertTrue(ImCodec.encode(chunks.get(i)).length > ReportChunker.DEFAULT_BUDGET - 40);
        }
    }

    @Test
    void subscriptionIdIsInEveryChunk() throws ImException {
        List<ImMessage.ReportData> chunks = new ReportChunker(400).chunk(OptionalLong.of(0x1234), bridgeReports(),
                List.of(), false);
        assertWellFormedChunks(chunks, 400, false);
        chunks.forEach(c -> assertEquals(OptionalLong.of(0x1234), c.subscriptionId()));
    }

    @Test
    void smallReportIsOneMessage() throws ImException {
        AttributeReportIb report = AttributeDataIb.of(1, AttributePathIb.of(0, 0x28, 9), number(1));
        List<ImMessage.ReportData> chunks = new ReportChunker().chunk(OptionalLong.empty(), List.of(report),
                List.of(), true);
        assertEquals(List.of(new ImMessage.ReportData(OptionalLong.empty(), List.of(report), List.of(), false, true,
                ImMessage.REVISION)), chunks);
    }

    @Test
    void emptyReportIsOneEmptyMessage() throws ImException {
        List<ImMessage.ReportData> chunks = new ReportChunker().chunk(OptionalLong.of(7), List.of(), List.of(),
                false);
        assertEquals(1, chunks.size());
        // Hand-built keep-alive: SubscriptionId (0) = 7, InteractionModelRevision 12, nothing else.
        assertEquals("1524000724ff0c18", HexFormat.of().formatHex(ImCodec.encode(chunks.get(0))));
    }

    @Test
    void listTooLargeForOneChunkIsSentAsReplaceAllThenAppends() throws ImException {
        List<TlvElement> items = new ArrayList<>();
        for (int i = 0; i < 150; i++) {
            items.add(new TlvElement.Structure(TlvTag.anonymous(), List.of(
                    new TlvElement.UnsignedInt(TlvTag.context(0), 0x0100 + i),
                    new TlvElement.UnsignedInt(TlvTag.context(1), 1))));
        }
        AttributePathIb path = AttributePathIb.of(1, 0x1D, 0);
        AttributeReportIb before = AttributeDataIb.of(3, AttributePathIb.of(0, 0x28, 9), number(1));
        AttributeReportIb list = AttributeDataIb.of(5, path, new TlvElement.Array(TlvTag.anonymous(), items));
        AttributeReportIb after = AttributeDataIb.of(3, AttributePathIb.of(0, 0x28, 0x0A), text("1.0"));

        List<ImMessage.ReportData> chunks = new ReportChunker().chunk(OptionalLong.empty(),
                List.of(before, list, after), List.of(), true);

        assertTrue(chunks.size() >= 2);
        assertWellFormedChunks(chunks, ReportChunker.DEFAULT_BUDGET, true);
        List<AttributeReportIb> all = new ArrayList<>();
        chunks.forEach(c -> all.addAll(c.attributeReports()));
        assertEquals(before, all.get(0));
        assertEquals(after, all.get(all.size() - 1));
        AttributeDataIb replaceAll = assertInstanceOf(AttributeDataIb.class, all.get(1));
        assertEquals(Optional.empty(), replaceAll.path().listIndex());
        List<TlvElement> rebuilt = new ArrayList<>(((TlvElement.Array) replaceAll.data()).members());
        assertFalse(rebuilt.isEmpty(), "the replace-all fills the first chunk");
        for (AttributeReportIb report : all.subList(2, all.size() - 1)) {
            AttributeDataIb append = assertInstanceOf(AttributeDataIb.class, report);
            assertEquals(Optional.of(AttributePathIb.ListIndex.APPEND), append.path().listIndex());
            assertEquals(OptionalLong.of(5), append.dataVersion());
            rebuilt.add(append.data());
        }
        assertEquals(items, rebuilt, "replace-all plus appends rebuild the list");
    }

    @Test
    void listThatFitsAFreshChunkIsNotSplit() throws ImException {
        List<AttributeReportIb> reports = new ArrayList<>(bridgeReports().subList(0, 30));
        List<TlvElement> items = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            items.add(number(i + 1000)); // 3 bytes each: about 600 bytes, more than the first chunk has left
        }
        AttributeReportIb list = AttributeDataIb.of(1, AttributePathIb.of(0, 0x1D, 3),
                new TlvElement.Array(TlvTag.anonymous(), items));
        reports.add(list);
        List<ImMessage.ReportData> chunks = new ReportChunker().chunk(OptionalLong.empty(), reports, List.of(), true);
        assertWellFormedChunks(chunks, ReportChunker.DEFAULT_BUDGET, true);
        assertEquals(2, chunks.size());
        assertEquals(list, chunks.get(1).attributeReports().get(0));
    }

    @Test
    void oversizedScalarBecomesResourceExhausted() throws ImException {
        AttributePathIb path = AttributePathIb.of(1, 0x28, 0x0D);
        AttributeReportIb huge = AttributeDataIb.of(1, path, text("x".repeat(2000)));
        List<ImMessage.ReportData> chunks = new ReportChunker().chunk(OptionalLong.empty(), List.of(huge), List.of(),
                true);
        assertWellFormedChunks(chunks, ReportChunker.DEFAULT_BUDGET, true);
        assertEquals(List.of(AttributeStatusIb.of(path, ImStatus.RESOURCE_EXHAUSTED)),
                chunks.get(0).attributeReports());
    }

    @Test
    void eventsFollowAttributesAndAreChunkedToo() throws ImException {
        List<EventReportIb> events = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            events.add(new EventDataIb(EventPathIb.of(i % 5 + 1, 0x45, 0), i, 1, OptionalLong.of(1_700_000_000_000L),
                    OptionalLong.empty(), OptionalLong.empty(), OptionalLong.empty(),
                    Optional.of(new TlvElement.Structure(TlvTag.anonymous(),
                            List.of(new TlvElement.Bool(TlvTag.context(0), i % 2 == 0))))));
        }
        List<AttributeReportIb> attributes = bridgeReports().subList(0, 40);
        List<ImMessage.ReportData> chunks = new ReportChunker(600).chunk(OptionalLong.empty(), attributes, events,
                true);
        assertWellFormedChunks(chunks, 600, true);
        Map<String, Integer> counts = new LinkedHashMap<>();
        List<EventReportIb> rejoined = new ArrayList<>();
        for (ImMessage.ReportData chunk : chunks) {
            counts.merge("attributes", chunk.attributeReports().size(), Integer::sum);
            rejoined.addAll(chunk.eventReports());
        }
        assertEquals(40, counts.get("attributes"));
        assertEquals(events, rejoined);
    }

    @Test
    void budgetOutsideTheLimitsIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> new ReportChunker(ReportChunker.MIN_BUDGET - 1));
        assertThrows(IllegalArgumentException.class, () -> new ReportChunker(ImCodec.MAX_PAYLOAD + 1));
    }
}
