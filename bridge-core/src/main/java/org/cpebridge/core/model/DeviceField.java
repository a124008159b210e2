package org.cpebridge.core.model;

/** The device-level facts that are not capability attributes, each with its privacy class. */
public enum DeviceField {
    VENDOR(PrivacyClass.IDENTITY, false),
    MODEL(PrivacyClass.IDENTITY, false),
    SERIAL(PrivacyClass.IDENTITY, false),
    /** The household's name for the device; they may change it from any face. */
    NAME(PrivacyClass.IDENTITY, true),
    /** The household's room for the device. */
    ROOM(PrivacyClass.IDENTITY, true),
    FIRMWARE(PrivacyClass.INVENTORY, false),
    /** The owning adapter and the device's capability types. */
    TYPE(PrivacyClass.INVENTORY, false),
    REACHABLE(PrivacyClass.HEALTH, false);

    private final PrivacyClass privacy;
    private final boolean writable;

    DeviceField(PrivacyClass privacy, boolean writable) {
        this.privacy = privacy;
        this.writable = writable;
    }

    public PrivacyClass privacy() {
        return privacy;
    }

    public boolean writable() {
        return writable;
    }
}
