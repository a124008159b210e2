package org.cpebridge.matter.im;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import org.cpebridge.matter.tlv.TlvElement;
import org.cpebridge.matter.tlv.TlvTag;
import org.cpebridge.matter.tlv.TlvWriter;

/**
 * EventDataIB (Core spec "EventDataIB"). The payload is the raw TLV element, held without a tag.
 *
 * @param path tag 0
 * @param eventNumber tag 1, u64
 * @param priority tag 2, u8 (0 debug, 1 info, 2 critical)
 * @param epochTimestamp tag 3, u64 milliseconds since the Unix epoch (matter.js reads it as an unsigned posix-ms)
 * @param systemTimestamp tag 4, u64 milliseconds since boot
 * @param deltaEpochTimestamp tag 5, u64
 * @param deltaSystemTimestamp tag 6, u64
 * @param data tag 7, any TLV element
 */
public record EventDataIb(EventPathIb path, long eventNumber, int priority, OptionalLong epochTimestamp,
        OptionalLong systemTimestamp, OptionalLong deltaEpochTimestamp, OptionalLong deltaSystemTimestamp,
        Optional<TlvElement> data) implements EventReportIb {

    public EventDataIb {
        Objects.requireNonNull(path, "path");
        Ranges.check("priority", priority, Fields.U8);
        Objects.requireNonNull(epochTimestamp, "epochTimestamp");
        Objects.requireNonNull(systemTimestamp, "systemTimestamp");
        Objects.requireNonNull(deltaEpochTimestamp, "deltaEpochTimestamp");
        Objects.requireNonNull(deltaSystemTimestamp, "deltaSystemTimestamp");
        data = Objects.requireNonNull(data, "data").map(ImTlv::anonymous);
    }

    void write(TlvWriter writer, TlvTag tag) {
        writer.startStructure(tag);
        path.write(writer, TlvTag.context(0));
        writer.putUnsigned(TlvTag.context(1), eventNumber);
        writer.putUnsigned(TlvTag.context(2), priority);
        epochTimestamp.ifPresent(v -> writer.putUnsigned(TlvTag.context(3), v));
        systemTimestamp.ifPresent(v -> writer.putUnsigned(TlvTag.context(4), v));
        deltaEpochTimestamp.ifPresent(v -> writer.putUnsigned(TlvTag.context(5), v));
        deltaSystemTimestamp.ifPresent(v -> writer.putUnsigned(TlvTag.context(6), v));
        data.ifPresent(d -> writer.put(ImTlv.withTag(d, TlvTag.context(7))));
        writer.endContainer();
    }

    static EventDataIb read(TlvElement element) throws ImException {
        Fields f = Fields.ofStructure(element, "EventDataIB");
        return new EventDataIb(EventPathIb.read(f.required(0)), f.requiredUnsigned(1, Fields.U64),
                (int) f.requiredUnsigned(2, Fields.U8), f.optionalUnsigned(3, Fields.U64), f.optionalUnsigned(4, Fields.U64),
                f.optionalUnsigned(5, Fields.U64), f.optionalUnsigned(6, Fields.U64), f.optional(7));
    }
}
