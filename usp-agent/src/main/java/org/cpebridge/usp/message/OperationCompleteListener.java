package org.cpebridge.usp.message;

import org.cpebridge.usp.proto.UspMsg;

/**
 * Receives the result of every asynchronous command (also a failure, and 7023 after {@code Request.{i}.Cancel()}).
 * The notification layer turns it into a Notify for Controllers subscribed to OperationComplete (and allowed to see
 * it). Called on the thread that completed the command; hand off to the agent's executor.
 */
@FunctionalInterface
public interface OperationCompleteListener {
    /** Ignores results (message-layer tests). */
    OperationCompleteListener NONE = (controllerId, requestPath, result) -> { };

    void completed(String controllerId, String requestPath, UspMsg.Notify.OperationComplete result);
}
