package org.cpebridge.mqtt.link;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.DoubleSupplier;
import org.cpebridge.mqtt.RetryPolicy;

/**
 * The life cycle of one MQTT client connection that keeps itself up, as an explicit state machine: connect, subscribe
 * after the CONNACK, up once a filter is granted, and after a failure or a loss wait by the {@link RetryPolicy} and
 * connect again, so the subscriptions are restored after every connect. Sans-I/O: {@link #on} takes what the client
 * or a timer reported and returns the next state with the {@link Action actions} for the caller, which carries them
 * out over an {@link org.cpebridge.mqtt.MqttClientPort}. What to subscribe to is the caller's to say in each
 * {@link ConnAck} (the USP MTP derives it from the CONNACK; the Zigbee link always asks for the same filters).
 * Used by usp-agent's MQTT MTP ({@code usp.mtp.mqtt.MqttLink} adds the TR-369 rules) and by {@link MqttLinks}'
 * links. Not thread-safe: one owner thread or serial executor (the caller's).
 *
 * <pre>
 * IDLE --Start--> CONNECTING --ConnAck(filters)--> SUBSCRIBING --SubAck(any granted)--> UP
 *   CONNECTING --ConnAck(no filters)--> UP
 *   CONNECTING --ConnectFailed/ConnectionLost--> WAITING_RETRY --RetryTimer--> CONNECTING
 *   SUBSCRIBING --SubAck(none granted)--> WAITING_RETRY, after Disconnect
 *   SUBSCRIBING, UP --ConnectionLost--> WAITING_RETRY
 *   any but STOPPED --Disable--> DISABLED, after Disconnect where connected (it will not retry)
 *   any --Stop--> STOPPED
 * </pre>
 */
public final class ReconnectMachine {

    /** Link states. */
    public enum State {
        IDLE, CONNECTING, SUBSCRIBING, UP, WAITING_RETRY, DISABLED, STOPPED
    }

    /** What the MQTT client, a timer or the owner reports. */
    public sealed interface Event {
    }

    /** Bring the link up. */
    public record Start() implements Event {
    }

    /** The CONNACK accepted the connection; subscribe to {@code filters} (none: up at once). */
    public record ConnAck(List<String> filters) implements Event {
        public ConnAck {
            filters = List.copyOf(filters);
        }
    }

    /** The TCP/TLS connection or the CONNECT failed. */
    public record ConnectFailed(String reason) implements Event {
    }

    /** SUBACK: whether each filter of the SUBSCRIBE was granted, in order. */
    public record SubAck(List<Boolean> granted) implements Event {
        public SubAck {
            granted = List.copyOf(granted);
        }
    }

    /** The connection closed or broke (or the owner gave up on it). */
    public record ConnectionLost(String reason) implements Event {
    }

    /** The retry timer the machine asked for has fired. */
    public record RetryTimer() implements Event {
    }

    /** Take the link down and do not retry (the owner found nothing it can do with this broker). */
    public record Disable(String reason) implements Event {
    }

    /** Take the link down for good (shutdown). */
    public record Stop() implements Event {
    }

    /** What the caller must do. */
    public sealed interface Action {
    }

    /** Open a connection (a fresh client) and send CONNECT. */
    public record Connect() implements Action {
    }

    /** SUBSCRIBE to these filters. */
    public record Subscribe(List<String> filters) implements Action {
    }

    /** End the connection of this attempt. */
    public record Disconnect() implements Action {
    }

    /** Call back with {@link RetryTimer} after {@code delay}. */
    public record StartTimer(Duration delay) implements Action {
    }

    /** The link is up: connected and subscribed. */
    public record Up() implements Action {
    }

    /**
     * The link is down or could not come up.
     *
     * @param wasUp whether it was {@link State#UP} until now
     * @param last  it will not retry (disabled or stopped)
     */
    public record Down(String reason, boolean wasUp, boolean last) implements Action {
    }

    /** The outcome of one event. */
    public record Step(State state, List<Action> actions) {
        public Step {
            Objects.requireNonNull(state, "state");
            actions = List.copyOf(actions);
        }
    }

    /** The reason a SUBACK that granted nothing gives. */
    public static final String NOTHING_GRANTED = "subscribe failed: no filter granted";

    private final RetryPolicy retry;
    private final DoubleSupplier random;
    private State state = State.IDLE;
    private int retryCount;

    /** {@code random} yields values in [0, 1) for the retry jitter ({@code () -> 0.0} for none). */
    public ReconnectMachine(RetryPolicy retry, DoubleSupplier random) {
        this.retry = Objects.requireNonNull(retry, "retry");
        this.random = Objects.requireNonNull(random, "random");
    }

    public State state() {
        return state;
    }

    /** Failures since the link was last up (the next retry's number minus one). */
    public int retryCount() {
        return retryCount;
    }

    /** Handles one event; anything a state does not expect leaves it unchanged with no actions. */
    public Step on(Event event) {
        List<Action> actions = new ArrayList<>();
        if (event instanceof Stop) {
            return finish(State.STOPPED, "stopped", actions);
        }
        if (event instanceof Disable disable) {
            if (state == State.STOPPED || state == State.DISABLED) {
                return step(state, actions);
            }
            return finish(State.DISABLED, disable.reason(), actions);
        }
        switch (state) {
            case IDLE:
                if (event instanceof Start) {
                    return step(State.CONNECTING, List.of(new Connect()));
                }
                break;
            case CONNECTING:
                if (event instanceof ConnAck ack) {
                    if (ack.filters().isEmpty()) {
                        return up(actions);
                    }
                    return step(State.SUBSCRIBING, List.of(new Subscribe(ack.filters())));
                }
                if (event instanceof ConnectFailed failed) {
                    return retry(failed.reason(), false, actions);
                }
                if (event instanceof ConnectionLost lost) {
                    return retry(lost.reason(), false, actions);
                }
                break;
            case SUBSCRIBING:
                if (event instanceof SubAck ack) {
                    if (ack.granted().contains(Boolean.TRUE)) {
                        return up(actions);
                    }
                    actions.add(new Disconnect());
                    return retry(NOTHING_GRANTED, false, actions);
                }
                if (event instanceof ConnectionLost lost) {
                    return retry(lost.reason(), false, actions);
                }
                break;
            case UP:
                if (event instanceof ConnectionLost lost) {
                    return retry(lost.reason(), true, actions);
                }
                break;
            case WAITING_RETRY:
                if (event instanceof RetryTimer) {
                    return step(State.CONNECTING, List.of(new Connect()));
                }
                break;
            default:
                break;
        }
        return step(state, actions);
    }

    private Step up(List<Action> actions) {
        retryCount = 0;
        actions.add(new Up());
        return step(State.UP, actions);
    }

    private Step retry(String reason, boolean wasUp, List<Action> actions) {
        retryCount++;
        actions.add(new Down(reason, wasUp, false));
        actions.add(new StartTimer(retry.delay(retryCount, random)));
        return step(State.WAITING_RETRY, actions);
    }

    /** Into DISABLED or STOPPED: a connection of this attempt is ended, and the owner hears that it is the last. */
    private Step finish(State next, String reason, List<Action> actions) {
        if (state == State.CONNECTING || state == State.SUBSCRIBING || state == State.UP) {
            actions.add(new Disconnect());
        }
        if (state != State.STOPPED) {
            actions.add(new Down(reason, state == State.UP, true));
        }
        return step(next, actions);
    }

    private Step step(State next, List<Action> actions) {
        state = next;
        return new Step(next, actions);
    }
}
