package org.cpebridge.dect.hanfun;

/**
 * An interface as written in a message header, a registration unit or a report entry: {@code u16} with bit 15 = role
 * (1 server, 0 client) and bits 14..0 = interface UID.
 *
 * @param role the role of the addressed interface
 * @param uid  interface UID 0..0x7FFF (see {@link InterfaceUid})
 */
public record InterfaceAddress(Role role, int uid) {
    public InterfaceAddress {
        if (role == null) {
            throw new IllegalArgumentException("role is required");
        }
        if (uid < 0 || uid > 0x7FFF) {
            throw new IllegalArgumentException("interface uid out of range: " + uid);
        }
    }

    public static InterfaceAddress server(int uid) {
        return new InterfaceAddress(Role.SERVER, uid);
    }

    public static InterfaceAddress client(int uid) {
        return new InterfaceAddress(Role.CLIENT, uid);
    }

    static InterfaceAddress read(ByteReader reader, String field) throws HanfunException {
        int word = reader.u16(field);
        return new InterfaceAddress((word & 0x8000) != 0 ? Role.SERVER : Role.CLIENT, word & 0x7FFF);
    }

    void write(ByteWriter writer) {
        writer.u16(role.bit() | uid);
    }

    @Override
    public String toString() {
        return InterfaceUid.name(uid) + (role == Role.SERVER ? "(S)" : "(C)");
    }
}
