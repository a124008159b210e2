package org.cpebridge.core.model;

/**
 * Why a device operation failed. Each face maps these to its protocol's status in one table (see STYLE.md 9):
 * Matter IM status codes, USP 7000-series error codes.
 */
public enum ErrorKind {
    /** No such device, capability or attribute. */
    NOT_FOUND,
    /** The device exists but does not support the operation. */
    UNSUPPORTED,
    /** A value or argument is outside what the device accepts. */
    INVALID_VALUE,
    /** The caller may not do this. */
    DENIED,
    /** The device or its adapter cannot take the request now; retrying later may work. */
    BUSY,
    /** The device did not answer in time. */
    TIMEOUT,
    /** The device is known to be out of reach. */
    UNREACHABLE
}
