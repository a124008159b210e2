package org.cpebridge.matter.message;

/** Protocol ids of the Matter standard vendor (Core spec Table "Protocol IDs for the Matter Standard Vendor ID"). */
public final class ProtocolId {

    /** Secure Channel: MRP standalone ack, PASE, CASE, StatusReport, counter sync. */
    public static final int SECURE_CHANNEL = 0x0000;
    /** Interaction Model. */
    public static final int INTERACTION_MODEL = 0x0001;
    /** Bulk Data Exchange. */
    public static final int BDX = 0x0002;
    /** User Directed Commissioning. */
    public static final int USER_DIRECTED_COMMISSIONING = 0x0003;
    /** For certification testing. */
    public static final int FOR_TESTING = 0x0004;

    private ProtocolId() {
    }
}
