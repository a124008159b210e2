package org.cpebridge.matter.cluster;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.cpebridge.matter.im.ImTlv;
import org.cpebridge.matter.tlv.TlvElement;
import org.cpebridge.matter.tlv.TlvTag;

/**
 * One server cluster on one endpoint: its declaration, its attribute values (raw TLV) and its data version, which
 * moves on every change (Core spec "Data Version"). Global attributes are computed from the declaration.
 *
 * <p>Owned by the node's serial executor; not thread-safe.
 */
public final class ClusterInstance {

    private final int endpoint;
    private final ClusterSpec spec;
    private final boolean exposeEventList;
    private final Map<Long, TlvElement> values = new HashMap<>();
    private final AttributeStore store;
    private final Map<Long, Function<AccessSubject, TlvElement>> perSubject = new HashMap<>();
    private long dataVersion;

    /**
     * Where the values of a cluster live when not in the instance itself: a bridged device's values live in the core's
     * state store, and the Matter layer must not keep a second copy. Called on the node's serial executor.
     */
    public interface AttributeStore {
        /** The current value of a non-global attribute (anonymous TLV), empty when unknown. */
        Optional<TlvElement> get(long attributeId);

        /**
         * Takes a value the node sets (a write that passed every check).
         *
         * @return true when the value changed (the data version then moves)
         */
        boolean set(long attributeId, TlvElement value);
    }

    ClusterInstance(int endpoint, ClusterSpec spec, long initialDataVersion, boolean exposeEventList,
            AttributeStore store) {
        this.endpoint = endpoint;
        this.spec = Objects.requireNonNull(spec, "spec");
        this.dataVersion = initialDataVersion & 0xFFFF_FFFFL;
        this.exposeEventList = exposeEventList;
        this.store = store;
    }

    /** The endpoint this instance is on. */
    public int endpoint() {
        return endpoint;
    }

    /** The declaration. */
    public ClusterSpec spec() {
        return spec;
    }

    /** The cluster id. */
    public long id() {
        return spec.id();
    }

    /** Current data version, u32. */
    public long dataVersion() {
        return dataVersion;
    }

    /** The declaration of {@code attributeId}, global ones included, if this instance has it. */
    public Optional<AttributeSpec> attribute(long attributeId) {
        return spec.attribute(attributeId, exposeEventList);
    }

    /** Every attribute id of this instance, ascending. */
    public List<Long> attributeIds() {
        return spec.attributeIds(exposeEventList);
    }

    /** The current value of an attribute (anonymous TLV), global ones computed; empty when never set. */
    public Optional<TlvElement> value(long attributeId) {
        if (GlobalAttributes.isGlobal(attributeId)) {
            return global(attributeId);
        }
        return store != null ? store.get(attributeId) : Optional.ofNullable(values.get(attributeId));
    }

    /**
     * The value of an attribute as {@code subject} reads it: the per-subject value when the attribute has one
     * (OperationalCredentials CurrentFabricIndex is the reader's fabric), else {@link #value(long)}.
     */
    public Optional<TlvElement> valueFor(AccessSubject subject, long attributeId) {
        Function<AccessSubject, TlvElement> computed = perSubject.get(attributeId);
        return computed != null ? Optional.of(ImTlv.anonymous(computed.apply(subject))) : value(attributeId);
    }

    /**
     * Makes an attribute's value depend on who reads it. The stored value (from {@link #set}) stays what
     * {@link #value(long)} answers.
     */
    public void setPerSubject(long attributeId, Function<AccessSubject, TlvElement> value) {
        spec.attribute(attributeId).filter(a -> !GlobalAttributes.isGlobal(a.id()))
                .orElseThrow(() -> new IllegalArgumentException(spec.name() + " has no attribute " + attributeId));
        perSubject.put(attributeId, Objects.requireNonNull(value, "value"));
    }

    /**
     * Sets an attribute; the data version moves when the value changes.
     *
     * @return true when the value changed
     * @throws IllegalArgumentException for an attribute not declared, a global one, or a value its declaration
     *     does not accept
     */
    public boolean set(long attributeId, TlvElement value) {
        AttributeSpec attribute = spec.attribute(attributeId)
                .filter(a -> !GlobalAttributes.isGlobal(a.id()))
                .orElseThrow(() -> new IllegalArgumentException(spec.name() + " has no settable attribute "
                        + attributeId));
        TlvElement anonymous = ImTlv.anonymous(value);
        if (!attribute.accepts(anonymous)) {
            throw new IllegalArgumentException(spec.name() + "." + attribute.name() + " does not accept " + value);
        }
        if (store != null) {
            boolean changed = store.set(attributeId, anonymous);
            if (changed) {
                bumpDataVersion();
            }
            return changed;
        }
        TlvElement previous = values.put(attributeId, anonymous);
        if (anonymous.equals(previous)) {
            return false;
        }
        bumpDataVersion();
        return true;
    }

    /** Moves the data version on (u32, wrapping). */
    public void bumpDataVersion() {
        dataVersion = (dataVersion + 1) & 0xFFFF_FFFFL;
    }

    private Optional<TlvElement> global(long attributeId) {
        if (attributeId == GlobalAttributes.CLUSTER_REVISION) {
            return Optional.of(new TlvElement.UnsignedInt(TlvTag.anonymous(), spec.revision()));
        }
        if (attributeId == GlobalAttributes.FEATURE_MAP) {
            return Optional.of(new TlvElement.UnsignedInt(TlvTag.anonymous(), spec.featureMap()));
        }
        if (attributeId == GlobalAttributes.ATTRIBUTE_LIST) {
            return Optional.of(ids(attributeIds()));
        }
        if (attributeId == GlobalAttributes.ACCEPTED_COMMAND_LIST) {
            return Optional.of(ids(spec.acceptedCommands()));
        }
        if (attributeId == GlobalAttributes.GENERATED_COMMAND_LIST) {
            return Optional.of(ids(spec.generatedCommands()));
        }
        if (attributeId == GlobalAttributes.EVENT_LIST && exposeEventList) {
            return Optional.of(ids(spec.eventIds()));
        }
        return Optional.empty();
    }

    private static TlvElement ids(List<Long> ids) {
        return new TlvElement.Array(TlvTag.anonymous(),
                ids.stream().map(id -> (TlvElement) new TlvElement.UnsignedInt(TlvTag.anonymous(), id)).toList());
    }
}
