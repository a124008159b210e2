package org.cpebridge.matter.commissioning;

import org.cpebridge.matter.node.MatterNode;

/**
 * The secure session whose IM message is being handled, for command handlers that need more than the access
 * subject (the attestation challenge). The IM glue sets it around each message; everything runs on the node loop,
 * so one holder serves.
 */
public final class CurrentSession {

    private MatterNode.SessionInfo session;

    public void set(MatterNode.SessionInfo current) {
        session = current;
    }

    public void clear() {
        session = null;
    }

    /** The session of the message being handled; throws outside of one. */
    public MatterNode.SessionInfo get() {
        if (session == null) {
            throw new IllegalStateException("no IM message is being handled");
        }
        return session;
    }
}
