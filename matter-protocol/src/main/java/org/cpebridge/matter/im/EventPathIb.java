package org.cpebridge.matter.im;

import java.util.Objects;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.cpebridge.matter.tlv.TlvElement;
import org.cpebridge.matter.tlv.TlvTag;
import org.cpebridge.matter.tlv.TlvWriter;

/**
 * EventPathIB (Core spec "EventPathIB", a TLV list); absent endpoint, cluster or event is a wildcard.
 *
 * @param node tag 0, u64
 * @param endpoint tag 1, u16
 * @param cluster tag 2, u32
 * @param event tag 3, u32
 * @param urgent tag 4
 */
public record EventPathIb(OptionalLong node, OptionalInt endpoint, OptionalLong cluster, OptionalLong event,
        boolean urgent) {

    public EventPathIb {
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(cluster, "cluster");
        Objects.requireNonNull(event, "event");
        Ranges.check("endpoint", endpoint, Fields.U16);
        Ranges.check("cluster", cluster, Fields.U32);
        Ranges.check("event", event, Fields.U32);
    }

    /** A concrete event path. */
    public static EventPathIb of(int endpoint, long cluster, long event) {
        return new EventPathIb(OptionalLong.empty(), OptionalInt.of(endpoint), OptionalLong.of(cluster),
                OptionalLong.of(event), false);
    }

    void write(TlvWriter writer, TlvTag tag) {
        writer.startList(tag);
        node.ifPresent(v -> writer.putUnsigned(TlvTag.context(0), v));
        endpoint.ifPresent(v -> writer.putUnsigned(TlvTag.context(1), v));
        cluster.ifPresent(v -> writer.putUnsigned(TlvTag.context(2), v));
        event.ifPresent(v -> writer.putUnsigned(TlvTag.context(3), v));
        if (urgent) {
            writer.putBoolean(TlvTag.context(4), true);
        }
        writer.endContainer();
    }

    static EventPathIb read(TlvElement element) throws ImException {
        Fields f = Fields.ofList(element, "EventPathIB");
        return new EventPathIb(f.optionalUnsigned(0, Fields.U64), f.optionalSmall(1, Fields.U16),
                f.optionalUnsigned(2, Fields.U32), f.optionalUnsigned(3, Fields.U32), f.optionalBoolean(4, false));
    }
}
