package org.cpebridge.matter.node;

import java.util.Objects;
import org.cpebridge.matter.cluster.AccessSubject;
import org.cpebridge.matter.cluster.ImResponder;
import org.cpebridge.matter.cluster.InteractionServer;
import org.cpebridge.matter.commissioning.CurrentSession;
import org.cpebridge.matter.message.Message;
import org.cpebridge.matter.message.ProtocolId;
import org.cpebridge.matter.util.Bytes;

/**
 * Hands the node's IM traffic to the {@link InteractionServer}: each message with the session's access subject
 * (PASE: the implicit commissioning administrator; CASE: fabric index and peer node id), and the server's answers
 * back on the same exchange. Runs on the node loop. Subscription reports that the node must initiate on its own
 * exchanges are not wired yet (see docs/matter-im.md).
 */
public final class InteractionGlue implements MatterNode.SecureMessageHandler {

    private final InteractionServer<Object> server;
    private final CurrentSession currentSession;

    public InteractionGlue(InteractionServer<Object> server, CurrentSession currentSession) {
        this.server = Objects.requireNonNull(server, "server");
        this.currentSession = Objects.requireNonNull(currentSession, "currentSession");
    }

    @Override
    public boolean onMessage(MatterNode.SessionInfo session, Object exchange, Message message,
                             MatterNode.Reply reply) {
        AccessSubject subject = session.pase() ? AccessSubject.ofPase()
                : AccessSubject.ofCase(session.fabricIndex(), session.peerNodeId());
        InteractionServer.Outcome outcome;
        currentSession.set(session);
        try {
            outcome = server.onMessage(exchange, subject, message.protocolHeader().opcode(),
                    message.payload().toByteArray());
        } finally {
            currentSession.clear();
        }
        for (ImResponder.Outgoing outgoing : outcome.messages()) {
            reply.send(ProtocolId.INTERACTION_MODEL, outgoing.opcode().code(), Bytes.of(outgoing.payload()), true);
        }
        if (outcome.done()) {
            reply.close();
        }
        return true;
    }
}
