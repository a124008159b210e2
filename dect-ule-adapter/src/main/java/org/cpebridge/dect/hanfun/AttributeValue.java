package org.cpebridge.dect.hanfun;

/**
 * One attribute of one interface with its value.
 *
 * @param interfaceUid the interface the attribute belongs to
 * @param attribute    attribute id 0..255
 * @param value        the value; for attributes the catalog does not know, {@link Value.Octets}
 */
public record AttributeValue(int interfaceUid, int attribute, Value value) {
    public AttributeValue {
        if (interfaceUid < 0 || interfaceUid > 0x7FFF) {
            throw new IllegalArgumentException("interface uid out of range: " + interfaceUid);
        }
        if (attribute < 0 || attribute > 0xFF) {
            throw new IllegalArgumentException("attribute id out of range: " + attribute);
        }
        if (value == null) {
            throw new IllegalArgumentException("value is required");
        }
        var type = AttributeCatalog.type(interfaceUid, attribute);
        if (type.isPresent() && !type.get().accepts(value)) {
            throw new IllegalArgumentException("attribute " + InterfaceUid.name(interfaceUid) + "/" + attribute
                    + " takes " + type.get() + ", got " + value);
        }
        if (type.isEmpty() && !(value instanceof Value.Octets)) {
            throw new IllegalArgumentException("attribute " + InterfaceUid.name(interfaceUid) + "/" + attribute
                    + " is not in the catalog; only Octets can carry it");
        }
    }
}
