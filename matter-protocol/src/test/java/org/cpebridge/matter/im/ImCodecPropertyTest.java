package org.cpebridge.matter.im;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import org.cpebridge.matter.tlv.TlvElement;
import org.cpebridge.matter.tlv.TlvTag;
import org.cpebridge.bytes.Bytes;
import org.junit.jupiter.api.Test;

/** Random messages of every kind encode and decode back to themselves; random reports chunk within budget. */
class ImCodecPropertyTest {

    private final SplittableRandom random = new SplittableRandom(20261123);

    private boolean coin() {
        return random.nextBoolean();
    }

    private OptionalInt maybeInt(int max) {
        return coin() ? OptionalInt.of(random.nextInt(max + 1)) : OptionalInt.empty();
    }

    /** An optional value in 0..max; for max = Long.MAX_VALUE any 64-bit pattern (u64 read as unsigned). */
    private OptionalLong maybeLong(long max) {
        if (!coin()) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(max == Long.MAX_VALUE ? random.nextLong() : random.nextLong(max + 1));
    }

    private <T> List<T> some(Supplier<T> item, int max) {
        List<T> out = new ArrayList<>();
        int n = random.nextInt(max + 1);
        for (int i = 0; i < n; i++) {
            out.add(item.get());
        }
        return out;
    }

    private TlvElement value(int depth) {
        TlvTag tag = TlvTag.anonymous();
        return switch (random.nextInt(depth > 2 ? 6 : 8)) {
            case 0 -> new TlvElement.UnsignedInt(tag, random.nextLong(0, Long.MAX_VALUE));
            case 1 -> new TlvElement.SignedInt(tag, random.nextLong());
            case 2 -> new TlvElement.Bool(tag, coin());
            case 3 -> new TlvElement.Utf8(tag, "s".repeat(random.nextInt(40)));
            case 4 -> new TlvElement.Octets(tag, Bytes.of(new byte[random.nextInt(40)]));
            case 5 -> new TlvElement.Null(tag);
            case 6 -> new TlvElement.Array(tag, some(() -> value(depth + 1), 4));
            default -> {
                List<TlvElement> members = new ArrayList<>();
                int n = random.nextInt(4);
                for (int i = 0; i < n; i++) {
                    members.add(ImTlv.withTag(value(depth + 1), TlvTag.context(i)));
                }
                yield new TlvElement.Structure(tag, members);
            }
        };
    }

    private AttributePathIb attributePath() {
        Optional<AttributePathIb.ListIndex> index = switch (random.nextInt(3)) {
            case 0 -> Optional.empty();
            case 1 -> Optional.of(AttributePathIb.ListIndex.APPEND);
            default -> Optional.of(new AttributePathIb.ListIndex(random.nextInt(0x10000)));
        };
        return new AttributePathIb(coin(), maybeLong(Long.MAX_VALUE), maybeInt(0xFFFF), maybeLong(0xFFFF_FFFFL),
                maybeLong(0xFFFF_FFFFL), index, maybeLong(0xFFFF_FFFFL));
    }

    private EventPathIb eventPath() {
        return new EventPathIb(maybeLong(Long.MAX_VALUE), maybeInt(0xFFFF), maybeLong(0xFFFF_FFFFL),
                maybeLong(0xFFFF_FFFFL), coin());
    }

    private CommandPathIb commandPath() {
        return new CommandPathIb(maybeInt(0xFFFF), random.nextLong(0x1_0000_0000L), random.nextLong(0x1_0000_0000L));
    }

    private StatusIb status() {
        return new StatusIb(ImStatus.of(random.nextInt(256)), maybeInt(0xFF));
    }

    private DataVersionFilterIb versionFilter() {
        return new DataVersionFilterIb(new ClusterPathIb(maybeLong(Long.MAX_VALUE), random.nextInt(0x10000),
                random.nextLong(0x1_0000_0000L)), random.nextLong(0x1_0000_0000L));
    }

    private EventFilterIb eventFilter() {
        return new EventFilterIb(maybeLong(Long.MAX_VALUE), random.nextLong(0, Long.MAX_VALUE));
    }

    private AttributeDataIb attributeData() {
        return new AttributeDataIb(maybeLong(0xFFFF_FFFFL), attributePath(), value(0));
    }

    private AttributeReportIb attributeReport() {
        return coin() ? attributeData() : new AttributeStatusIb(attributePath(), status());
    }

    private EventReportIb eventReport() {
        if (coin()) {
            return new EventStatusIb(eventPath(), status());
        }
        return new EventDataIb(eventPath(), random.nextLong(0, Long.MAX_VALUE), random.nextInt(3),
                coin() ? OptionalLong.of(random.nextLong()) : OptionalLong.empty(), maybeLong(Long.MAX_VALUE),
                maybeLong(Long.MAX_VALUE), maybeLong(Long.MAX_VALUE),
                coin() ? Optional.of(value(0)) : Optional.empty());
    }

    private CommandDataIb commandData() {
        return new CommandDataIb(commandPath(), coin() ? Optional.of(value(0)) : Optional.empty(), maybeInt(0xFFFF));
    }

    private InvokeResponseIb invokeResponse() {
        return coin() ? commandData() : new CommandStatusIb(commandPath(), status(), maybeInt(0xFFFF));
    }

    private ImMessage message() {
        int revision = random.nextInt(256);
        return switch (random.nextInt(10)) {
            case 0 -> new ImMessage.StatusResponse(ImStatus.of(random.nextInt(256)), revision);
            case 1 -> new ImMessage.ReadRequest(some(this::attributePath, 4), some(this::eventPath, 3),
                    some(this::eventFilter, 2), coin(), some(this::versionFilter, 3), revision);
            case 2 -> new ImMessage.SubscribeRequest(coin(), random.nextInt(0x10000), random.nextInt(0x10000),
                    some(this::attributePath, 4), some(this::eventPath, 3), some(this::eventFilter, 2), coin(),
                    some(this::versionFilter, 3), revision);
            case 3 -> new ImMessage.SubscribeResponse(random.nextLong(0x1_0000_0000L), random.nextInt(0x10000),
                    revision);
            case 4 -> new ImMessage.ReportData(maybeLong(0xFFFF_FFFFL), some(this::attributeReport, 5),
                    some(this::eventReport, 3), coin(), coin(), revision);
            case 5 -> new ImMessage.WriteRequest(coin(), coin(), some(this::attributeData, 4), coin(), revision);
            case 6 -> new ImMessage.WriteResponse(some(() -> new AttributeStatusIb(attributePath(), status()), 4),
                    revision);
            case 7 -> new ImMessage.InvokeRequest(coin(), coin(), some(this::commandData, 3), revision);
            case 8 -> new ImMessage.InvokeResponse(coin(), some(this::invokeResponse, 3), coin(), revision);
            default -> new ImMessage.TimedRequest(random.nextInt(0x10000), revision);
        };
    }

    @Test
    void everyMessageRoundTrips() throws ImException {
        for (int i = 0; i < 3000; i++) {
            ImMessage message = message();
            byte[] encoded = ImCodec.encode(message);
            if (encoded.length > ImCodec.MAX_PAYLOAD) {
                continue;
            }
            assertEquals(message, ImCodec.decode(message.opcode().code(), encoded), "message " + i);
        }
    }

    @Test
    void randomReportsChunkWithinTheBudget() throws ImException {
        for (int round = 0; round < 200; round++) {
            int budget = ReportChunker.MIN_BUDGET + random.nextInt(ImCodec.MAX_PAYLOAD - ReportChunker.MIN_BUDGET + 1);
            List<AttributeReportIb> attributes = some(this::attributeReport, 40);
            List<EventReportIb> events = some(this::eventReport, 10);
            OptionalLong subscription = maybeLong(0xFFFF_FFFFL);
            List<ImMessage.ReportData> chunks = new ReportChunker(budget).chunk(subscription, attributes, events,
                    coin());
            int attributeCount = 0;
            for (ImMessage.ReportData chunk : chunks) {
                byte[] encoded = ImCodec.encode(chunk);
                assertTrue(encoded.length <= budget, "round " + round + ": " + encoded.length + " > " + budget);
                assertEquals(chunk, ImCodec.decode(ImOpcode.REPORT_DATA.code(), encoded));
                attributeCount += chunk.attributeReports().size();
            }
            assertTrue(attributeCount >= attributes.size(), "lists may grow into appends, never shrink");
        }
    }
}
