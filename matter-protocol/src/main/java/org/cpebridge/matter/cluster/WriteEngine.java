package org.cpebridge.matter.cluster;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import org.cpebridge.matter.im.AttributeDataIb;
import org.cpebridge.matter.im.AttributePathIb;
import org.cpebridge.matter.im.AttributeStatusIb;
import org.cpebridge.matter.im.ImStatus;
import org.cpebridge.matter.im.ImTlv;
import org.cpebridge.matter.tlv.TlvElement;
import org.cpebridge.matter.tlv.TlvTag;

/**
 * Serves Write (Core spec 1.4 "Write Interaction", "Incoming Write Request Action"), one AttributeStatusIB per
 * write, checked in the order matter.js follows for 1.4: access (write privilege, Operate when unknown), endpoint,
 * cluster, attribute, writable, timed, fabric, data version, then the value against the declaration
 * (CONSTRAINT_ERROR) and the cluster's {@link WriteValidator}.
 *
 * <p>Lists: no ListIndex replaces the list; a null ListIndex appends one entry; a numbered ListIndex is
 * INVALID_ACTION. On a fabric-scoped list both touch only the accessing fabric's entries, whose FabricIndex (0xFE)
 * the engine sets. Paths with wildcards are INVALID_ACTION (unicast writes name concrete paths).
 *
 * <p>Access is checked once per concrete path and write interaction ({@link Interaction}): a list written as
 * "replace with empty, then append each entry", in one message or in chunks, keeps the access its first write had,
 * even when that first write is the one taking the writer's own ACL entry away (as the SDK does).
 *
 * <p>Runs on the node's serial executor, which owns the {@link DataModel}.
 */
public final class WriteEngine {

    private final DataModel model;
    private final AccessChecker access;
    private final Map<Long, WriteValidator> validators = new HashMap<>();
    private final Map<List<Long>, AttributeWriter> writers = new HashMap<>();

    /** The paths a write interaction (all its chunks) was already granted. */
    public static final class Interaction {
        private final Set<AttributePathIb> granted = new HashSet<>();
    }

    /** An engine over {@code model}. */
    public WriteEngine(DataModel model, AccessChecker access) {
        this.model = Objects.requireNonNull(model, "model");
        this.access = Objects.requireNonNull(access, "access");
    }

    /** Registers the validator of cluster {@code clusterId}, on every endpoint. */
    public void setValidator(long clusterId, WriteValidator validator) {
        validators.put(clusterId, Objects.requireNonNull(validator, "validator"));
    }

    /** Registers who stores attribute {@code attributeId} of cluster {@code clusterId}, on every endpoint. */
    public void setWriter(long clusterId, long attributeId, AttributeWriter writer) {
        writers.put(List.of(clusterId, attributeId), Objects.requireNonNull(writer, "writer"));
    }

    /** Applies the writes of a single-message write interaction in order. */
    public List<AttributeStatusIb> write(AccessSubject subject, List<AttributeDataIb> writes, boolean timed) {
        return write(subject, writes, timed, new Interaction());
    }

    /** Applies the writes in order, as part of {@code interaction} (one per write exchange, across its chunks). */
    public List<AttributeStatusIb> write(AccessSubject subject, List<AttributeDataIb> writes, boolean timed,
            Interaction interaction) {
        List<AttributeStatusIb> statuses = new ArrayList<>();
        for (AttributeDataIb write : writes) {
            statuses.add(AttributeStatusIb.of(write.path(), writeOne(subject, write, timed, interaction)));
        }
        return statuses;
    }

    private ImStatus writeOne(AccessSubject subject, AttributeDataIb write, boolean timed, Interaction interaction) {
        AttributePathIb path = write.path();
        if (!path.isConcrete()) {
            return ImStatus.INVALID_ACTION;
        }
        int endpointId = path.endpoint().getAsInt();
        long clusterId = path.cluster().getAsLong();
        Optional<ClusterInstance> found = model.cluster(endpointId, clusterId);
        Optional<AttributeSpec> declared = found.flatMap(c -> c.attribute(path.attribute().getAsLong()));
        Privilege needed = declared.map(AttributeSpec::writePrivilege).orElse(Privilege.OPERATE);
        AttributePathIb concrete = new AttributePathIb(false, OptionalLong.empty(), OptionalInt.of(endpointId),
                OptionalLong.of(clusterId), path.attribute(), Optional.empty(), OptionalLong.empty());
        if (!interaction.granted.contains(concrete)) {
            if (!access.allows(subject, endpointId, clusterId, needed)) {
                return ImStatus.UNSUPPORTED_ACCESS;
            }
            interaction.granted.add(concrete);
        }
        if (model.endpoint(endpointId).isEmpty()) {
            return ImStatus.UNSUPPORTED_ENDPOINT;
        }
        if (found.isEmpty()) {
            return ImStatus.UNSUPPORTED_CLUSTER;
        }
        if (declared.isEmpty()) {
            return ImStatus.UNSUPPORTED_ATTRIBUTE;
        }
        ClusterInstance cluster = found.get();
        AttributeSpec attribute = declared.get();
        if (!attribute.is(AttributeQuality.WRITABLE)) {
            return ImStatus.UNSUPPORTED_WRITE;
        }
        if (attribute.is(AttributeQuality.TIMED_WRITE) && !timed) {
            return ImStatus.NEEDS_TIMED_INTERACTION;
        }
        boolean fabricScoped = attribute.is(AttributeQuality.FABRIC_SCOPED);
        if (fabricScoped && !subject.hasFabric()) {
            return ImStatus.UNSUPPORTED_ACCESS;
        }
        if (write.dataVersion().isPresent() && write.dataVersion().getAsLong() != cluster.dataVersion()) {
            return ImStatus.DATA_VERSION_MISMATCH;
        }
        Optional<TlvElement> newValue = path.listIndex().isPresent()
                ? appended(subject, cluster, attribute, path.listIndex().get(), write.data())
                : Optional.of(fabricScoped ? replacedForFabric(subject, cluster, attribute, write.data())
                        : write.data());
        if (newValue.isEmpty()) {
            return ImStatus.INVALID_ACTION;
        }
        if (!attribute.accepts(newValue.get())) {
            return ImStatus.CONSTRAINT_ERROR;
        }
        ImStatus verdict = validators.getOrDefault(clusterId, WriteValidator.ACCEPT_ALL)
                .validate(subject, cluster, attribute, newValue.get());
        if (!verdict.isSuccess()) {
            return verdict;
        }
        AttributeWriter writer = writers.get(List.of(clusterId, attribute.id()));
        if (writer != null) {
            return writer.write(subject, cluster, attribute, newValue.get());
        }
        cluster.set(attribute.id(), newValue.get());
        return ImStatus.SUCCESS;
    }

    private Optional<TlvElement> appended(AccessSubject subject, ClusterInstance cluster, AttributeSpec attribute,
            AttributePathIb.ListIndex index, TlvElement item) {
        if (!index.isAppend() || !attribute.is(AttributeQuality.LIST)) {
            return Optional.empty();
        }
        List<TlvElement> entries = new ArrayList<>(currentEntries(cluster, attribute));
        entries.add(attribute.is(AttributeQuality.FABRIC_SCOPED) ? stamped(item, subject.fabricIndex()) : item);
        return Optional.of(new TlvElement.Array(TlvTag.anonymous(), entries));
    }

    private TlvElement replacedForFabric(AccessSubject subject, ClusterInstance cluster, AttributeSpec attribute,
            TlvElement data) {
        if (!(data instanceof TlvElement.Array replacement)) {
            return data;
        }
        List<TlvElement> entries = new ArrayList<>();
        for (TlvElement entry : currentEntries(cluster, attribute)) {
            if (ReadEngine.fabricIndexOf(entry) != subject.fabricIndex()) {
                entries.add(entry);
            }
        }
        for (TlvElement entry : replacement.members()) {
            entries.add(stamped(entry, subject.fabricIndex()));
        }
        return new TlvElement.Array(TlvTag.anonymous(), entries);
    }

    private static List<TlvElement> currentEntries(ClusterInstance cluster, AttributeSpec attribute) {
        return cluster.value(attribute.id()).filter(v -> v instanceof TlvElement.Array)
                .map(v -> ((TlvElement.Array) v).members()).orElse(List.of());
    }

    /** The entry with its FabricIndex field set to the accessing fabric, as the spec asks of the server. */
    private static TlvElement stamped(TlvElement entry, int fabricIndex) {
        if (!(entry instanceof TlvElement.Structure struct)) {
            return entry;
        }
        List<TlvElement> members = new ArrayList<>();
        for (TlvElement member : struct.members()) {
            if (!member.tag().equals(TlvTag.context(ReadEngine.FABRIC_INDEX_TAG))) {
                members.add(member);
            }
        }
        members.add(new TlvElement.UnsignedInt(TlvTag.context(ReadEngine.FABRIC_INDEX_TAG), fabricIndex));
        return ImTlv.anonymous(new TlvElement.Structure(struct.tag(), members));
    }
}
