package org.cpebridge.matter.bridge;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.cpebridge.matter.cluster.ClusterInstance;
import org.cpebridge.matter.cluster.ClusterSpec;
import org.cpebridge.matter.im.ImException;
import org.cpebridge.matter.im.ImStatus;
import org.cpebridge.matter.tlv.TlvElement;

/**
 * One cluster of a bridged endpoint, bound to a core device: each attribute that shows device state is computed from
 * the core's state store when read (the Matter layer keeps no copy of it); attributes that exist only in Matter
 * (OnTime, Options, StartUp values) are kept here; commands and state writes go to the core.
 *
 * <p>Owned by the node loop, like the data model it is part of.
 */
final class BoundCluster implements ClusterInstance.AttributeStore {

    /** A command's behaviour: the status to answer. */
    @FunctionalInterface
    interface Command {
        ImStatus invoke(TlvElement.Structure fields) throws ImException;
    }

    /** A write of an attribute that is device state: hands it to the core and says what to answer. */
    @FunctionalInterface
    interface Write {
        ImStatus write(TlvElement value);
    }

    private final ClusterSpec spec;
    private final Set<String> capabilityKeys;
    private final boolean showsDeviceFacts;
    private final Map<Long, Supplier<Optional<TlvElement>>> fromCore;
    private final Map<Long, TlvElement> matterOnly;
    private final Map<Long, Command> commands;
    private final Map<Long, Write> writes;
    private ClusterInstance instance;

    private BoundCluster(Builder builder) {
        this.spec = builder.spec;
        this.capabilityKeys = Set.copyOf(builder.capabilityKeys);
        this.showsDeviceFacts = builder.showsDeviceFacts;
        this.fromCore = Map.copyOf(builder.fromCore);
        this.matterOnly = new HashMap<>(builder.matterOnly);
        this.commands = Map.copyOf(builder.commands);
        this.writes = Map.copyOf(builder.writes);
    }

    static Builder builder(ClusterSpec spec, String... capabilityKeys) {
        return new Builder(spec, Set.of(capabilityKeys));
    }

    ClusterSpec spec() {
        return spec;
    }

    /** The core capabilities (keys) whose state this cluster shows. */
    Set<String> capabilityKeys() {
        return capabilityKeys;
    }

    /** Whether the device's own facts (name, reachability, identity) show here. */
    boolean showsDeviceFacts() {
        return showsDeviceFacts;
    }

    void attach(ClusterInstance attached) {
        this.instance = attached;
    }

    ClusterInstance instance() {
        return instance;
    }

    Optional<Command> command(long id) {
        return Optional.ofNullable(commands.get(id));
    }

    Optional<Write> write(long attributeId) {
        return Optional.ofNullable(writes.get(attributeId));
    }

    /** Whether {@code attributeId} is a Matter-only setting of this cluster (not device state). */
    boolean isSetting(long attributeId) {
        return matterOnly.containsKey(attributeId);
    }

    /**
     * Puts back a setting's stored value before the cluster is mounted; false (and nothing changed) when this
     * cluster has no such setting or its declaration does not accept the value.
     */
    boolean restoreSetting(long attributeId, TlvElement value) {
        boolean fits = isSetting(attributeId)
                && spec.attribute(attributeId).map(attribute -> attribute.accepts(value)).orElse(false);
        if (fits) {
            matterOnly.put(attributeId, value);
        }
        return fits;
    }

    @Override
    public Optional<TlvElement> get(long attributeId) {
        Supplier<Optional<TlvElement>> computed = fromCore.get(attributeId);
        return computed != null ? computed.get() : Optional.ofNullable(matterOnly.get(attributeId));
    }

    @Override
    public boolean set(long attributeId, TlvElement value) {
        if (fromCore.containsKey(attributeId)) {
            // Device state: the write went to the core; the core's change event moves the data version.
            return false;
        }
        return !value.equals(matterOnly.put(attributeId, value));
    }

    static final class Builder {
        private final ClusterSpec spec;
        private final Set<String> capabilityKeys;
        private boolean showsDeviceFacts;
        private final Map<Long, Supplier<Optional<TlvElement>>> fromCore = new HashMap<>();
        private final Map<Long, TlvElement> matterOnly = new HashMap<>();
        private final Map<Long, Command> commands = new HashMap<>();
        private final Map<Long, Write> writes = new HashMap<>();

        private Builder(ClusterSpec spec, Set<String> capabilityKeys) {
            this.spec = Objects.requireNonNull(spec, "spec");
            this.capabilityKeys = capabilityKeys;
        }

        Builder deviceFacts() {
            showsDeviceFacts = true;
            return this;
        }

        /** An attribute computed from the core on every read. */
        Builder core(long attributeId, Supplier<Optional<TlvElement>> value) {
            fromCore.put(attributeId, value);
            return this;
        }

        /** An attribute whose value never changes. */
        Builder fixed(long attributeId, TlvElement value) {
            fromCore.put(attributeId, () -> Optional.of(value));
            return this;
        }

        /** A Matter-only setting, starting at {@code initial}. */
        Builder setting(long attributeId, TlvElement initial) {
            matterOnly.put(attributeId, initial);
            return this;
        }

        Builder command(long id, Command command) {
            commands.put(id, command);
            return this;
        }

        Builder write(long attributeId, Write write) {
            writes.put(attributeId, write);
            return this;
        }

        BoundCluster build() {
            for (var attribute : spec.attributes()) {
                if (!fromCore.containsKey(attribute.id()) && !matterOnly.containsKey(attribute.id())) {
                    throw new IllegalStateException(spec.name() + "." + attribute.name() + " has no value source");
                }
            }
            return new BoundCluster(this);
        }
    }
}
