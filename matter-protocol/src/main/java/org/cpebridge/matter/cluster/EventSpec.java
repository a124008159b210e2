package org.cpebridge.matter.cluster;

import java.util.Objects;

/**
 * Declaration of one event.
 *
 * @param priority 0 debug, 1 info, 2 critical
 */
public record EventSpec(long id, String name, int priority, Privilege readPrivilege, boolean fabricSensitive) {

    public EventSpec {
        if (id < 0 || id > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("event id out of range: " + id);
        }
        Objects.requireNonNull(name, "name");
        if (priority < 0 || priority > 2) {
            throw new IllegalArgumentException("event priority out of range 0..2: " + priority);
        }
        Objects.requireNonNull(readPrivilege, "readPrivilege");
    }

    /** An event readable with View. */
    public static EventSpec of(long id, String name, int priority) {
        return new EventSpec(id, name, priority, Privilege.VIEW, false);
    }
}
