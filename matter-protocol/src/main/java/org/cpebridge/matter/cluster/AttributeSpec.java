package org.cpebridge.matter.cluster;

import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import org.cpebridge.matter.tlv.TlvElement;

/**
 * Declaration of one attribute: id, name, data type (of the entries, for a list), qualities and the privileges
 * reading and writing need. Built fluently: {@code AttributeSpec.of(0x0, "Acl", STRUCT).list().fabricScoped()
 * .writable(ADMINISTER).read(ADMINISTER)}.
 *
 * @param fabricSensitiveFields context tags of the entry fields hidden from other fabrics in unfiltered reads of a
 *     fabric-scoped list
 * @param minLength least length of a string value (UTF-8 bytes or octets)
 * @param maxLength greatest length of a string value; -1 for no bound
 */
public record AttributeSpec(long id, String name, DataType type, Set<AttributeQuality> qualities,
        Privilege readPrivilege, Privilege writePrivilege, Set<Integer> fabricSensitiveFields, int minLength,
        int maxLength) {

    public AttributeSpec {
        if (id < 0 || id > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("attribute id out of range: " + id);
        }
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        qualities = qualities.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(qualities));
        Objects.requireNonNull(readPrivilege, "readPrivilege");
        Objects.requireNonNull(writePrivilege, "writePrivilege");
        fabricSensitiveFields = Set.copyOf(fabricSensitiveFields);
        if (qualities.contains(AttributeQuality.FABRIC_SCOPED) && !qualities.contains(AttributeQuality.LIST)) {
            throw new IllegalArgumentException("fabric-scoped attribute " + name + " must be a list");
        }
        if (minLength < 0 || maxLength != -1 && maxLength < minLength) {
            throw new IllegalArgumentException("bad length bounds of " + name + ": " + minLength + ".." + maxLength);
        }
    }

    /** An attribute without length bounds. */
    public AttributeSpec(long id, String name, DataType type, Set<AttributeQuality> qualities,
            Privilege readPrivilege, Privilege writePrivilege, Set<Integer> fabricSensitiveFields) {
        this(id, name, type, qualities, readPrivilege, writePrivilege, fabricSensitiveFields, 0, -1);
    }

    /** A read-only attribute readable with View. */
    public static AttributeSpec of(long id, String name, DataType type) {
        return new AttributeSpec(id, name, type, Set.of(), Privilege.VIEW, Privilege.OPERATE, Set.of());
    }

    private AttributeSpec with(AttributeQuality quality) {
        EnumSet<AttributeQuality> set = qualities.isEmpty() ? EnumSet.noneOf(AttributeQuality.class)
                : EnumSet.copyOf(qualities);
        set.add(quality);
        return new AttributeSpec(id, name, type, set, readPrivilege, writePrivilege, fabricSensitiveFields,
                minLength, maxLength);
    }

    /** This attribute, nullable. */
    public AttributeSpec nullable() {
        return with(AttributeQuality.NULLABLE);
    }

    /** This attribute, a list of its type. */
    public AttributeSpec list() {
        return with(AttributeQuality.LIST);
    }

    /** This attribute, a fabric-scoped list. */
    public AttributeSpec fabricScoped() {
        return with(AttributeQuality.LIST).with(AttributeQuality.FABRIC_SCOPED);
    }

    /** This attribute, never changing. */
    public AttributeSpec fixed() {
        return with(AttributeQuality.FIXED);
    }

    /** This attribute, writable with {@code privilege}. */
    public AttributeSpec writable(Privilege privilege) {
        AttributeSpec w = with(AttributeQuality.WRITABLE);
        return new AttributeSpec(id, name, type, w.qualities, readPrivilege, privilege, fabricSensitiveFields,
                minLength, maxLength);
    }

    /** This attribute, writable only in a timed interaction. */
    public AttributeSpec timedWrite() {
        return with(AttributeQuality.TIMED_WRITE);
    }

    /** This attribute, readable with {@code privilege}. */
    public AttributeSpec read(Privilege privilege) {
        return new AttributeSpec(id, name, type, qualities, privilege, writePrivilege, fabricSensitiveFields,
                minLength, maxLength);
    }

    /** This attribute, with fabric-sensitive entry fields. */
    public AttributeSpec sensitiveFields(Integer... tags) {
        return new AttributeSpec(id, name, type, qualities, readPrivilege, writePrivilege, Set.of(tags),
                minLength, maxLength);
    }

    /** This string attribute, {@code min..max} long (UTF-8 bytes for a string, octets for an octet string). */
    public AttributeSpec length(int min, int max) {
        return new AttributeSpec(id, name, type, qualities, readPrivilege, writePrivilege, fabricSensitiveFields,
                min, max);
    }

    /** True when the attribute has {@code quality}. */
    public boolean is(AttributeQuality quality) {
        return qualities.contains(quality);
    }

    /**
     * True when {@code value} fits this declaration: null if nullable, else a list of the type or the type, with a
     * string's length within bounds.
     */
    public boolean accepts(TlvElement value) {
        if (value instanceof TlvElement.Null) {
            return is(AttributeQuality.NULLABLE);
        }
        if (is(AttributeQuality.LIST)) {
            return value instanceof TlvElement.Array array && array.members().stream().allMatch(this::fits);
        }
        return fits(value);
    }

    private boolean fits(TlvElement value) {
        if (!type.accepts(value)) {
            return false;
        }
        int length;
        if (value instanceof TlvElement.Utf8 text) {
            length = text.value().getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        } else if (value instanceof TlvElement.Octets octets) {
            length = octets.value().length();
        } else {
            return true;
        }
        return length >= minLength && (maxLength == -1 || length <= maxLength);
    }
}
