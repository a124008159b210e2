package org.cpebridge.matter.im;

import java.util.Objects;
import java.util.OptionalLong;
import org.cpebridge.matter.tlv.TlvElement;
import org.cpebridge.matter.tlv.TlvTag;
import org.cpebridge.matter.tlv.TlvWriter;

/**
 * AttributeDataIB (Core spec "AttributeDataIB"). The value is the raw TLV element, held without a tag, so the cluster
 * layer decodes and encodes it.
 *
 * @param dataVersion tag 0, u32
 * @param path tag 1
 * @param data tag 2, any TLV element
 */
public record AttributeDataIb(OptionalLong dataVersion, AttributePathIb path, TlvElement data)
        implements AttributeReportIb {

    public AttributeDataIb {
        Objects.requireNonNull(dataVersion, "dataVersion");
        Objects.requireNonNull(path, "path");
        Ranges.check("dataVersion", dataVersion, Fields.U32);
        data = ImTlv.anonymous(Objects.requireNonNull(data, "data"));
    }

    /** Data of one attribute at a data version. */
    public static AttributeDataIb of(long dataVersion, AttributePathIb path, TlvElement data) {
        return new AttributeDataIb(OptionalLong.of(dataVersion), path, data);
    }

    void write(TlvWriter writer, TlvTag tag) {
        writer.startStructure(tag);
        dataVersion.ifPresent(v -> writer.putUnsigned(TlvTag.context(0), v));
        path.write(writer, TlvTag.context(1));
        writer.put(ImTlv.withTag(data, TlvTag.context(2)));
        writer.endContainer();
    }

    static AttributeDataIb read(TlvElement element) throws ImException {
        Fields f = Fields.ofStructure(element, "AttributeDataIB");
        return new AttributeDataIb(f.optionalUnsigned(0, Fields.U32), AttributePathIb.read(f.required(1)),
                f.required(2));
    }
}
