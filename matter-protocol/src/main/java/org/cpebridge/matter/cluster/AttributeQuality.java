package org.cpebridge.matter.cluster;

/** Qualities of an attribute (Core spec "Qualities" / data model "Quality" column), those the IM engines act on. */
public enum AttributeQuality {
    /** Null is a valid value. */
    NULLABLE,
    /** The value is a list of the attribute's data type. */
    LIST,
    /** A list whose entries belong to fabrics (FabricIndex field 0xFE); reads may be fabric-filtered. */
    FABRIC_SCOPED,
    /** Writable by the IM Write interaction. */
    WRITABLE,
    /** Writes need a preceding TimedRequest. */
    TIMED_WRITE,
    /** Never changes after start-up. */
    FIXED
}
