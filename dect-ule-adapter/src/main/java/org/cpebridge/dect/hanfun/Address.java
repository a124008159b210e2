package org.cpebridge.dect.hanfun;

/**
 * A HAN-FUN network address: device (or group) address plus unit. On the wire: {@code u16} with bit 15 = group flag
 * and bits 14..0 = device address, then the unit byte.
 *
 * @param group  true if {@code device} is a group address (the address-type bit)
 * @param device device address 0x0000 (the base) .. 0x7FFE, or 0x7FFF (broadcast / not yet registered)
 * @param unit   unit id 0..0xFE, or 0xFF (broadcast unit)
 */
public record Address(boolean group, int device, int unit) {
    /** The broadcast device address, also the source of a device that has no address yet. */
    public static final int BROADCAST_DEVICE = 0x7FFF;
    /** The broadcast unit. */
    public static final int BROADCAST_UNIT = 0xFF;
    /** The concentrator (base) device address. */
    public static final int BASE_DEVICE = 0x0000;
    /** First and last device address the base hands out. */
    public static final int FIRST_DEVICE = 0x0001;
    public static final int LAST_DEVICE = 0x7FFE;

    /** The base's unit 0, where the core services (Device Management, ...) live. */
    public static final Address BASE = new Address(false, BASE_DEVICE, 0);
    /** Every device, every unit. */
    public static final Address BROADCAST = new Address(false, BROADCAST_DEVICE, BROADCAST_UNIT);

    public Address {
        if (device < 0 || device > BROADCAST_DEVICE) {
            throw new IllegalArgumentException("device address out of range: " + device);
        }
        if (unit < 0 || unit > 0xFF) {
            throw new IllegalArgumentException("unit out of range: " + unit);
        }
    }

    /** A device (not group) address. */
    public static Address device(int device, int unit) {
        return new Address(false, device, unit);
    }

    public boolean isBroadcast() {
        return device == BROADCAST_DEVICE;
    }

    int wireDevice() {
        return (group ? 0x8000 : 0) | device;
    }

    static Address read(ByteReader reader, String field) throws HanfunException {
        int word = reader.u16(field + " device");
        int unit = reader.u8(field + " unit");
        return new Address((word & 0x8000) != 0, word & 0x7FFF, unit);
    }

    void write(ByteWriter writer) {
        writer.u16(wireDevice()).u8(unit);
    }

    @Override
    public String toString() {
        return String.format("%s%04X/%d", group ? "G" : "", device, unit);
    }
}
