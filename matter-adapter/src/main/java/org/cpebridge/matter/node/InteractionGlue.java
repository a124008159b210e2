package org.cpebridge.matter.node;

import java.util.Objects;
import java.util.function.IntSupplier;
import org.cpebridge.matter.cluster.AccessSubject;
import org.cpebridge.matter.cluster.ImResponder;
import org.cpebridge.matter.cluster.InteractionServer;
import org.cpebridge.matter.commissioning.CurrentSession;
import org.cpebridge.matter.message.Message;
import org.cpebridge.matter.message.ProtocolId;
import org.cpebridge.matter.util.Bytes;

/**
 * Hands the node's IM traffic to the {@link InteractionServer}: each message with the session's access subject
 * (PASE: the implicit commissioning administrator, on the fabric its AddNOC created once there is one; CASE: fabric
 * index, peer node id and the peer's CASE Authenticated Tags), and the server's answers
 * back on the same exchange. Runs on the node loop. Subscription reports that the node must initiate on its own
 * exchanges are not wired yet (see docs/matter-im.md).
 */
public final class InteractionGlue implements MatterNode.SecureMessageHandler {

    private final InteractionServer<Object> server;
    private final CurrentSession currentSession;
    private final IntSupplier commissionedFabric;

    /**
     * @param commissionedFabric the fabric the commissioning under way added (AddNOC), 0 when none: the accessing
     *     fabric of the PASE session (there is one commissioning window, so at most one such session)
     */
    public InteractionGlue(InteractionServer<Object> server, CurrentSession currentSession,
                           IntSupplier commissionedFabric) {
        this.server = Objects.requireNonNull(server, "server");
        this.currentSession = Objects.requireNonNull(currentSession, "currentSession");
        this.commissionedFabric = Objects.requireNonNull(commissionedFabric, "commissionedFabric");
    }

    /** A glue for a node without commissioning: PASE sessions stay on no fabric. */
    public InteractionGlue(InteractionServer<Object> server, CurrentSession currentSession) {
        this(server, currentSession, () -> 0);
    }

    @Override
    public boolean onMessage(MatterNode.SessionInfo session, Object exchange, Message message,
                             MatterNode.Reply reply) {
        AccessSubject subject = session.pase() ? AccessSubject.ofPase(commissionedFabric.getAsInt())
                : AccessSubject.ofCase(session.fabricIndex(), session.peerNodeId(), session.peerCats());
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
