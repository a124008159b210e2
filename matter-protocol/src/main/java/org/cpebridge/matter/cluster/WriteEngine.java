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
import java.util.concurrent.CompletableFuture;
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
 * <p>A cluster whose attributes are a device's state registers a {@link DeviceWriter}: it takes over a write that
 * passed every check and answers when the device has (a refusal through the device-error table, TIMEOUT at its own
 * bound), so the WriteResponse says what became of the write instead of SUCCESS before anyone answered.
 * {@link #start} gives each status as a future for that; the writes themselves are still applied in order, each
 * handed over before the next is checked.
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
    private final Map<Long, DeviceWriter> deviceWriters = new HashMap<>();

    /**
     * Takes over writes of a cluster whose attributes are a device's state, after the generic checks and the
     * cluster's {@link WriteValidator}. Runs on the engine's thread.
     */
    @FunctionalInterface
    public interface DeviceWriter {
        /**
         * Hands the write to the device, or declines it.
         *
         * @return empty when the attribute is not device state (the engine stores it as usual); else the status, which
         *     may complete later on any thread and never exceptionally. The writer bounds the wait itself.
         */
        Optional<CompletableFuture<ImStatus>> write(AccessSubject subject, ClusterInstance cluster,
                AttributeSpec attribute, TlvElement newValue);
    }

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

    /** Registers who hands writes of cluster {@code clusterId} to its device, on every endpoint. */
    public void setDeviceWriter(long clusterId, DeviceWriter writer) {
        deviceWriters.put(clusterId, Objects.requireNonNull(writer, "writer"));
    }

    /**
     * Applies the writes of a single-message write interaction in order, for callers that cannot wait: a status a
     * {@link DeviceWriter} has not answered yet reads SUCCESS (the write was handed to the device).
     */
    public List<AttributeStatusIb> write(AccessSubject subject, List<AttributeDataIb> writes, boolean timed) {
        return write(subject, writes, timed, new Interaction());
    }

    /** As {@link #write(AccessSubject, List, boolean)}, as part of {@code interaction}. */
    public List<AttributeStatusIb> write(AccessSubject subject, List<AttributeDataIb> writes, boolean timed,
            Interaction interaction) {
        List<CompletableFuture<AttributeStatusIb>> started = start(subject, writes, timed, interaction);
        List<AttributeStatusIb> statuses = new ArrayList<>();
        for (int i = 0; i < started.size(); i++) {
            statuses.add(started.get(i).getNow(AttributeStatusIb.of(writes.get(i).path(), ImStatus.SUCCESS)));
        }
        return statuses;
    }

    /**
     * Applies the writes in order, as part of {@code interaction} (one per write exchange, across its chunks); each
     * status completes when known (at once, unless a {@link DeviceWriter} answers later).
     */
    public List<CompletableFuture<AttributeStatusIb>> start(AccessSubject subject, List<AttributeDataIb> writes,
            boolean timed, Interaction interaction) {
        List<CompletableFuture<AttributeStatusIb>> statuses = new ArrayList<>();
        for (AttributeDataIb write : writes) {
            // A device writer's future that fails anyway answers FAILURE rather than leave the response hanging.
            statuses.add(writeOne(subject, write, timed, interaction).handle((status, failure) ->
                    AttributeStatusIb.of(write.path(), status != null ? status : ImStatus.FAILURE)));
        }
        return statuses;
    }

    private CompletableFuture<ImStatus> writeOne(AccessSubject subject, AttributeDataIb write, boolean timed,
            Interaction interaction) {
        AttributePathIb path = write.path();
        if (!path.isConcrete()) {
            return done(ImStatus.INVALID_ACTION);
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
                return done(ImStatus.UNSUPPORTED_ACCESS);
            }
            interaction.granted.add(concrete);
        }
        if (model.endpoint(endpointId).isEmpty()) {
            return done(ImStatus.UNSUPPORTED_ENDPOINT);
        }
        if (found.isEmpty()) {
            return done(ImStatus.UNSUPPORTED_CLUSTER);
        }
        if (declared.isEmpty()) {
            return done(ImStatus.UNSUPPORTED_ATTRIBUTE);
        }
        ClusterInstance cluster = found.get();
        AttributeSpec attribute = declared.get();
        if (!attribute.is(AttributeQuality.WRITABLE)) {
            return done(ImStatus.UNSUPPORTED_WRITE);
        }
        if (attribute.is(AttributeQuality.TIMED_WRITE) && !timed) {
            return done(ImStatus.NEEDS_TIMED_INTERACTION);
        }
        boolean fabricScoped = attribute.is(AttributeQuality.FABRIC_SCOPED);
        if (fabricScoped && !subject.hasFabric()) {
            return done(ImStatus.UNSUPPORTED_ACCESS);
        }
        if (write.dataVersion().isPresent() && write.dataVersion().getAsLong() != cluster.dataVersion()) {
            return done(ImStatus.DATA_VERSION_MISMATCH);
        }
        Optional<TlvElement> newValue = path.listIndex().isPresent()
                ? appended(subject, cluster, attribute, path.listIndex().get(), write.data())
                : Optional.of(fabricScoped ? replacedForFabric(subject, cluster, attribute, write.data())
                        : write.data());
        if (newValue.isEmpty()) {
            return done(ImStatus.INVALID_ACTION);
        }
        if (!attribute.accepts(newValue.get())) {
            return done(ImStatus.CONSTRAINT_ERROR);
        }
        ImStatus verdict = validators.getOrDefault(clusterId, WriteValidator.ACCEPT_ALL)
                .validate(subject, cluster, attribute, newValue.get());
        if (!verdict.isSuccess()) {
            return done(verdict);
        }
        DeviceWriter deviceWriter = deviceWriters.get(clusterId);
        if (deviceWriter != null) {
            Optional<CompletableFuture<ImStatus>> handed = deviceWriter.write(subject, cluster, attribute,
                    newValue.get());
            if (handed.isPresent()) {
                return handed.get();
            }
        }
        AttributeWriter writer = writers.get(List.of(clusterId, attribute.id()));
        if (writer != null) {
            return done(writer.write(subject, cluster, attribute, newValue.get()));
        }
        cluster.set(attribute.id(), newValue.get());
        return done(ImStatus.SUCCESS);
    }

    private static CompletableFuture<ImStatus> done(ImStatus status) {
        return CompletableFuture.completedFuture(status);
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
