package org.cpebridge.matter.im;

import java.util.Objects;
import java.util.OptionalInt;
import org.cpebridge.matter.tlv.TlvElement;
import org.cpebridge.matter.tlv.TlvTag;
import org.cpebridge.matter.tlv.TlvWriter;

/**
 * CommandPathIB (Core spec "CommandPathIB", a TLV list). Only the endpoint may be absent (group invokes).
 *
 * @param endpoint tag 0, u16
 * @param cluster tag 1, u32
 * @param command tag 2, u32
 */
public record CommandPathIb(OptionalInt endpoint, long cluster, long command) {

    public CommandPathIb {
        Objects.requireNonNull(endpoint, "endpoint");
        Ranges.check("endpoint", endpoint, Fields.U16);
        Ranges.check("cluster", cluster, Fields.U32);
        Ranges.check("command", command, Fields.U32);
    }

    /** A concrete command path. */
    public static CommandPathIb of(int endpoint, long cluster, long command) {
        return new CommandPathIb(OptionalInt.of(endpoint), cluster, command);
    }

    void write(TlvWriter writer, TlvTag tag) {
        writer.startList(tag);
        endpoint.ifPresent(v -> writer.putUnsigned(TlvTag.context(0), v));
        writer.putUnsigned(TlvTag.context(1), cluster);
        writer.putUnsigned(TlvTag.context(2), command);
        writer.endContainer();
    }

    static CommandPathIb read(TlvElement element) throws ImException {
        Fields f = Fields.ofList(element, "CommandPathIB");
        return new CommandPathIb(f.optionalSmall(0, Fields.U16), f.requiredUnsigned(1, Fields.U32),
                f.requiredUnsigned(2, Fields.U32));
    }
}
