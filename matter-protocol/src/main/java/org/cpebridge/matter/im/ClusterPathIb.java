package org.cpebridge.matter.im;

import java.util.Objects;
import java.util.OptionalLong;
import org.cpebridge.matter.tlv.TlvElement;
import org.cpebridge.matter.tlv.TlvTag;
import org.cpebridge.matter.tlv.TlvWriter;

/**
 * ClusterPathIB (Core spec "ClusterPathIB", a TLV list), used by DataVersionFilterIB.
 *
 * @param node tag 0, u64
 * @param endpoint tag 1, u16
 * @param cluster tag 2, u32
 */
public record ClusterPathIb(OptionalLong node, int endpoint, long cluster) {

    public ClusterPathIb {
        Objects.requireNonNull(node, "node");
        Ranges.check("endpoint", endpoint, Fields.U16);
        Ranges.check("cluster", cluster, Fields.U32);
    }

    /** A path to a cluster instance on this node. */
    public static ClusterPathIb of(int endpoint, long cluster) {
        return new ClusterPathIb(OptionalLong.empty(), endpoint, cluster);
    }

    void write(TlvWriter writer, TlvTag tag) {
        writer.startList(tag);
        node.ifPresent(v -> writer.putUnsigned(TlvTag.context(0), v));
        writer.putUnsigned(TlvTag.context(1), endpoint);
        writer.putUnsigned(TlvTag.context(2), cluster);
        writer.endContainer();
    }

    static ClusterPathIb read(TlvElement element) throws ImException {
        Fields f = Fields.ofList(element, "ClusterPathIB");
        return new ClusterPathIb(f.optionalUnsigned(0, Fields.U64), (int) f.requiredUnsigned(1, Fields.U16),
                f.requiredUnsigned(2, Fields.U32));
    }
}
