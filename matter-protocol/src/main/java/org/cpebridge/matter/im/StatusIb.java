package org.cpebridge.matter.im;

import java.util.Objects;
import java.util.OptionalInt;
import org.cpebridge.matter.tlv.TlvElement;
import org.cpebridge.matter.tlv.TlvTag;
import org.cpebridge.matter.tlv.TlvWriter;

/**
 * StatusIB (Core spec "StatusIB").
 *
 * @param status tag 0, u8
 * @param clusterStatus tag 1, u8, cluster-specific
 */
public record StatusIb(ImStatus status, OptionalInt clusterStatus) {

    public static final StatusIb SUCCESS = new StatusIb(ImStatus.SUCCESS, OptionalInt.empty());

    public StatusIb {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(clusterStatus, "clusterStatus");
        Ranges.check("clusterStatus", clusterStatus, Fields.U8);
    }

    /** A status without cluster status. */
    public static StatusIb of(ImStatus status) {
        return new StatusIb(status, OptionalInt.empty());
    }

    void write(TlvWriter writer, TlvTag tag) {
        writer.startStructure(tag);
        writer.putUnsigned(TlvTag.context(0), status.code());
        clusterStatus.ifPresent(v -> writer.putUnsigned(TlvTag.context(1), v));
        writer.endContainer();
    }

    static StatusIb read(TlvElement element) throws ImException {
        Fields f = Fields.ofStructure(element, "StatusIB");
        return new StatusIb(ImStatus.of((int) f.requiredUnsigned(0, Fields.U8)), f.optionalSmall(1, Fields.U8));
    }
}
