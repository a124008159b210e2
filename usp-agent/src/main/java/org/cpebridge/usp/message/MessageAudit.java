package org.cpebridge.usp.message;

import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.cpebridge.usp.proto.UspMsg;

/**
 * Sees each request a Controller sends and the answer it gets, around the handling, so that it can record what was
 * asked for and decided before the answer leaves (the transparency log). Called on the data-model thread.
 */
@FunctionalInterface
public interface MessageAudit {
    /** Records nothing. */
    MessageAudit NONE = (controllerId, request, handling) -> handling.get();

    /**
     * Runs {@code handling} and returns its answer, or a stage that completes with the same answer once the audit
     * has recorded it.
     */
    CompletionStage<Optional<Answer>> around(String controllerId, UspMsg.Msg request,
            Supplier<CompletionStage<Optional<Answer>>> handling);
}
