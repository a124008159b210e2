package org.cpebridge.matter.mrp;

import java.util.Objects;

/**
 * A timer an exchange asked for. The generation tells a timer that fired after being cancelled or replaced from the
 * live one: the exchange ignores stale generations, so the caller needs no race-free cancel.
 *
 * @param kind what the timer is for
 * @param generation increases every time a timer of this kind is started on the exchange
 */
public record MrpTimer(Kind kind, long generation) {

    /** The two MRP timers of an exchange. */
    public enum Kind {
        /** Retransmit the unacknowledged reliable message, or give up. */
        RETRANSMIT,
        /** Send the pending acknowledgement alone. */
        STANDALONE_ACK
    }

    public MrpTimer {
        Objects.requireNonNull(kind, "kind");
    }
}
