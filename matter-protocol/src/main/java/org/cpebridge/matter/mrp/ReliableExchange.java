package org.cpebridge.matter.mrp;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.random.RandomGenerator;
import org.cpebridge.matter.message.Message;
import org.cpebridge.matter.message.MessageHeader;
import org.cpebridge.matter.message.ProtocolHeader;
import org.cpebridge.matter.message.ProtocolId;
import org.cpebridge.matter.message.SecureChannelOpcode;
import org.cpebridge.bytes.Bytes;

/**
 * The Message Reliability Protocol state of one exchange (Core spec 4.12), without I/O: {@link #on} takes an event
 * and returns what to send, deliver and time. Two independent halves:
 * <ul>
 * <li>sending: at most one reliable message awaits its acknowledgement; it is retransmitted with the same counter
 *     after the backoff of {@link MrpBackoff#delay}, and given up after {@link MrpBackoff#MAX_TRANSMISSIONS};</li>
 * <li>receiving: a reliable message leaves a pending acknowledgement that rides on the next message sent on the
 *     exchange, or goes out alone (Secure Channel opcode 0x10) after {@link MrpBackoff#STANDALONE_ACK_TIMEOUT}; a
 *     duplicate is not delivered but acknowledged at once.</li>
 * </ul>
 * Time comes from the injected clock and jitter from the injected random generator, so tests are exact.
 *
 * <p>Not thread-safe: owned by the session's serial executor.
 */
public final class ReliableExchange {

    /**
     * A snapshot of the exchange's reliability state.
     *
     * @param awaitingAck counter of the reliable message waiting for its acknowledgement
     * @param transmissions how many times that message has been sent
     * @param pendingAck counter of a received message not yet acknowledged
     * @param closed whether the application closed the exchange
     */
    public record State(OptionalLong awaitingAck, int transmissions, OptionalLong pendingAck, boolean closed) {
    }

    private final SessionContext session;
    private final int exchangeId;
    private final boolean localInitiator;
    private final Clock clock;
    private final RandomGenerator random;

    private Message outstanding;
    private int transmissions;
    private MrpTimer retransmitTimer;
    private OptionalLong pendingAck = OptionalLong.empty();
    private MrpTimer ackTimer;
    private long generation;
    private boolean closed;

    /**
     * @param session the session the exchange runs on
     * @param exchangeId the exchange id
     * @param localInitiator whether this node initiated the exchange (sets the I flag of what it sends)
     * @param clock time source for deadlines and peer activity
     * @param random jitter source
     */
    public ReliableExchange(SessionContext session, int exchangeId, boolean localInitiator, Clock clock,
            RandomGenerator random) {
        this.session = Objects.requireNonNull(session, "session");
        if (exchangeId < 0 || exchangeId > 0xFFFF) {
            throw new IllegalArgumentException("exchange id out of range: " + exchangeId);
        }
        this.exchangeId = exchangeId;
        this.localInitiator = localInitiator;
        this.clock = Objects.requireNonNull(clock, "clock");
        this.random = Objects.requireNonNull(random, "random");
    }

    /** Processes one event and returns the actions to carry out, in order. */
    public List<MrpAction> on(MrpEvent event) {
        List<MrpAction> actions = new ArrayList<>();
        if (event instanceof MrpEvent.Send send) {
            onSend(send, actions);
        } else if (event instanceof MrpEvent.Received received) {
            onReceived(received, actions);
        } else if (event instanceof MrpEvent.TimerFired fired) {
            onTimer(fired.timer(), actions);
        } else if (event instanceof MrpEvent.Close) {
            closed = true;
            flushPendingAck(actions);
        }
        return List.copyOf(actions);
    }

    /** The current state. */
    public State state() {
        return new State(outstanding == null ? OptionalLong.empty()
                : OptionalLong.of(outstanding.header().messageCounter()), transmissions, pendingAck, closed);
    }

    /** True once closed with nothing left to acknowledge or to wait for: the exchange can be forgotten. */
    public boolean isDone() {
        return closed && outstanding == null && pendingAck.isEmpty();
    }

    /** The exchange id. */
    public int exchangeId() {
        return exchangeId;
    }

    /** Whether this node initiated the exchange. */
    public boolean isLocalInitiator() {
        return localInitiator;
    }

    /** The session the exchange runs on. */
    public SessionContext session() {
        return session;
    }

    private void onSend(MrpEvent.Send send, List<MrpAction> actions) {
        if (closed) {
            actions.add(new MrpAction.SendRejected("exchange " + exchangeId + " is closed"));
            return;
        }
        if (send.reliable() && outstanding != null) {
            actions.add(new MrpAction.SendRejected("previous message " + outstanding.header().messageCounter()
                    + " on exchange " + exchangeId + " has not been acknowledged"));
            return;
        }
        Optional<MessageHeader> header = session.nextHeader();
        if (header.isEmpty()) {
            actions.add(new MrpAction.SessionExhausted());
            return;
        }
        OptionalLong ack = pendingAck;
        if (ack.isPresent()) {
            pendingAck = OptionalLong.empty();
            actions.add(new MrpAction.CancelTimer(ackTimer));
            ackTimer = null;
        }
        ProtocolHeader protocolHeader = new ProtocolHeader(localInitiator, ack, send.reliable(), send.opcode(),
                exchangeId, OptionalInt.empty(), send.protocolId(), Optional.empty());
        Message message = new Message(header.get(), protocolHeader, send.payload());
        actions.add(new MrpAction.Transmit(message));
        if (send.reliable()) {
            outstanding = message;
            transmissions = 1;
            startRetransmitTimer(actions);
        }
    }

    private void onReceived(MrpEvent.Received received, List<MrpAction> actions) {
        Message message = received.message();
        ProtocolHeader header = message.protocolHeader();
        session.peerActivity().heardAt(clock.instant());
        if (header.ackedCounter().isPresent() && outstanding != null
                && header.ackedCounter().getAsLong() == outstanding.header().messageCounter()) {
            long acked = outstanding.header().messageCounter();
            outstanding = null;
            transmissions = 0;
            actions.add(new MrpAction.CancelTimer(retransmitTimer));
            retransmitTimer = null;
            actions.add(new MrpAction.Acknowledged(acked));
        }
        if (header.reliable()) {
            long counter = message.header().messageCounter();
            if (received.duplicate()) {
                if (pendingAck.isPresent() && pendingAck.getAsLong() == counter) {
                    pendingAck = OptionalLong.empty();
                    actions.add(new MrpAction.CancelTimer(ackTimer));
                    ackTimer = null;
                }
                sendStandaloneAck(counter, actions);
            } else {
                flushPendingAck(actions);
                pendingAck = OptionalLong.of(counter);
                ackTimer = new MrpTimer(MrpTimer.Kind.STANDALONE_ACK, ++generation);
                actions.add(new MrpAction.StartTimer(ackTimer,
                        clock.instant().plus(MrpBackoff.STANDALONE_ACK_TIMEOUT)));
            }
        }
        // A closed exchange only finishes its acknowledgements: the application has let go of it.
        if (!received.duplicate() && !isStandaloneAck(header) && !closed) {
            actions.add(new MrpAction.Deliver(message));
        }
    }

    private void onTimer(MrpTimer timer, List<MrpAction> actions) {
        if (timer.equals(retransmitTimer)) {
            if (transmissions >= MrpBackoff.MAX_TRANSMISSIONS) {
                long counter = outstanding.header().messageCounter();
                outstanding = null;
                transmissions = 0;
                retransmitTimer = null;
                actions.add(new MrpAction.GiveUp(counter));
            } else {
                actions.add(new MrpAction.Transmit(outstanding));
                transmissions++;
                startRetransmitTimer(actions);
            }
        } else if (timer.equals(ackTimer)) {
            ackTimer = null;
            flushPendingAck(actions);
        }
        // Anything else is a timer that was cancelled or replaced: ignore it.
    }

    private void startRetransmitTimer(List<MrpAction> actions) {
        Instant now = clock.instant();
        Duration base = session.peerActivity().baseInterval(now, session.peerParameters());
        Duration delay = MrpBackoff.delay(base, transmissions - 1, random.nextDouble());
        retransmitTimer = new MrpTimer(MrpTimer.Kind.RETRANSMIT, ++generation);
        actions.add(new MrpAction.StartTimer(retransmitTimer, now.plus(delay)));
    }

    private void flushPendingAck(List<MrpAction> actions) {
        if (pendingAck.isEmpty()) {
            return;
        }
        long counter = pendingAck.getAsLong();
        pendingAck = OptionalLong.empty();
        if (ackTimer != null) {
            actions.add(new MrpAction.CancelTimer(ackTimer));
            ackTimer = null;
        }
        sendStandaloneAck(counter, actions);
    }

    private void sendStandaloneAck(long counter, List<MrpAction> actions) {
        Optional<MessageHeader> header = session.nextHeader();
        if (header.isEmpty()) {
            actions.add(new MrpAction.SessionExhausted());
            return;
        }
        ProtocolHeader protocolHeader = new ProtocolHeader(localInitiator, OptionalLong.of(counter), false,
                SecureChannelOpcode.STANDALONE_ACK.code(), exchangeId, OptionalInt.empty(), ProtocolId.SECURE_CHANNEL,
                Optional.empty());
        actions.add(new MrpAction.Transmit(new Message(header.get(), protocolHeader, Bytes.EMPTY)));
    }

    /** True for a Secure Channel standalone acknowledgement (opcode 0x10). */
    static boolean isStandaloneAck(ProtocolHeader header) {
        return header.effectiveVendorId() == 0 && header.protocolId() == ProtocolId.SECURE_CHANNEL
                && header.opcode() == SecureChannelOpcode.STANDALONE_ACK.code();
    }
}
