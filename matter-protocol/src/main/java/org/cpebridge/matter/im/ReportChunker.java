package org.cpebridge.matter.im;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;
import org.cpebridge.matter.tlv.TlvElement;
import org.cpebridge.matter.tlv.TlvTag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Splits a report into ReportData messages that each encode within a byte budget (Core spec, "Reporting" /
 * "Chunking"): every message but the last carries MoreChunkedMessages and never SuppressResponse.
 *
 * <p>A report that fits no chunk of its own is handled the spec's way when it is a list: a replace-all
 * AttributeDataIB with as many items as fit, then one AttributeDataIB per remaining item with a null ListIndex
 * (append), as the connectedhomeip lighting app does. A report that fits in a fresh chunk is never split, so lists
 * stay whole when they can. A non-list value larger than a whole chunk is replaced by an AttributeStatusIB with
 * RESOURCE_EXHAUSTED so the client still learns about the path.
 *
 * <p>Stateless and thread-safe.
 */
public final class ReportChunker {

    /**
     * Default IM payload budget: connectedhomeip's {@code kMaxAppMessageLen} (1200), what is left of an IPv6
     * minimum-MTU UDP datagram (1232 bytes) after the message header, protocol header and MIC.
     */
    public static final int DEFAULT_BUDGET = 1200;

    /** Smallest budget accepted: room for the envelope and a small report. */
    public static final int MIN_BUDGET = 128;

    private static final Logger LOG = LoggerFactory.getLogger(ReportChunker.class);

    /** Overhead of a non-empty report array: control byte, tag, end of container. */
    private static final int ARRAY_OVERHEAD = 3;

    private final int budget;

    /** A chunker for payloads of at most {@code budget} bytes. */
    public ReportChunker(int budget) {
        if (budget < MIN_BUDGET || budget > ImCodec.MAX_PAYLOAD) {
            throw new IllegalArgumentException("budget outside " + MIN_BUDGET + ".." + ImCodec.MAX_PAYLOAD + ": "
                    + budget);
        }
        this.budget = budget;
    }

    /** A chunker with {@link #DEFAULT_BUDGET}. */
    public ReportChunker() {
        this(DEFAULT_BUDGET);
    }

    /** The budget in bytes. */
    public int budget() {
        return budget;
    }

    /**
     * Splits the reports into messages, keeping their order.
     *
     * @param subscriptionId set in every chunk of a subscription report
     * @param suppressResponse SuppressResponse of the last chunk
     * @return at least one message (an empty one when there is nothing to report)
     */
    public List<ImMessage.ReportData> chunk(OptionalLong subscriptionId, List<AttributeReportIb> attributeReports,
            List<EventReportIb> eventReports, boolean suppressResponse) {
        Objects.requireNonNull(subscriptionId, "subscriptionId");
        Builder builder = new Builder(subscriptionId);
        for (AttributeReportIb report : attributeReports) {
            builder.addAttribute(report);
        }
        for (EventReportIb report : eventReports) {
            builder.addEvent(report);
        }
        return builder.finish(suppressResponse);
    }

    private final class Builder {
        private final OptionalLong subscriptionId;
        private final int envelope;
        private final List<ImMessage.ReportData> done = new ArrayList<>();
        private List<AttributeReportIb> attributes = new ArrayList<>();
        private List<EventReportIb> events = new ArrayList<>();
        private int used;

        Builder(OptionalLong subscriptionId) {
            this.subscriptionId = subscriptionId;
            // Both flags counted: a chunk does not know yet whether it will be the last.
            this.envelope = ImCodec.encode(new ImMessage.ReportData(subscriptionId, List.of(), List.of(), true, true,
                    ImMessage.REVISION)).length;
            this.used = envelope;
        }

        private int room() {
            return budget - used;
        }

        private boolean isEmpty() {
            return attributes.isEmpty() && events.isEmpty();
        }

        private int attributeCost(int size) {
            return size + (attributes.isEmpty() ? ARRAY_OVERHEAD : 0);
        }

        void addAttribute(AttributeReportIb report) {
            int size = report.encodedSize();
            int cost = attributeCost(size);
            if (cost <= room()) {
                attributes.add(report);
                used += cost;
                return;
            }
            if (size + ARRAY_OVERHEAD <= budget - envelope) {
                flush();
                addAttribute(report);
                return;
            }
            if (report instanceof AttributeDataIb data && data.data() instanceof TlvElement.Array array
                    && data.path().listIndex().isEmpty() && !array.members().isEmpty()) {
                splitList(data, array.members());
                return;
            }
            LOG.warn("attribute report for {} is {} bytes, more than a whole chunk; answering RESOURCE_EXHAUSTED",
                    report.path(), size);
            addAttribute(AttributeStatusIb.of(report.path(), ImStatus.RESOURCE_EXHAUSTED));
        }

        private void splitList(AttributeDataIb data, List<TlvElement> items) {
            AttributeDataIb replaceAll = withData(data, List.of());
            int emptySize = replaceAll.encodedSize();
            if (attributeCost(emptySize) > room()) {
                flush();
            }
            int prefixSize = emptySize;
            int taken = 0;
            for (TlvElement item : items) {
                int itemSize = ImTlv.encodedSize(ImTlv.anonymous(item));
                if (attributeCost(prefixSize + itemSize) > room()) {
                    break;
                }
                prefixSize += itemSize;
                taken++;
            }
            int cost = attributeCost(prefixSize);
            attributes.add(withData(data, items.subList(0, taken)));
            used += cost;
            AttributePathIb appendPath = data.path().withListIndex(AttributePathIb.ListIndex.APPEND);
            for (TlvElement item : items.subList(taken, items.size())) {
                addAttribute(new AttributeDataIb(data.dataVersion(), appendPath, item));
            }
        }

        private AttributeDataIb withData(AttributeDataIb data, List<TlvElement> items) {
            return new AttributeDataIb(data.dataVersion(), data.path(),
                    new TlvElement.Array(TlvTag.anonymous(), items));
        }

        void addEvent(EventReportIb report) {
            int size = report.encodedSize();
            int cost = size + (events.isEmpty() ? ARRAY_OVERHEAD : 0);
            if (cost > room() && !isEmpty()) {
                flush();
                cost = size + ARRAY_OVERHEAD;
            }
            if (cost > room()) {
                LOG.warn("event report for {} is {} bytes, more than a whole chunk; dropped", report.path(), size);
                return;
            }
            events.add(report);
            used += cost;
        }

        private void flush() {
            if (isEmpty()) {
                return;
            }
            done.add(new ImMessage.ReportData(subscriptionId, attributes, events, true, false, ImMessage.REVISION));
            attributes = new ArrayList<>();
            events = new ArrayList<>();
            used = envelope;
        }

        List<ImMessage.ReportData> finish(boolean suppressResponse) {
            done.add(new ImMessage.ReportData(subscriptionId, attributes, events, false, suppressResponse,
                    ImMessage.REVISION));
            return List.copyOf(done);
        }
    }
}
