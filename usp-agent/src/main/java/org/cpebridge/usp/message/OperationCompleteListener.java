package org.cpebridge.usp.message;

import org.cpebridge.usp.proto.UspMsg;

/**
 * Receives the result of every asynchronous command. The notification layer turns it into a Notify for Controllers
 * subscribed to OperationComplete (and allowed to see it). Called on the thread that completed the command; hand off
 * to the Controller's executor.
 */
@FunctionalInterface
public interface OperationCompleteListener {
    /** Ignores results (until notifications are wired). */
    OperationCompleteListener NONE = (controllerId, requestPath, result) -> { };

    void completed(String controllerId, String requestPath, UspMsg.Notify.OperationComplete result);
}
