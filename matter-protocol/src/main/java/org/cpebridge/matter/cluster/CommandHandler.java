package org.cpebridge.matter.cluster;

import org.cpebridge.matter.im.ImException;
import org.cpebridge.matter.tlv.TlvElement;

/**
 * The behaviour of a cluster's commands. Called by {@link InvokeDispatcher} after the generic checks passed; throws
 * {@link ImException} (for example INVALID_COMMAND for bad fields) or returns a {@link CommandResult}.
 */
@FunctionalInterface
public interface CommandHandler {

    /**
     * Handles one command.
     *
     * @param fields the command's fields (an empty structure when the request carried none)
     */
    CommandResult invoke(AccessSubject subject, ClusterInstance cluster, CommandSpec command, TlvElement fields)
            throws ImException;
}
