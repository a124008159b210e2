package org.cpebridge.matter.mrp;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import org.cpebridge.matter.message.MessageCounter;
import org.cpebridge.matter.message.MessageHeader;

/**
 * What the exchange layer needs of a session: the message header to send with (session id, node ids), the session's
 * outgoing counter, the peer's MRP parameters and when the peer was last heard. Identity matters: exchanges are
 * matched per session object. Keys and decryption stay with the caller.
 *
 * <p>Not thread-safe: owned by the session's serial executor.
 */
public final class SessionContext {

    private final String label;
    private final MessageHeader headerTemplate;
    private final MessageCounter counter;
    private final MrpParameters peerParameters;
    private final PeerActivity peerActivity = new PeerActivity();

    /**
     * @param label short name for logs (never a key)
     * @param headerTemplate the header of outgoing messages; its counter is replaced for each message
     * @param counter the outgoing counter of this session (or the global unencrypted counter)
     * @param peerParameters the peer's MRP parameters
     */
    public SessionContext(String label, MessageHeader headerTemplate, MessageCounter counter,
            MrpParameters peerParameters) {
        this.label = Objects.requireNonNull(label, "label");
        this.headerTemplate = Objects.requireNonNull(headerTemplate, "headerTemplate");
        this.counter = Objects.requireNonNull(counter, "counter");
        this.peerParameters = Objects.requireNonNull(peerParameters, "peerParameters");
    }

    /** A header with the next counter value, or empty if the session counter is exhausted. */
    public Optional<MessageHeader> nextHeader() {
        OptionalLong next = counter.next();
        return next.isPresent() ? Optional.of(headerTemplate.withMessageCounter(next.getAsLong()))
                : Optional.empty();
    }

    /** The peer's MRP parameters. */
    public MrpParameters peerParameters() {
        return peerParameters;
    }

    /** When the peer was last heard. */
    public PeerActivity peerActivity() {
        return peerActivity;
    }

    /** Session id of outgoing messages. */
    public int sessionId() {
        return headerTemplate.sessionId();
    }

    @Override
    public String toString() {
        return "Session[" + label + "]";
    }
}
