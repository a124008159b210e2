package org.cpebridge.core.model;

/** The type of an attribute or command parameter. */
public enum ValueType {
    BOOLEAN,
    INTEGER,
    DECIMAL,
    TEXT,
    /** A text value from a fixed set, listed by the attribute's spec. */
    ENUM
}
