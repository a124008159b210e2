package org.cpebridge.matter.message;

/** The optional destination of a message header, chosen by the DSIZ bits of the message flags (Core spec 4.4.1.1). */
public sealed interface Destination {

    /** No destination field (DSIZ 0). */
    static Destination none() {
        return None.INSTANCE;
    }

    /** No destination field. */
    enum None implements Destination {
        INSTANCE
    }

    /** A 64-bit destination node id (DSIZ 1). */
    record Node(long nodeId) implements Destination {
    }

    /** A 16-bit destination group id (DSIZ 2). */
    record Group(int groupId) implements Destination {
        public Group {
            if (groupId < 0 || groupId > 0xFFFF) {
                throw new IllegalArgumentException("group id out of range 0..0xFFFF: " + groupId);
            }
        }
    }
}
