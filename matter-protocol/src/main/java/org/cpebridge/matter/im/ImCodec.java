package org.cpebridge.matter.im;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.cpebridge.matter.tlv.TlvElement;
import org.cpebridge.matter.tlv.TlvException;
import org.cpebridge.matter.tlv.TlvReader;
import org.cpebridge.matter.tlv.TlvTag;
import org.cpebridge.matter.tlv.TlvWriter;

/**
 * Encodes and decodes Interaction Model message payloads (the application payload after the protocol header of a
 * protocol 0x0001 message). Sans I/O: bytes in, records out.
 *
 * <p>Decoding is lenient where the spec asks for it (unknown tags are skipped, integers of any width) and strict
 * elsewhere: malformed TLV, a missing required field or a wrong type is an {@link ImException} with INVALID_ACTION.
 */
public final class ImCodec {

    /** Largest IM payload accepted; a UDP datagram cannot carry more (IPv6 minimum MTU 1280 minus headers). */
    public static final int MAX_PAYLOAD = 1280;

    private ImCodec() {
    }

    /**
     * Decodes the payload of a message with IM opcode {@code opcode}.
     *
     * @throws ImException INVALID_ACTION for an unknown opcode, malformed TLV or a message not matching its schema
     */
    public static ImMessage decode(int opcode, ByteBuffer payload) throws ImException {
        ImOpcode known = ImOpcode.fromCode(opcode)
                .orElseThrow(() -> ImException.invalid(String.format("unknown IM opcode 0x%02X", opcode)));
        if (payload.remaining() > MAX_PAYLOAD) {
            throw ImException.invalid("IM payload of " + payload.remaining() + " bytes exceeds " + MAX_PAYLOAD);
        }
        TlvElement root = readRoot(payload);
        Fields f = Fields.ofStructure(root, known.name());
        int revision = (int) f.requiredUnsigned(ImMessage.REVISION_TAG, Fields.U8);
        return switch (known) {
            case STATUS_RESPONSE -> new ImMessage.StatusResponse(
                    ImStatus.of((int) f.requiredUnsigned(0, Fields.U8)), revision);
            case READ_REQUEST -> new ImMessage.ReadRequest(
                    map(f.optionalArray(0), AttributePathIb::read), map(f.optionalArray(1), EventPathIb::read),
                    map(f.optionalArray(2), EventFilterIb::read), f.requiredBoolean(3),
                    map(f.optionalArray(4), DataVersionFilterIb::read), revision);
            case SUBSCRIBE_REQUEST -> new ImMessage.SubscribeRequest(f.requiredBoolean(0),
                    (int) f.requiredUnsigned(1, Fields.U16), (int) f.requiredUnsigned(2, Fields.U16),
                    map(f.optionalArray(3), AttributePathIb::read), map(f.optionalArray(4), EventPathIb::read),
                    map(f.optionalArray(5), EventFilterIb::read), f.requiredBoolean(7),
                    map(f.optionalArray(8), DataVersionFilterIb::read), revision);
            case SUBSCRIBE_RESPONSE -> new ImMessage.SubscribeResponse(f.requiredUnsigned(0, Fields.U32),
                    (int) f.requiredUnsigned(2, Fields.U16), revision);
            case REPORT_DATA -> new ImMessage.ReportData(f.optionalUnsigned(0, Fields.U32),
                    map(f.optionalArray(1), AttributeReportIb::read), map(f.optionalArray(2), EventReportIb::read),
                    f.optionalBoolean(3, false), f.optionalBoolean(4, false), revision);
            case WRITE_REQUEST -> new ImMessage.WriteRequest(f.optionalBoolean(0, false), f.requiredBoolean(1),
                    map(f.requiredArray(2), AttributeDataIb::read), f.optionalBoolean(3, false), revision);
            case WRITE_RESPONSE -> new ImMessage.WriteResponse(map(f.requiredArray(0), AttributeStatusIb::read),
                    revision);
            case INVOKE_REQUEST -> new ImMessage.InvokeRequest(f.requiredBoolean(0), f.requiredBoolean(1),
                    map(f.requiredArray(2), CommandDataIb::read), revision);
            case INVOKE_RESPONSE -> new ImMessage.InvokeResponse(f.requiredBoolean(0),
                    map(f.requiredArray(1), InvokeResponseIb::read), f.optionalBoolean(2, false), revision);
            case TIMED_REQUEST -> new ImMessage.TimedRequest((int) f.requiredUnsigned(0, Fields.U16), revision);
        };
    }

    /** Decodes {@code payload}; see {@link #decode(int, ByteBuffer)}. */
    public static ImMessage decode(int opcode, byte[] payload) throws ImException {
        return decode(opcode, ByteBuffer.wrap(payload));
    }

    /** Encodes {@code message} as an IM payload. */
    public static byte[] encode(ImMessage message) {
        Objects.requireNonNull(message, "message");
        TlvWriter w = new TlvWriter();
        w.startStructure(TlvTag.anonymous());
        if (message instanceof ImMessage.StatusResponse m) {
            w.putUnsigned(ctx(0), m.status().code());
        } else if (message instanceof ImMessage.ReadRequest m) {
            array(w, 0, m.attributeRequests(), (p, t) -> p.write(w, t));
            array(w, 1, m.eventRequests(), (p, t) -> p.write(w, t));
            array(w, 2, m.eventFilters(), (p, t) -> p.write(w, t));
            w.putBoolean(ctx(3), m.fabricFiltered());
            array(w, 4, m.dataVersionFilters(), (p, t) -> p.write(w, t));
        } else if (message instanceof ImMessage.SubscribeRequest m) {
            w.putBoolean(ctx(0), m.keepSubscriptions());
            w.putUnsigned(ctx(1), m.minIntervalFloorSeconds());
            w.putUnsigned(ctx(2), m.maxIntervalCeilingSeconds());
            array(w, 3, m.attributeRequests(), (p, t) -> p.write(w, t));
            array(w, 4, m.eventRequests(), (p, t) -> p.write(w, t));
            array(w, 5, m.eventFilters(), (p, t) -> p.write(w, t));
            w.putBoolean(ctx(7), m.fabricFiltered());
            array(w, 8, m.dataVersionFilters(), (p, t) -> p.write(w, t));
        } else if (message instanceof ImMessage.SubscribeResponse m) {
            w.putUnsigned(ctx(0), m.subscriptionId());
            w.putUnsigned(ctx(2), m.maxIntervalSeconds());
        } else if (message instanceof ImMessage.ReportData m) {
            m.subscriptionId().ifPresent(id -> w.putUnsigned(ctx(0), id));
            array(w, 1, m.attributeReports(), (r, t) -> r.writeReport(w, t));
            array(w, 2, m.eventReports(), (r, t) -> r.writeReport(w, t));
            if (m.moreChunkedMessages()) {
                w.putBoolean(ctx(3), true);
            }
            if (m.suppressResponse()) {
                w.putBoolean(ctx(4), true);
            }
        } else if (message instanceof ImMessage.WriteRequest m) {
            w.putBoolean(ctx(0), m.suppressResponse());
            w.putBoolean(ctx(1), m.timedRequest());
            w.startArray(ctx(2));
            m.writeRequests().forEach(d -> d.write(w, TlvTag.anonymous()));
            w.endContainer();
            w.putBoolean(ctx(3), m.moreChunkedMessages());
        } else if (message instanceof ImMessage.WriteResponse m) {
            w.startArray(ctx(0));
            m.writeResponses().forEach(s -> s.write(w, TlvTag.anonymous()));
            w.endContainer();
        } else if (message instanceof ImMessage.InvokeRequest m) {
            w.putBoolean(ctx(0), m.suppressResponse());
            w.putBoolean(ctx(1), m.timedRequest());
            w.startArray(ctx(2));
            m.invokeRequests().forEach(c -> c.write(w, TlvTag.anonymous()));
            w.endContainer();
        } else if (message instanceof ImMessage.InvokeResponse m) {
            w.putBoolean(ctx(0), m.suppressResponse());
            w.startArray(ctx(1));
            m.invokeResponses().forEach(r -> r.writeResponse(w, TlvTag.anonymous()));
            w.endContainer();
            if (m.moreChunkedMessages()) {
                w.putBoolean(ctx(2), true);
            }
        } else if (message instanceof ImMessage.TimedRequest m) {
            w.putUnsigned(ctx(0), m.timeoutMillis());
        }
        w.putUnsigned(ctx(ImMessage.REVISION_TAG), message.interactionModelRevision());
        w.endContainer();
        return w.toByteArray();
    }

    private static TlvElement readRoot(ByteBuffer payload) throws ImException {
        try {
            TlvReader reader = new TlvReader(payload, TlvReader.DEFAULT_MAX_DEPTH);
            if (!reader.next()) {
                throw ImException.invalid("empty IM payload");
            }
            if (reader.tag() != TlvTag.anonymous()) {
                throw ImException.invalid("IM payload root has tag " + reader.tag());
            }
            TlvElement root = reader.readElement();
            if (reader.next()) {
                throw ImException.invalid("trailing data after the IM payload at offset " + reader.position());
            }
            return root;
        } catch (TlvException e) {
            throw new ImException(ImStatus.INVALID_ACTION, "malformed IM payload: " + e.getMessage(), e);
        }
    }

    private static TlvTag ctx(int number) {
        return TlvTag.context(number);
    }

    @FunctionalInterface
    private interface Reader<T> {
        T read(TlvElement element) throws ImException;
    }

    @FunctionalInterface
    private interface ItemWriter<T> {
        void write(T item, TlvTag tag);
    }

    private static <T> List<T> map(List<TlvElement> elements, Reader<T> reader) throws ImException {
        List<T> out = new ArrayList<>(elements.size());
        for (TlvElement element : elements) {
            out.add(reader.read(element));
        }
        return out;
    }

    private static <T> void array(TlvWriter w, int tag, List<T> items, ItemWriter<T> itemWriter) {
        if (items.isEmpty()) {
            return;
        }
        w.startArray(ctx(tag));
        for (T item : items) {
            itemWriter.write(item, TlvTag.anonymous());
        }
        w.endContainer();
    }
}
