package org.cpebridge.matter.im;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import org.cpebridge.matter.tlv.TlvElement;
import org.cpebridge.matter.tlv.TlvTag;
import org.cpebridge.matter.tlv.TlvWriter;

/**
 * CommandDataIB (Core spec "CommandDataIB"). The fields are the raw TLV element (a structure), held without a tag.
 *
 * @param path tag 0
 * @param fields tag 1, the command's fields
 * @param commandRef tag 2, u16, pairs requests and responses in a batch invoke
 */
public record CommandDataIb(CommandPathIb path, Optional<TlvElement> fields, OptionalInt commandRef)
        implements InvokeResponseIb {

    public CommandDataIb {
        Objects.requireNonNull(path, "path");
        fields = Objects.requireNonNull(fields, "fields").map(ImTlv::anonymous);
        Objects.requireNonNull(commandRef, "commandRef");
        Ranges.check("commandRef", commandRef, Fields.U16);
    }

    /** A command with fields and no reference. */
    public static CommandDataIb of(CommandPathIb path, TlvElement fields) {
        return new CommandDataIb(path, Optional.of(fields), OptionalInt.empty());
    }

    void write(TlvWriter writer, TlvTag tag) {
        writer.startStructure(tag);
        path.write(writer, TlvTag.context(0));
        fields.ifPresent(f -> writer.put(ImTlv.withTag(f, TlvTag.context(1))));
        commandRef.ifPresent(v -> writer.putUnsigned(TlvTag.context(2), v));
        writer.endContainer();
    }

    static CommandDataIb read(TlvElement element) throws ImException {
        Fields f = Fields.ofStructure(element, "CommandDataIB");
        return new CommandDataIb(CommandPathIb.read(f.required(0)), f.optional(1), f.optionalSmall(2, Fields.U16));
    }
}
