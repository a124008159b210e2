package org.cpebridge.matter.im;

import java.util.Objects;
import java.util.OptionalLong;
import org.cpebridge.matter.tlv.TlvElement;
import org.cpebridge.matter.tlv.TlvTag;
import org.cpebridge.matter.tlv.TlvWriter;

/**
 * EventFilterIB (Core spec "EventFilterIB"): report only events numbered at least {@code eventMin}.
 *
 * @param node tag 0, u64
 * @param eventMin tag 1, u64
 */
public record EventFilterIb(OptionalLong node, long eventMin) {

    public EventFilterIb {
        Objects.requireNonNull(node, "node");
    }

    void write(TlvWriter writer, TlvTag tag) {
        writer.startStructure(tag);
        node.ifPresent(v -> writer.putUnsigned(TlvTag.context(0), v));
        writer.putUnsigned(TlvTag.context(1), eventMin);
        writer.endContainer();
    }

    static EventFilterIb read(TlvElement element) throws ImException {
        Fields f = Fields.ofStructure(element, "EventFilterIB");
        return new EventFilterIb(f.optionalUnsigned(0, Fields.U64), f.requiredUnsigned(1, Fields.U64));
    }
}
