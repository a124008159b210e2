package org.cpebridge.matter.im;

import org.cpebridge.matter.tlv.TlvElement;
import org.cpebridge.matter.tlv.TlvTag;
import org.cpebridge.matter.tlv.TlvWriter;

/**
 * InvokeResponseIB (Core spec "InvokeResponseIB"): either a response command (Command, tag 0) or a status
 * (Status, tag 1), modelled as the one it holds.
 */
public sealed interface InvokeResponseIb permits CommandDataIb, CommandStatusIb {

    /** The command path. */
    CommandPathIb path();

    /** Writes the InvokeResponseIB wrapper. */
    default void writeResponse(TlvWriter writer, TlvTag tag) {
        writer.startStructure(tag);
        if (this instanceof CommandDataIb c) {
            c.write(writer, TlvTag.context(0));
        } else {
            ((CommandStatusIb) this).write(writer, TlvTag.context(1));
        }
        writer.endContainer();
    }

    static InvokeResponseIb read(TlvElement element) throws ImException {
        Fields f = Fields.ofStructure(element, "InvokeResponseIB");
        boolean hasCommand = f.has(0);
        boolean hasStatus = f.has(1);
        if (hasCommand == hasStatus) {
            throw ImException.invalid("InvokeResponseIB must hold exactly one of Command and Status");
        }
        return hasCommand ? CommandDataIb.read(f.required(0)) : CommandStatusIb.read(f.required(1));
    }
}
