package org.cpebridge.dect.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Reachability and sleep of one device as an explicit state machine (STYLE.md 6). The adapter feeds it what happens
 * (link attached or gone, a packet heard, the reachability tick, a request to send) and carries out the returned
 * actions. Time comes in with the events. Owned by the adapter's serial executor.
 *
 * <pre>
 *   DETACHED --Attached--> AWAKE --(sleepy, awake window over)--> ASLEEP
 *   AWAKE/ASLEEP --silence &gt; limit--> UNREACHABLE --Heard--> AWAKE
 *   any --Detached--> DETACHED
 * </pre>
 */
public final class Presence {

    public enum State { DETACHED, AWAKE, ASLEEP, UNREACHABLE }

    /** What the adapter must do. */
    public enum Action {
        /** Tell the core the device is reachable. */
        MARK_REACHABLE,
        /** Tell the core the device is unreachable (reason in {@link Transition#reason}). */
        MARK_UNREACHABLE,
        /** Send the requests that waited for the device to wake up. */
        FLUSH_QUEUE,
        /** Fail waiting and in-flight requests: the device is gone. */
        FAIL_ALL,
        /** Send the request now. */
        SEND_NOW,
        /** Keep the request until the device wakes up. */
        QUEUE,
        /** Refuse the request: the device is known to be away. */
        REFUSE
    }

    public sealed interface Event {
        Instant now();
    }

    /** The device's link is up (registration, or a node reconnecting). */
    public record Attached(Instant now) implements Event {
    }

    /** The device's link is gone. */
    public record Detached(Instant now, String reason) implements Event {
    }

    /** A packet came from the device. */
    public record Heard(Instant now) implements Event {
    }

    /** The periodic reachability check. */
    public record Tick(Instant now) implements Event {
    }

    /** The adapter wants to send the device a request. */
    public record Outgoing(Instant now) implements Event {
    }

    /** The state after an event and what to do. */
    public record Transition(State state, List<Action> actions, String reason) {
        public Transition {
            actions = List.copyOf(actions);
        }
    }

    private final boolean sleepy;
    private final Duration awakeWindow;
    private final Duration silenceLimit;
    private final String silenceReason;
    private State state = State.DETACHED;
    private Instant lastHeard;

    /**
     * @param sleepy       a battery device that listens only for {@code awakeWindow} after it sent something
     * @param silenceLimit silence after which the device is unreachable
     * @param silenceReason the reason shown when silence makes it unreachable
     */
    public Presence(boolean sleepy, Duration awakeWindow, Duration silenceLimit, String silenceReason) {
        this.sleepy = sleepy;
        this.awakeWindow = awakeWindow;
        this.silenceLimit = silenceLimit;
        this.silenceReason = silenceReason;
    }

    public State state() {
        return state;
    }

    public Transition on(Event event) {
        List<Action> actions = new ArrayList<>();
        String reason = "";
        Instant now = event.now();
        if (event instanceof Attached) {
            lastHeard = now;
            state = State.AWAKE;
            actions.add(Action.MARK_REACHABLE);
            actions.add(Action.FLUSH_QUEUE);
        } else if (event instanceof Detached detached) {
            if (state != State.DETACHED) {
                actions.add(Action.FAIL_ALL);
                actions.add(Action.MARK_UNREACHABLE);
                reason = detached.reason();
            }
            state = State.DETACHED;
        } else if (event instanceof Heard) {
            if (state != State.DETACHED) {
                lastHeard = now;
                if (state == State.UNREACHABLE) {
                    actions.add(Action.MARK_REACHABLE);
                }
                state = State.AWAKE;
                actions.add(Action.FLUSH_QUEUE);
            }
        } else if (event instanceof Tick) {
            if (state == State.AWAKE || state == State.ASLEEP) {
                state = timeState(now);
                if (state == State.UNREACHABLE) {
                    actions.add(Action.MARK_UNREACHABLE);
                    reason = silenceReason;
                }
            }
        } else if (event instanceof Outgoing) {
            if (state == State.AWAKE || state == State.ASLEEP) {
                state = timeState(now);
            }
            switch (state) {
                case AWAKE -> actions.add(Action.SEND_NOW);
                case ASLEEP -> actions.add(Action.QUEUE);
                case UNREACHABLE -> {
                    actions.add(Action.REFUSE);
                    reason = silenceReason;
                }
                case DETACHED -> {
                    actions.add(Action.REFUSE);
                    reason = "no link to the device";
                }
            }
        }
        return new Transition(state, actions, reason);
    }

    /** AWAKE, ASLEEP or UNREACHABLE by the time since the device was last heard. */
    private State timeState(Instant now) {
        if (now.isAfter(lastHeard.plus(silenceLimit))) {
            return State.UNREACHABLE;
        }
        if (sleepy && !now.isBefore(lastHeard.plus(awakeWindow))) {
            return State.ASLEEP;
        }
        return State.AWAKE;
    }
}
