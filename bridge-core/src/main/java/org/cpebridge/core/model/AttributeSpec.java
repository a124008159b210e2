package org.cpebridge.core.model;

import java.util.Objects;

/**
 * One attribute of a capability: its name (unique in the capability), value shape, privacy class and whether a
 * controller may write it.
 */
public record AttributeSpec(String name, ValueSpec spec, PrivacyClass privacy, boolean writable) {

    public AttributeSpec {
        Names.check("attribute", name);
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(privacy, "privacy");
    }

    public static AttributeSpec readOnly(String name, ValueSpec spec, PrivacyClass privacy) {
        return new AttributeSpec(name, spec, privacy, false);
    }

    public static AttributeSpec writable(String name, ValueSpec spec, PrivacyClass privacy) {
        return new AttributeSpec(name, spec, privacy, true);
    }

    public AttributeSpec withRange(Double min, Double max) {
        return new AttributeSpec(name, spec.withRange(min, max), privacy, writable);
    }
}
