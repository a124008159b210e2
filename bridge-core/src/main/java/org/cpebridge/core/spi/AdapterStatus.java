package org.cpebridge.core.spi;

import java.util.Objects;

/**
 * How an adapter is doing, with a reason a person can read. Adapters report faults (broker gone, base module
 * reset) through this rather than by throwing.
 */
public record AdapterStatus(State state, String reason) {

    public enum State {
        STARTING,
        ONLINE,
        /** Running but cut off from its network (broker down, link down); it keeps trying. */
        OFFLINE,
        /** Gave up; needs a configuration change or a restart. */
        FAILED,
        STOPPED
    }

    public AdapterStatus {
        Objects.requireNonNull(state, "state");
        reason = Objects.requireNonNullElse(reason, "");
    }

    public static AdapterStatus online() {
        return new AdapterStatus(State.ONLINE, "");
    }

    public static AdapterStatus offline(String reason) {
        return new AdapterStatus(State.OFFLINE, reason);
    }
}
