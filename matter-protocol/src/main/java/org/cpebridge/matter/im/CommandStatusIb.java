package org.cpebridge.matter.im;

import java.util.Objects;
import java.util.OptionalInt;
import org.cpebridge.matter.tlv.TlvElement;
import org.cpebridge.matter.tlv.TlvTag;
import org.cpebridge.matter.tlv.TlvWriter;

/**
 * CommandStatusIB (Core spec "CommandStatusIB").
 *
 * @param path tag 0
 * @param status tag 1
 * @param commandRef tag 2, u16
 */
public record CommandStatusIb(CommandPathIb path, StatusIb status, OptionalInt commandRef)
        implements InvokeResponseIb {

    public CommandStatusIb {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(commandRef, "commandRef");
        Ranges.check("commandRef", commandRef, Fields.U16);
    }

    /** A status without cluster status or reference. */
    public static CommandStatusIb of(CommandPathIb path, ImStatus status) {
        return new CommandStatusIb(path, StatusIb.of(status), OptionalInt.empty());
    }

    void write(TlvWriter writer, TlvTag tag) {
        writer.startStructure(tag);
        path.write(writer, TlvTag.context(0));
        status.write(writer, TlvTag.context(1));
        commandRef.ifPresent(v -> writer.putUnsigned(TlvTag.context(2), v));
        writer.endContainer();
    }

    static CommandStatusIb read(TlvElement element) throws ImException {
        Fields f = Fields.ofStructure(element, "CommandStatusIB");
        return new CommandStatusIb(CommandPathIb.read(f.required(0)), StatusIb.read(f.required(1)),
                f.optionalSmall(2, Fields.U16));
    }
}
