package org.cpebridge.core.model;

import java.time.Instant;
import java.util.Objects;

/** The last known value of one attribute and when the adapter reported it. */
public record AttributeState(Value value, Instant updatedAt) {
    public AttributeState {
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(updatedAt, "updatedAt");
    }
}
