package org.cpebridge.core.model;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A device as the core knows it: identity, the household's name and room, reachability and an ordered list of
 * capabilities. Immutable; a change makes a new instance. Current attribute values live in the registry's state
 * store, not here.
 *
 * @param reachable    whether the adapter can talk to the device now
 * @param statusReason why the device is unreachable (or "" when it is reachable): shown to people, never parsed
 * @param kind         what the device is, when its adapter knows ({@link DeviceKind#UNSPECIFIED} otherwise)
 * @param excludedFromMatter the household chose to leave the device out of Matter (the Matter face shows no
 *                     endpoint for it); like the name and room, the household's and kept when the adapter reports it
 */
public record Device(DeviceId id, String vendor, String model, String serial, String firmware, String name,
                     String room, boolean reachable, String statusReason, List<Capability> capabilities,
                     DeviceKind kind, boolean excludedFromMatter) {

    public Device {
        Objects.requireNonNull(id, "id");
        vendor = Objects.requireNonNullElse(vendor, "");
        model = Objects.requireNonNullElse(model, "");
        serial = Objects.requireNonNullElse(serial, "");
        firmware = Objects.requireNonNullElse(firmware, "");
        name = Objects.requireNonNullElse(name, "");
        room = Objects.requireNonNullElse(room, "");
        statusReason = Objects.requireNonNullElse(statusReason, "");
        kind = Objects.requireNonNullElse(kind, DeviceKind.UNSPECIFIED);
        capabilities = List.copyOf(capabilities);
        Set<String> keys = new HashSet<>();
        for (Capability capability : capabilities) {
            if (!keys.add(capability.key())) {
                throw new IllegalArgumentException(id + ": duplicate capability " + capability.key());
            }
        }
    }

    public static Builder builder(DeviceId id) {
        return new Builder(id);
    }

    public Builder toBuilder() {
        return new Builder(id).vendor(vendor).model(model).serial(serial).firmware(firmware).name(name).room(room)
                .reachable(reachable, statusReason).capabilities(capabilities).kind(kind)
                .excludedFromMatter(excludedFromMatter);
    }

    public Optional<Capability> capability(String key) {
        return capabilities.stream().filter(c -> c.key().equals(key)).findFirst();
    }

    public Device withName(String newName) {
        return toBuilder().name(newName).build();
    }

    public Device withRoom(String newRoom) {
        return toBuilder().room(newRoom).build();
    }

    public Device withExcludedFromMatter(boolean excluded) {
        return toBuilder().excludedFromMatter(excluded).build();
    }

    public Device withReachability(boolean isReachable, String reason) {
        return toBuilder().reachable(isReachable, reason).build();
    }

    /** Fluent construction for adapters. */
    public static final class Builder {
        private final DeviceId id;
        private String vendor = "";
        private String model = "";
        private String serial = "";
        private String firmware = "";
        private String name = "";
        private String room = "";
        private boolean reachable = true;
        private String statusReason = "";
        private List<Capability> capabilities = List.of();
        private DeviceKind kind = DeviceKind.UNSPECIFIED;
        private boolean excludedFromMatter;

        private Builder(DeviceId id) {
            this.id = id;
        }

        public Builder vendor(String value) {
            vendor = value;
            return this;
        }

        public Builder model(String value) {
            model = value;
            return this;
        }

        public Builder serial(String value) {
            serial = value;
            return this;
        }

        public Builder firmware(String value) {
            firmware = value;
            return this;
        }

        public Builder name(String value) {
            name = value;
            return this;
        }

        public Builder room(String value) {
            room = value;
            return this;
        }

        public Builder reachable(boolean value, String reason) {
            reachable = value;
            statusReason = value ? "" : reason;
            return this;
        }

        public Builder capabilities(List<Capability> value) {
            capabilities = value;
            return this;
        }

        public Builder capabilities(Capability... value) {
            capabilities = List.of(value);
            return this;
        }

        /** What the device is, when the adapter knows it from the device; null means unspecified. */
        public Builder kind(DeviceKind value) {
            kind = value;
            return this;
        }

        /** The household's choice to leave the device out of Matter (adapters leave it alone). */
        public Builder excludedFromMatter(boolean value) {
            excludedFromMatter = value;
            return this;
        }

        public Device build() {
            return new Device(id, vendor, model, serial, firmware, name, room, reachable, statusReason,
                    capabilities, kind, excludedFromMatter);
        }
    }
}
