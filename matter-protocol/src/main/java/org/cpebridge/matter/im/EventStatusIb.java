package org.cpebridge.matter.im;

import java.util.Objects;
import org.cpebridge.matter.tlv.TlvElement;
import org.cpebridge.matter.tlv.TlvTag;
import org.cpebridge.matter.tlv.TlvWriter;

/**
 * EventStatusIB (Core spec "EventStatusIB").
 *
 * @param path tag 0
 * @param status tag 1
 */
public record EventStatusIb(EventPathIb path, StatusIb status) implements EventReportIb {

    public EventStatusIb {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(status, "status");
    }

    void write(TlvWriter writer, TlvTag tag) {
        writer.startStructure(tag);
        path.write(writer, TlvTag.context(0));
        status.write(writer, TlvTag.context(1));
        writer.endContainer();
    }

    static EventStatusIb read(TlvElement element) throws ImException {
        Fields f = Fields.ofStructure(element, "EventStatusIB");
        return new EventStatusIb(EventPathIb.read(f.required(0)), StatusIb.read(f.required(1)));
    }
}
