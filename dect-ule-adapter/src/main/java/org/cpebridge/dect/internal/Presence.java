package org.cpebridge.dect.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Reachability and sleep of one device as an explicit state machine (STYLE.md 6). The adapter feeds it what happens
 * (link attached or gone, a packet heard, a request left unanswered, the node lost its address, the reachability tick,
 * a request to send) and carries out the returned actions. Time comes in with the events. Owned by the adapter's
 * serial executor.
 *
 * <p>Which deadline fits which device: the keep-alive silence limit applies only to a device that declared the Keep
 * Alive interface or sleeps between transmissions ({@code silenceWatched}); a mains node that sends nothing unprompted
 * (the hanfun reference node) stays reachable while its link is up. Any device that leaves {@link #UNANSWERED_LIMIT}
 * requests in a row unanswered is unreachable; an unreachable device is still sent requests, and anything it sends
 * makes it reachable again.
 *
 * <pre>
 *   DETACHED --Attached--> AWAKE --(sleepy, awake window over)--> ASLEEP
 *   AWAKE/ASLEEP --(watched and silence &gt; limit) or Unanswered x2--> UNREACHABLE --Heard--> AWAKE
 *   any --Unbound--> UNBOUND --Attached (registered, or answered at its address)--> AWAKE
 *   any --Detached--> DETACHED
 * </pre>
 */
public final class Presence {

    /** Requests in a row a device may leave unanswered before it counts as unreachable. */
    public static final int UNANSWERED_LIMIT = 2;

    public enum State { DETACHED, AWAKE, ASLEEP, UNREACHABLE, UNBOUND }

    /** What the adapter must do. */
    public enum Action {
        /** Tell the core the device is reachable (why in {@link Transition#reason}, for the log). */
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
        /** Refuse the request: there is no way to reach the device now. */
        REFUSE
    }

    public sealed interface Event {
        Instant now();
    }

    /** The device's link is up with a known address (registration, a node reconnecting, a re-bind). */
    public record Attached(Instant now) implements Event {
    }

    /** The device's link is gone. */
    public record Detached(Instant now, String reason) implements Event {
    }

    /** A packet came from the device. */
    public record Heard(Instant now) implements Event {
    }

    /** A request to the device timed out. */
    public record Unanswered(Instant now, String reason) implements Event {
    }

    /**
     * The node is on its link but its HAN-FUN address is not confirmed: it reconnected (a restarted node forgets its
     * address) or it sent a request from the unregistered address.
     */
    public record Unbound(Instant now, String reason) implements Event {
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
    private final boolean silenceWatched;
    private final Duration awakeWindow;
    private final Duration silenceLimit;
    private final String silenceReason;
    private State state = State.DETACHED;
    private String unboundReason = "";
    private Instant lastHeard;
    private int unanswered;

    /**
     * A device whose silence is watched (it declared Keep Alive, or it is sleepy).
     *
     * @param sleepy        a battery device that listens only for {@code awakeWindow} after it sent something
     * @param silenceLimit  silence after which the device is unreachable
     * @param silenceReason the reason shown when silence makes it unreachable
     */
    public Presence(boolean sleepy, Duration awakeWindow, Duration silenceLimit, String silenceReason) {
        this(sleepy, true, awakeWindow, silenceLimit, silenceReason);
    }

    /** @param silenceWatched whether the keep-alive silence limit applies to this device */
    public Presence(boolean sleepy, boolean silenceWatched, Duration awakeWindow, Duration silenceLimit,
            String silenceReason) {
        this.sleepy = sleepy;
        this.silenceWatched = silenceWatched || sleepy;
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
            unanswered = 0;
            state = State.AWAKE;
            actions.add(Action.MARK_REACHABLE);
            actions.add(Action.FLUSH_QUEUE);
            reason = "link up with its address";
        } else if (event instanceof Detached detached) {
            if (state != State.DETACHED) {
                actions.add(Action.FAIL_ALL);
                actions.add(Action.MARK_UNREACHABLE);
                reason = detached.reason();
            }
            state = State.DETACHED;
        } else if (event instanceof Unbound unbound) {
            if (state != State.DETACHED) {
                actions.add(Action.FAIL_ALL);
            }
            state = State.UNBOUND;
            unboundReason = unbound.reason();
            actions.add(Action.MARK_UNREACHABLE);
            reason = unbound.reason();
        } else if (event instanceof Heard) {
            if (state != State.DETACHED && state != State.UNBOUND) {
                lastHeard = now;
                unanswered = 0;
                if (state == State.UNREACHABLE) {
                    actions.add(Action.MARK_REACHABLE);
                    reason = "heard from it again";
                }
                state = State.AWAKE;
                actions.add(Action.FLUSH_QUEUE);
            }
        } else if (event instanceof Unanswered missed) {
            if (state == State.AWAKE || state == State.ASLEEP) {
                unanswered++;
                if (unanswered >= UNANSWERED_LIMIT) {
                    state = State.UNREACHABLE;
                    actions.add(Action.MARK_UNREACHABLE);
                    reason = missed.reason() + " (" + unanswered + " requests in a row unanswered)";
                }
            }
        } else if (event instanceof Tick) {
            reason = byTime(now, actions);
        } else if (event instanceof Outgoing) {
            reason = byTime(now, actions);
            switch (state) {
                case AWAKE -> actions.add(Action.SEND_NOW);
                case ASLEEP -> actions.add(Action.QUEUE);
                // Still tried: an answer makes it reachable again. A sleepy one can only hear it when it wakes.
                case UNREACHABLE -> actions.add(sleepy ? Action.QUEUE : Action.SEND_NOW);
                case UNBOUND -> {
                    actions.add(Action.REFUSE);
                    reason = unboundReason;
                }
                case DETACHED -> {
                    actions.add(Action.REFUSE);
                    reason = "no link to the device";
                }
            }
        }
        return new Transition(state, actions, reason);
    }

    /** Moves an awake or sleeping device on by the time since it was last heard; returns the reason if it is lost. */
    private String byTime(Instant now, List<Action> actions) {
        if (state == State.AWAKE || state == State.ASLEEP) {
            state = timeState(now);
            if (state == State.UNREACHABLE) {
                actions.add(Action.MARK_UNREACHABLE);
                return silenceReason;
            }
        }
        return "";
    }

    /** AWAKE, ASLEEP or (for a watched device) UNREACHABLE by the time since the device was last heard. */
    private State timeState(Instant now) {
        if (silenceWatched && now.isAfter(lastHeard.plus(silenceLimit))) {
            return State.UNREACHABLE;
        }
        if (sleepy && !now.isBefore(lastHeard.plus(awakeWindow))) {
            return State.ASLEEP;
        }
        return State.AWAKE;
    }
}
