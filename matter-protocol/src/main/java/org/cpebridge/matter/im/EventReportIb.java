package org.cpebridge.matter.im;

import org.cpebridge.matter.tlv.TlvElement;
import org.cpebridge.matter.tlv.TlvTag;
import org.cpebridge.matter.tlv.TlvWriter;

/**
 * EventReportIB (Core spec "EventReportIB"): either EventStatus (tag 0) or EventData (tag 1), modelled as the one
 * it holds.
 */
public sealed interface EventReportIb permits EventStatusIb, EventDataIb {

    /** The path this report is about. */
    EventPathIb path();

    /** Writes the EventReportIB wrapper around this report. */
    default void writeReport(TlvWriter writer, TlvTag tag) {
        writer.startStructure(tag);
        if (this instanceof EventStatusIb s) {
            s.write(writer, TlvTag.context(0));
        } else {
            ((EventDataIb) this).write(writer, TlvTag.context(1));
        }
        writer.endContainer();
    }

    /** Encoded size of the EventReportIB, anonymous, as an array member. */
    default int encodedSize() {
        TlvWriter writer = new TlvWriter();
        writeReport(writer, TlvTag.anonymous());
        return writer.size();
    }

    static EventReportIb read(TlvElement element) throws ImException {
        Fields f = Fields.ofStructure(element, "EventReportIB");
        boolean hasStatus = f.has(0);
        boolean hasData = f.has(1);
        if (hasStatus == hasData) {
            throw ImException.invalid("EventReportIB must hold exactly one of EventStatus and EventData");
        }
        return hasStatus ? EventStatusIb.read(f.required(0)) : EventDataIb.read(f.required(1));
    }
}
