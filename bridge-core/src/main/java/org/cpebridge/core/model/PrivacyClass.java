package org.cpebridge.core.model;

/**
 * What a piece of device data reveals about a household. Every attribute, command and event in the core carries
 * one; the privacy policy maps a USP controller's role to the classes it may read, subscribe to and invoke.
 */
public enum PrivacyClass {
    /** Vendor, model, serial number, user-chosen name and room. */
    IDENTITY,
    /** That a device exists, its type, firmware and owning adapter. */
    INVENTORY,
    /** Reachability, battery, link quality, errors. */
    HEALTH,
    /** Current values: on/off, level, set-points, sensor readings. */
    STATE,
    /** Things that happen: a door opened, motion, a button press. */
    ACTIVITY,
    /** Power and energy readings. */
    ENERGY,
    /** Commands that change a device. */
    CONTROL
}
