package org.cpebridge.usp.mtp.websocket;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.cpebridge.bytes.Bytes;
import org.cpebridge.usp.record.EndpointIds;
import org.cpebridge.usp.record.RecordCodec;
import org.cpebridge.usp.record.RecordDecodeException;
import org.cpebridge.usp.record.RecordEnvelope;
import org.cpebridge.usp.record.RecordFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One accepted USP WebSocket session on the agent-as-server side, as an explicit state machine (TR-369 "WebSocket
 * Binding"). Sans-I/O: {@link #on} takes what the connection reported and returns the next state plus the
 * {@link Action actions} for the connection, the session table and the agent. Owned by the connection's event loop.
 *
 * <pre>
 * NEW --Opened(eid)--> OPEN                     [Identified, WebSocketConnect Record (R-MTP.6)]
 * NEW --Opened(no eid)--> AWAITING_ENDPOINT_ID  (R-WS.11c: learn it from the first Record's from_id)
 * NEW --Opened(certified ids, eid in them)--> OPEN   [Identified, WebSocketConnect Record]
 * NEW --Opened(certified ids, no eid, one id)--> OPEN [Identified, WebSocketConnect Record]
 * NEW --Opened(certified ids, no eid, several)--> AWAITING_ENDPOINT_ID (the first Record's from_id must be one)
 * NEW --Opened(certified ids, eid not in them, or no id at all)--> CLOSED [Close 1008, Ended] (R-SEC.0a)
 * AWAITING, OPEN (certified) --Binary(Record from an id the certificate does not name)--> same [Rejected]
 * AWAITING_ENDPOINT_ID --Binary(Record to us)--> OPEN [Identified, WebSocketConnect Record, Deliver]
 * OPEN --Binary(Record from the session's Controller)--> OPEN [Deliver]
 * AWAITING, OPEN --Binary(not a Record)/Text--> CLOSED [Close 1003 (R-WS.16, TP-469 7.6), Ended]
 * AWAITING, OPEN --TooBig--> CLOSED [Close 1009 (RFC 6455 7.4.1), Ended]
 * AWAITING, OPEN --CloseReceived(code)--> CLOSED [Close echoing code (RFC 6455 5.5.1), Ended]
 * AWAITING, OPEN --Ping--> same [Pong];  --PingDue--> same [Ping] (R-WS.17), or CLOSED [Abort] when the peer has
 *                   sent nothing through two whole keep-alive intervals after a Ping
 * OPEN --Replaced--> CLOSED [Close 1000, Ended] (R-WS.4: the newer session of the same Controller wins)
 * any --Stop--> CLOSED [Close 1001];  any --ChannelClosed--> CLOSED [Ended]
 * </pre>
 *
 * A Record that decodes but is not for this agent, or whose {@code from_id} is not the session's Controller, is
 * dropped and the session stays open (R-MTP.5). With a verified client certificate (TLS), the Controller is one of
 * the Endpoint IDs the certificate vouches for ({@link ControllerCertificates}), whatever the handshake claims, and a
 * Record whose {@code from_id} the certificate does not vouch for is never processed ({@link Rejected}, R-SEC.0a).
 */
public final class WebSocketSession {
    private static final Logger LOG = LoggerFactory.getLogger(WebSocketSession.class);

    /** RFC 6455 7.4.1 status codes the agent sends. */
    public static final int NORMAL_CLOSURE = 1000;
    public static final int GOING_AWAY = 1001;
    public static final int UNSUPPORTED_DATA = 1003;
    public static final int POLICY_VIOLATION = 1008;
    public static final int MESSAGE_TOO_BIG = 1009;
    private static final int NO_STATUS_RECEIVED = 1005;

    /** Session states. */
    public enum State {
        NEW, AWAITING_ENDPOINT_ID, OPEN, CLOSED
    }

    /** What the connection, a timer or the agent reports. */
    public sealed interface Event {
    }

    /**
     * The opening handshake completed; the request named the Controller or not. {@code certifiedIds} is present when
     * the Controller showed a verified TLS client certificate: the Endpoint IDs it vouches for (maybe none).
     */
    public record Opened(Optional<String> controllerId, Optional<Set<String>> certifiedIds) implements Event {
        public Opened {
            Objects.requireNonNull(controllerId, "controllerId");
            certifiedIds = certifiedIds.map(Set::copyOf);
        }

        /** Without a client certificate: the Controller is who the handshake or its first Record says. */
        public Opened(Optional<String> controllerId) {
            this(controllerId, Optional.empty());
        }
    }

    /** A complete binary message (fragments already joined, R-WS.14b). */
    public record BinaryMessage(Bytes data) implements Event {
        public BinaryMessage {
            Objects.requireNonNull(data, "data");
        }
    }

    /** A complete text message (no USP Record travels in text, R-WS.14). */
    public record TextMessage() implements Event {
    }

    /** A message longer than the agent takes. */
    public record TooBig() implements Event {
    }

    /** The peer's Close frame; {@code statusCode} is empty when it carried none. */
    public record CloseReceived(Optional<Integer> statusCode) implements Event {
        public CloseReceived {
            Objects.requireNonNull(statusCode, "statusCode");
        }
    }

    /** A Ping frame with its application data. */
    public record Ping(Bytes data) implements Event {
        public Ping {
            Objects.requireNonNull(data, "data");
        }
    }

    /** A Pong frame (solicited or not: either proves the peer alive, TP-469 7.7). */
    public record Pong() implements Event {
    }

    /** The keep-alive interval passed (R-WS.18). */
    public record PingDue() implements Event {
    }

    /** Another session now carries this Controller (R-WS.4). */
    public record Replaced() implements Event {
    }

    /** The agent sends a Record to the Controller of this session. */
    public record Send(Bytes record) implements Event {
        public Send {
            Objects.requireNonNull(record, "record");
        }
    }

    /** The agent shuts the MTP down. */
    public record Stop() implements Event {
    }

    /** The TCP connection is gone. */
    public record ChannelClosed() implements Event {
    }

    /** What the connection, the session table or the agent must do. */
    public sealed interface Action {
    }

    /** The session belongs to this Controller from now on: register it (and replace an older one). */
    public record Identified(String controllerId) implements Action {
    }

    /** Send a binary frame carrying one Record (never fragmented, R-WS.14a). */
    public record SendRecord(Bytes record) implements Action {
    }

    /** Hand a Record from the session's Controller to the agent. */
    public record Deliver(String controllerId, Bytes record) implements Action {
    }

    /** Send a Pong with this application data. */
    public record SendPong(Bytes data) implements Action {
    }

    /** Send a Ping. */
    public record SendPing() implements Action {
    }

    /** Send a Close frame with this status, then close the TCP connection (RFC 6455 7.1.1: the server closes first). */
    public record SendClose(int statusCode, String reason) implements Action {
    }

    /** Close the TCP connection without a closing handshake (the peer is unreachable). */
    public record Abort(String reason) implements Action {
    }

    /** The session ended: unregister it if it is still the Controller's. */
    public record Ended(Optional<String> controllerId) implements Action {
    }

    /** A Record whose {@code from_id} the client certificate does not vouch for was not processed (R-SEC.0a). */
    public record Rejected(String reason) implements Action {
    }

    /** Something was not acted on, with why (for the log). */
    public record Dropped(String reason) implements Action {
    }

    /** The outcome of one event. */
    public record Step(State state, List<Action> actions) {
        public Step {
            Objects.requireNonNull(state, "state");
            actions = List.copyOf(actions);
        }
    }

    private final String agentEndpointId;
    private final RecordCodec codec;
    private final RecordFactory records;
    private State state = State.NEW;
    private Optional<String> controllerId = Optional.empty();
    /** Present on a session opened with a verified client certificate: who that certificate vouches for. */
    private Optional<Set<String>> certifiedIds = Optional.empty();
    /** Pings sent since the peer last sent anything. */
    private int unansweredPings;

    public WebSocketSession(String agentEndpointId, RecordCodec codec) {
        this.agentEndpointId = Objects.requireNonNull(agentEndpointId, "agentEndpointId");
        this.codec = Objects.requireNonNull(codec, "codec");
        this.records = new RecordFactory(agentEndpointId);
    }

    public State state() {
        return state;
    }

    /** The Controller on the other end, once known. */
    public Optional<String> controllerId() {
        return controllerId;
    }

    /** Handles one event; an event a state does not expect leaves it unchanged, with at most a {@link Dropped}. */
    public Step on(Event event) {
        List<Action> actions = new ArrayList<>();
        if (state == State.CLOSED) {
            if (event instanceof Send) {
                actions.add(new Dropped("session closed"));
            }
            return step(actions);
        }
        if (event instanceof ChannelClosed) {
            return close(actions);
        }
        if (event instanceof Stop) {
            actions.add(new SendClose(GOING_AWAY, "agent stopping"));
            return close(actions);
        }
        if (state == State.NEW) {
            if (event instanceof Opened opened) {
                if (opened.certifiedIds().isPresent()) {
                    return openCertified(opened.controllerId(), opened.certifiedIds().get(), actions);
                }
                if (opened.controllerId().isPresent()) {
                    identify(opened.controllerId().get(), actions);
                } else {
                    state = State.AWAITING_ENDPOINT_ID;
                }
            } else {
                actions.add(new Dropped("event before the handshake: " + event.getClass().getSimpleName()));
            }
            return step(actions);
        }
        if (event instanceof BinaryMessage || event instanceof Ping || event instanceof Pong) {
            // Only something received from the peer proves it alive.
            unansweredPings = 0;
        }
        if (event instanceof BinaryMessage binary) {
            return onBinary(binary.data(), actions);
        }
        if (event instanceof TextMessage) {
            actions.add(new SendClose(UNSUPPORTED_DATA, "USP Records travel in binary frames"));
            return close(actions);
        }
        if (event instanceof TooBig) {
            actions.add(new SendClose(MESSAGE_TOO_BIG, "message too big"));
            return close(actions);
        }
        if (event instanceof CloseReceived received) {
            int echoed = received.statusCode().filter(code -> code != NO_STATUS_RECEIVED).orElse(NORMAL_CLOSURE);
            actions.add(new SendClose(echoed, ""));
            return close(actions);
        }
        if (event instanceof Ping ping) {
            actions.add(new SendPong(ping.data()));
            return step(actions);
        }
        if (event instanceof PingDue) {
            // Two intervals of silence, not one, so that a busy peer or a slow link is not cut off.
            if (unansweredPings >= 2) {
                actions.add(new Abort("no answer to two keep-alive Pings"));
                return close(actions);
            }
            unansweredPings++;
            actions.add(new SendPing());
            return step(actions);
        }
        if (event instanceof Send send) {
            actions.add(new SendRecord(send.record()));
            return step(actions);
        }
        if (event instanceof Replaced && state == State.OPEN) {
            actions.add(new SendClose(NORMAL_CLOSURE, "replaced by a newer session"));
            return close(actions);
        }
        return step(actions);
    }

    private Step onBinary(Bytes data, List<Action> actions) {
        RecordEnvelope record;
        try {
            record = codec.decode(data.asByteBuffer());
        } catch (RecordDecodeException e) {
            actions.add(new SendClose(UNSUPPORTED_DATA, "not a USP Record"));
            return close(actions);
        }
        if (!agentEndpointId.equals(record.toId())) {
            actions.add(new Dropped("to_id '" + record.toId() + "' is not this agent"));
            return step(actions);
        }
        if (!EndpointIds.isValid(record.fromId()) || agentEndpointId.equals(record.fromId())) {
            actions.add(new Dropped("unusable from_id '" + record.fromId() + "'"));
            return step(actions);
        }
        if (state == State.AWAITING_ENDPOINT_ID) {
            if (certifiedIds.isPresent() && !certifiedIds.get().contains(record.fromId())) {
                actions.add(new Rejected("from_id '" + record.fromId() + "' is not in the client certificate "
                        + certifiedIds.get()));
                return step(actions);
            }
            identify(record.fromId(), actions);
        } else if (!controllerId.orElseThrow().equals(record.fromId())) {
            if (certifiedIds.isPresent()) {
                actions.add(new Rejected("from_id '" + record.fromId() + "' on the certified session of "
                        + controllerId.get()));
                return step(actions);
            }
            actions.add(new Dropped("from_id '" + record.fromId() + "' on the session of " + controllerId.get()));
            return step(actions);
        }
        actions.add(new Deliver(record.fromId(), data));
        return step(actions);
    }

    /** R-SEC.0a: the certificate, not the handshake, says who the Controller is; a mismatch ends the session. */
    private Step openCertified(Optional<String> claimed, Set<String> ids, List<Action> actions) {
        certifiedIds = Optional.of(ids);
        if (ids.isEmpty()) {
            actions.add(new SendClose(POLICY_VIOLATION, "client certificate names no urn:bbf:usp:id: Endpoint ID"));
            return close(actions);
        }
        if (claimed.isPresent()) {
            if (!ids.contains(claimed.get())) {
                actions.add(new SendClose(POLICY_VIOLATION, "eid is not the client certificate's Endpoint ID"));
                return close(actions);
            }
            identify(claimed.get(), actions);
        } else if (ids.size() == 1) {
            identify(ids.iterator().next(), actions);
        } else {
            state = State.AWAITING_ENDPOINT_ID;
        }
        return step(actions);
    }

    private void identify(String controller, List<Action> actions) {
        controllerId = Optional.of(controller);
        state = State.OPEN;
        actions.add(new Identified(controller));
        actions.add(new SendRecord(Bytes.of(codec.encode(records.webSocketConnect(controller)))));
    }

    private Step close(List<Action> actions) {
        state = State.CLOSED;
        actions.add(new Ended(controllerId));
        return step(actions);
    }

    private Step step(List<Action> actions) {
        if (LOG.isTraceEnabled()) {
            LOG.trace("[usp ws {}] {} {}", controllerId.orElse("?"), state, actions);
        }
        return new Step(state, actions);
    }
}
