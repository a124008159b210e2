package org.cpebridge.matter.cluster;

import java.util.Objects;
import org.cpebridge.matter.im.ImStatus;
import org.cpebridge.matter.im.ImTlv;
import org.cpebridge.matter.im.StatusIb;
import org.cpebridge.matter.tlv.TlvElement;

/** What a command handler answers: a status, or the fields of the command's response command. */
public sealed interface CommandResult {

    /** A status answer. */
    record Status(StatusIb status) implements CommandResult {
        public Status {
            Objects.requireNonNull(status, "status");
        }
    }

    /** A response command with these fields (a structure). */
    record Response(TlvElement fields) implements CommandResult {
        public Response {
            fields = ImTlv.anonymous(Objects.requireNonNull(fields, "fields"));
        }
    }

    /** SUCCESS. */
    static CommandResult success() {
        return new Status(StatusIb.SUCCESS);
    }

    /** A status without cluster status. */
    static CommandResult status(ImStatus status) {
        return new Status(StatusIb.of(status));
    }
}
