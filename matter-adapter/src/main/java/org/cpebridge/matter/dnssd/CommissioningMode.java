package org.cpebridge.matter.dnssd;

/**
 * The commissioning mode a commissionable node announces in its CM TXT key (Matter Core, "Commissioning Mode").
 * Only a node in a mode other than {@link #NOT_OPEN} carries the {@code _CM} subtype.
 */
public enum CommissioningMode {
    /** No commissioning window is open (CM=0); the node is only visible through extended discovery. */
    NOT_OPEN(0),
    /** The basic commissioning window is open, the passcode from the onboarding payload applies (CM=1). */
    BASIC(1),
    /** An enhanced commissioning window is open, opened by an administrator with a new passcode (CM=2). */
    ENHANCED(2);

    private final int txtValue;

    CommissioningMode(int txtValue) {
        this.txtValue = txtValue;
    }

    /** The decimal value of the CM key. */
    public int txtValue() {
        return txtValue;
    }

    /** Whether a commissioning window is open, i.e. whether the {@code _CM} subtype is advertised. */
    public boolean isOpen() {
        return this != NOT_OPEN;
    }
}
