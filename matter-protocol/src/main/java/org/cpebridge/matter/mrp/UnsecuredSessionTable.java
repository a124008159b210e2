package org.cpebridge.matter.mrp;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import org.cpebridge.matter.message.Destination;
import org.cpebridge.matter.message.Message;
import org.cpebridge.matter.message.MessageCounter;
import org.cpebridge.matter.message.MessageHeader;
import org.cpebridge.matter.message.MessageReceptionState;
import org.cpebridge.matter.message.SessionType;

/**
 * The unsecured sessions of a node (Core spec "Unsecured Session Context" of Secure Channel): one per peer address and
 * ephemeral initiator node id, each with the duplicate detection of unencrypted messages. Replies go out with the
 * node's global unencrypted counter and the initiator's node id as destination. The table is bounded, oldest first
 * out, so spoofed traffic cannot grow it.
 *
 * <p>Not thread-safe: owned by the node's serial executor.
 */
public final class UnsecuredSessionTable {

    /**
     * One unsecured session.
     *
     * @param context what the exchange layer needs to send on it
     * @param reception duplicate detection for the peer's unencrypted counter
     */
    public record UnsecuredSession(SessionContext context, MessageReceptionState reception) {
        public UnsecuredSession {
            Objects.requireNonNull(context, "context");
            Objects.requireNonNull(reception, "reception");
        }
    }

    private record Key(Object peerAddress, OptionalLong initiatorNodeId) {
    }

    private final MessageCounter globalCounter;
    private final MrpParameters peerParameters;
    private final Map<Key, UnsecuredSession> sessions;

    /**
     * @param globalCounter the node's global unencrypted message counter
     * @param peerParameters MRP parameters assumed for peers before they advertise their own
     * @param capacity how many unsecured sessions to keep
     */
    public UnsecuredSessionTable(MessageCounter globalCounter, MrpParameters peerParameters, int capacity) {
        this.globalCounter = Objects.requireNonNull(globalCounter, "globalCounter");
        if (globalCounter.kind() != MessageCounter.Kind.GLOBAL_UNENCRYPTED) {
            throw new IllegalArgumentException("unsecured sessions use the global unencrypted counter");
        }
        this.peerParameters = Objects.requireNonNull(peerParameters, "peerParameters");
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1: " + capacity);
        }
        this.sessions = new LinkedHashMap<>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<Key, UnsecuredSession> eldest) {
                return size() > capacity;
            }
        };
    }

    /**
     * The session an unsecured message belongs to, created on first sight.
     *
     * @param peerAddress the transport address it came from (any value with equals, e.g. a socket address)
     * @param message a decoded unsecured message
     */
    public UnsecuredSession sessionFor(Object peerAddress, Message message) {
        Objects.requireNonNull(peerAddress, "peerAddress");
        if (!message.header().isUnsecured()) {
            throw new IllegalArgumentException("not an unsecured message");
        }
        OptionalLong initiator = message.header().sourceNodeId();
        return sessions.computeIfAbsent(new Key(peerAddress, initiator), key -> create(key, initiator));
    }

    /** Number of sessions kept. */
    public int size() {
        return sessions.size();
    }

    private UnsecuredSession create(Key key, OptionalLong initiator) {
        Destination destination = initiator.isPresent() ? new Destination.Node(initiator.getAsLong())
                : Destination.none();
        MessageHeader template = new MessageHeader(0, SessionType.UNICAST, false, false, 0, OptionalLong.empty(),
                destination, Optional.empty());
        String label = "unsecured " + key.peerAddress()
                + (initiator.isPresent() ? " " + Long.toHexString(initiator.getAsLong()) : "");
        return new UnsecuredSession(new SessionContext(label, template, globalCounter, peerParameters),
                MessageReceptionState.fresh(MessageReceptionState.Policy.UNENCRYPTED));
    }
}
