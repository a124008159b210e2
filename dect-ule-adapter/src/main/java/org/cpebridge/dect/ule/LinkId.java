package org.cpebridge.dect.ule;

/** Identifies one device's link to the base (a TCP connection, a simulated device). Not stable across restarts. */
public record LinkId(long value) {
    public LinkId {
        if (value < 0) {
            throw new IllegalArgumentException("link id must not be negative");
        }
    }

    @Override
    public String toString() {
        return "link-" + value;
    }
}
