package org.cpebridge.matter.im;

import java.util.Objects;
import org.cpebridge.matter.tlv.TlvElement;
import org.cpebridge.matter.tlv.TlvTag;
import org.cpebridge.matter.tlv.TlvWriter;

/**
 * AttributeStatusIB (Core spec "AttributeStatusIB").
 *
 * @param path tag 0
 * @param status tag 1
 */
public record AttributeStatusIb(AttributePathIb path, StatusIb status) implements AttributeReportIb {

    public AttributeStatusIb {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(status, "status");
    }

    /** A status without cluster status. */
    public static AttributeStatusIb of(AttributePathIb path, ImStatus status) {
        return new AttributeStatusIb(path, StatusIb.of(status));
    }

    void write(TlvWriter writer, TlvTag tag) {
        writer.startStructure(tag);
        path.write(writer, TlvTag.context(0));
        status.write(writer, TlvTag.context(1));
        writer.endContainer();
    }

    static AttributeStatusIb read(TlvElement element) throws ImException {
        Fields f = Fields.ofStructure(element, "AttributeStatusIB");
        return new AttributeStatusIb(AttributePathIb.read(f.required(0)), StatusIb.read(f.required(1)));
    }
}
