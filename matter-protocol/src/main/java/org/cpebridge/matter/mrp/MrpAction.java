package org.cpebridge.matter.mrp;

import java.time.Instant;
import java.util.Objects;
import org.cpebridge.matter.message.Message;

/** Outputs of an exchange's reliability state machine, for the caller to carry out in order. */
public sealed interface MrpAction {

    /** Encrypt (if the session is secure) and send this message to the peer. */
    record Transmit(Message message) implements MrpAction {
        public Transmit {
            Objects.requireNonNull(message, "message");
        }
    }

    /** Arm a timer to fire at {@code deadline}, then feed {@link MrpEvent.TimerFired} back. */
    record StartTimer(MrpTimer timer, Instant deadline) implements MrpAction {
        public StartTimer {
            Objects.requireNonNull(timer, "timer");
            Objects.requireNonNull(deadline, "deadline");
        }
    }

    /** The timer is no longer needed (firing it anyway is harmless). */
    record CancelTimer(MrpTimer timer) implements MrpAction {
        public CancelTimer {
            Objects.requireNonNull(timer, "timer");
        }
    }

    /** Hand this message to the exchange's application handler. */
    record Deliver(Message message) implements MrpAction {
        public Deliver {
            Objects.requireNonNull(message, "message");
        }
    }

    /** The reliable message with this counter was acknowledged. */
    record Acknowledged(long messageCounter) implements MrpAction {
    }

    /** The reliable message with this counter went unacknowledged after every transmission: the exchange failed. */
    record GiveUp(long messageCounter) implements MrpAction {
    }

    /** Nothing was sent because the session's counter ran out: the session must be replaced. */
    record SessionExhausted() implements MrpAction {
    }

    /** The send was refused: a reliable message is still waiting for its acknowledgement on this exchange. */
    record SendRejected(String reason) implements MrpAction {
        public SendRejected {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
