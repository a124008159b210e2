package org.cpebridge.matter.im;

import java.util.Objects;
import org.cpebridge.matter.tlv.TlvElement;
import org.cpebridge.matter.tlv.TlvTag;
import org.cpebridge.matter.tlv.TlvWriter;

/**
 * DataVersionFilterIB (Core spec "DataVersionFilterIB"): the client already holds {@code dataVersion} of a cluster.
 *
 * @param path tag 0
 * @param dataVersion tag 1, u32
 */
public record DataVersionFilterIb(ClusterPathIb path, long dataVersion) {

    public DataVersionFilterIb {
        Objects.requireNonNull(path, "path");
        Ranges.check("dataVersion", dataVersion, Fields.U32);
    }

    void write(TlvWriter writer, TlvTag tag) {
        writer.startStructure(tag);
        path.write(writer, TlvTag.context(0));
        writer.putUnsigned(TlvTag.context(1), dataVersion);
        writer.endContainer();
    }

    static DataVersionFilterIb read(TlvElement element) throws ImException {
        Fields f = Fields.ofStructure(element, "DataVersionFilterIB");
        return new DataVersionFilterIb(ClusterPathIb.read(f.required(0)), f.requiredUnsigned(1, Fields.U32));
    }
}
