package org.cpebridge.matter.handshake;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The result of one {@link HandshakeEvent}: the new state, the messages to send in order, a timer to arm (replacing
 * any armed one), the established session (once), and a reason text on failure.
 *
 * @param <S> the responder's state enum
 * @param <T> the session it establishes
 */
public record HandshakeStep<S extends HandshakeState, T>(S state, List<HandshakeMessage> messages,
        Optional<Duration> armTimer, Optional<T> established, Optional<String> failure) {

    /** Copies the message list. */
    public HandshakeStep {
        Objects.requireNonNull(state, "state");
        messages = List.copyOf(messages);
        Objects.requireNonNull(armTimer, "armTimer");
        Objects.requireNonNull(established, "established");
        Objects.requireNonNull(failure, "failure");
    }

    /** A step that sends messages and keeps waiting, optionally (re)arming the timer. */
    public static <S extends HandshakeState, T> HandshakeStep<S, T> waiting(S state, List<HandshakeMessage> messages,
            Optional<Duration> armTimer) {
        return new HandshakeStep<>(state, messages, armTimer, Optional.empty(), Optional.empty());
    }

    /** The step that establishes {@code session} after sending {@code messages}. */
    public static <S extends HandshakeState, T> HandshakeStep<S, T> established(S state,
            List<HandshakeMessage> messages, T session) {
        return new HandshakeStep<>(state, messages, Optional.empty(), Optional.of(session), Optional.empty());
    }

    /** The step that fails the handshake, sending {@code reply} if there is one. */
    public static <S extends HandshakeState, T> HandshakeStep<S, T> failed(S state, Optional<HandshakeMessage> reply,
            String reason) {
        return new HandshakeStep<>(state, reply.stream().toList(), Optional.empty(), Optional.empty(),
                Optional.of(reason));
    }

    /** What an event does once the handshake has ended: nothing. */
    public static <S extends HandshakeState, T> HandshakeStep<S, T> ended(S state) {
        return new HandshakeStep<>(state, List.of(), Optional.empty(), Optional.empty(), Optional.empty());
    }

    /** True when the handshake ended with this step. */
    public boolean terminal() {
        return state.isTerminal();
    }
}
