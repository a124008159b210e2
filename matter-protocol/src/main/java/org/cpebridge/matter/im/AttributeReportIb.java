package org.cpebridge.matter.im;

import org.cpebridge.matter.tlv.TlvElement;
import org.cpebridge.matter.tlv.TlvTag;
import org.cpebridge.matter.tlv.TlvWriter;

/**
 * AttributeReportIB (Core spec "AttributeReportIB"): a structure holding either AttributeStatus (tag 0) or
 * AttributeData (tag 1), modelled as the one it holds.
 */
public sealed interface AttributeReportIb permits AttributeStatusIb, AttributeDataIb {

    /** The path this report is about. */
    AttributePathIb path();

    /** Writes the AttributeReportIB wrapper around this report. */
    default void writeReport(TlvWriter writer, TlvTag tag) {
        writer.startStructure(tag);
        if (this instanceof AttributeStatusIb s) {
            s.write(writer, TlvTag.context(0));
        } else {
            ((AttributeDataIb) this).write(writer, TlvTag.context(1));
        }
        writer.endContainer();
    }

    /** Encoded size of the AttributeReportIB, anonymous, as an array member. */
    default int encodedSize() {
        TlvWriter writer = new TlvWriter();
        writeReport(writer, TlvTag.anonymous());
        return writer.size();
    }

    static AttributeReportIb read(TlvElement element) throws ImException {
        Fields f = Fields.ofStructure(element, "AttributeReportIB");
        boolean hasStatus = f.has(0);
        boolean hasData = f.has(1);
        if (hasStatus == hasData) {
            throw ImException.invalid("AttributeReportIB must hold exactly one of AttributeStatus and AttributeData");
        }
        return hasStatus ? AttributeStatusIb.read(f.required(0)) : AttributeDataIb.read(f.required(1));
    }
}
