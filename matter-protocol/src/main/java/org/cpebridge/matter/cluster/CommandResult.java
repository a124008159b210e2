package org.cpebridge.matter.cluster;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import org.cpebridge.matter.im.ImStatus;
import org.cpebridge.matter.im.ImTlv;
import org.cpebridge.matter.im.StatusIb;
import org.cpebridge.matter.tlv.TlvElement;

/**
 * What a command handler answers: a status, the fields of the command's response command, or an answer that comes
 * later (a bridged device's command, which the adapter answers when the device has).
 */
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

    /**
     * The answer comes when {@code answer} completes (on any thread); the InvokeResponse waits for it. The handler
     * bounds the wait itself: the engine does not time it out. An exceptional completion is answered FAILURE.
     */
    record Later(CompletableFuture<CommandResult> answer) implements CommandResult {
        public Later {
            Objects.requireNonNull(answer, "answer");
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
