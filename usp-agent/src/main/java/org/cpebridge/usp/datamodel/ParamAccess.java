package org.cpebridge.usp.datamodel;

/**
 * Parameter access in the Supported Data Model. {@link #WRITE_ONCE_READ_ONLY} (TR-106 writeOnceReadOnly, and
 * non-functional unique keys under R-KEY.1) may be given on Add but never changed by Set, and is reported to
 * GetSupportedDM as read-write (TR-369 "writeOnceReadOnly Parameter Access").
 */
public enum ParamAccess {
    READ_ONLY, READ_WRITE, WRITE_ONLY, WRITE_ONCE_READ_ONLY;

    /** True if an Add may set it. */
    public boolean writable() {
        return this != READ_ONLY;
    }

    /** True if a Set may change it on an existing object. */
    public boolean updatable() {
        return this == READ_WRITE || this == WRITE_ONLY;
    }

    public boolean readable() {
        return this != WRITE_ONLY;
    }

    /** The {@code GetSupportedDMResp.ParamAccessType} wire value. */
    public int wireValue() {
        return this == WRITE_ONCE_READ_ONLY ? 1 : ordinal();
    }
}
