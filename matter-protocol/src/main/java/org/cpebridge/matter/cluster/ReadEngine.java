package org.cpebridge.matter.cluster;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.cpebridge.matter.im.AttributeDataIb;
import org.cpebridge.matter.im.AttributePathIb;
import org.cpebridge.matter.im.AttributeReportIb;
import org.cpebridge.matter.im.AttributeStatusIb;
import org.cpebridge.matter.im.DataVersionFilterIb;
import org.cpebridge.matter.im.ImStatus;
import org.cpebridge.matter.tlv.TlvElement;
import org.cpebridge.matter.tlv.TlvTag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves the attribute part of Read and Subscribe (Core spec 1.4 "Read Interaction", "Incoming Read Request
 * Action"). Wildcard paths expand over what exists and silently skip what the subject may not read; a concrete path
 * that fails gets a status, in the spec's order: access (with the attribute's read privilege, View when the
 * attribute is unknown), endpoint, cluster, attribute. Clusters whose data version matches a DataVersionFilter are
 * left out. Fabric-scoped lists are filtered to the accessing fabric when the read is fabric-filtered; otherwise the
 * fabric-sensitive fields of other fabrics' entries are removed. An attribute without a value (a model not fully
 * filled in) is FAILURE on a concrete path and left out of a wildcard expansion.
 *
 * <p>Stateless; runs on the node's serial executor, which owns the {@link DataModel}.
 */
public final class ReadEngine {

    private static final Logger LOG = LoggerFactory.getLogger(ReadEngine.class);

    /** Context tag of the FabricIndex field of fabric-scoped structs. */
    public static final int FABRIC_INDEX_TAG = 0xFE;

    private final DataModel model;
    private final AccessChecker access;

    /** An engine over {@code model}. */
    public ReadEngine(DataModel model, AccessChecker access) {
        this.model = Objects.requireNonNull(model, "model");
        this.access = Objects.requireNonNull(access, "access");
    }

    /** The model read. */
    DataModel model() {
        return model;
    }

    /** Reads {@code paths} for {@code subject}, in path order. */
    public List<AttributeReportIb> read(AccessSubject subject, List<AttributePathIb> paths,
            List<DataVersionFilterIb> filters, boolean fabricFiltered) {
        List<AttributeReportIb> reports = new ArrayList<>();
        for (AttributePathIb path : paths) {
            if (path.isConcrete()) {
                readConcrete(subject, path, filters, fabricFiltered, reports);
            } else {
                readWildcard(subject, path, filters, fabricFiltered, reports);
            }
        }
        return reports;
    }

    private void readConcrete(AccessSubject subject, AttributePathIb path, List<DataVersionFilterIb> filters,
            boolean fabricFiltered, List<AttributeReportIb> out) {
        int endpointId = path.endpoint().getAsInt();
        long clusterId = path.cluster().getAsLong();
        long attributeId = path.attribute().getAsLong();
        Optional<ClusterInstance> cluster = model.cluster(endpointId, clusterId);
        Optional<AttributeSpec> attribute = cluster.flatMap(c -> c.attribute(attributeId));
        Privilege needed = attribute.map(AttributeSpec::readPrivilege).orElse(Privilege.VIEW);
        AttributePathIb reported = path.withoutListIndex();
        if (!access.allows(subject, endpointId, clusterId, needed)) {
            out.add(AttributeStatusIb.of(reported, ImStatus.UNSUPPORTED_ACCESS));
        } else if (model.endpoint(endpointId).isEmpty()) {
            out.add(AttributeStatusIb.of(reported, ImStatus.UNSUPPORTED_ENDPOINT));
        } else if (cluster.isEmpty()) {
            out.add(AttributeStatusIb.of(reported, ImStatus.UNSUPPORTED_CLUSTER));
        } else if (attribute.isEmpty()) {
            out.add(AttributeStatusIb.of(reported, ImStatus.UNSUPPORTED_ATTRIBUTE));
        } else if (!filteredOut(cluster.get(), filters)) {
            out.add(report(subject, cluster.get(), attribute.get(), reported, fabricFiltered));
        }
    }

    private void readWildcard(AccessSubject subject, AttributePathIb path, List<DataVersionFilterIb> filters,
            boolean fabricFiltered, List<AttributeReportIb> out) {
        for (Endpoint endpoint : model.endpoints()) {
            if (path.endpoint().isPresent() && path.endpoint().getAsInt() != endpoint.id()) {
                continue;
            }
            for (ClusterInstance cluster : endpoint.clusters()) {
                if (path.cluster().isPresent() && path.cluster().getAsLong() != cluster.id()) {
                    continue;
                }
                if (filteredOut(cluster, filters)) {
                    continue;
                }
                // The access decision depends on the endpoint, the cluster and the privilege only: asked once per
                // privilege a cluster needs, not per attribute (a 200-device wildcard read has ~40 per endpoint).
                Map<Privilege, Boolean> allowed = new EnumMap<>(Privilege.class);
                for (long attributeId : cluster.attributeIds()) {
                    if (path.attribute().isPresent() && path.attribute().getAsLong() != attributeId) {
                        continue;
                    }
                    AttributeSpec attribute = cluster.attribute(attributeId).orElseThrow();
                    if (!allowed.computeIfAbsent(attribute.readPrivilege(),
                            privilege -> access.allows(subject, endpoint.id(), cluster.id(), privilege))) {
                        continue;
                    }
                    // Read once: a bridged attribute's value is computed from the core's state on every read.
                    Optional<TlvElement> value = cluster.valueFor(subject, attributeId);
                    if (value.isEmpty()) {
                        LOG.debug("wildcard read skips {} of cluster {} on endpoint {}: no value",
                                attribute.name(), cluster.spec().name(), endpoint.id());
                        continue;
                    }
                    AttributePathIb concrete = new AttributePathIb(false, OptionalLong.empty(),
                            OptionalInt.of(endpoint.id()), OptionalLong.of(cluster.id()), OptionalLong.of(attributeId),
                            Optional.empty(), OptionalLong.empty());
                    out.add(report(subject, cluster, attribute, concrete, value.get(), fabricFiltered));
                }
            }
        }
    }

    private static boolean filteredOut(ClusterInstance cluster, List<DataVersionFilterIb> filters) {
        for (DataVersionFilterIb filter : filters) {
            if (filter.path().endpoint() == cluster.endpoint() && filter.path().cluster() == cluster.id()
                    && filter.dataVersion() == cluster.dataVersion()) {
                return true;
            }
        }
        return false;
    }

    private AttributeReportIb report(AccessSubject subject, ClusterInstance cluster, AttributeSpec attribute,
            AttributePathIb path, boolean fabricFiltered) {
        Optional<TlvElement> value = cluster.valueFor(subject, attribute.id());
        if (value.isEmpty()) {
            LOG.debug("attribute {} of cluster {} on endpoint {} has no value", attribute.name(),
                    cluster.spec().name(), cluster.endpoint());
            return AttributeStatusIb.of(path, ImStatus.FAILURE);
        }
        return report(subject, cluster, attribute, path, value.get(), fabricFiltered);
    }

    private static AttributeReportIb report(AccessSubject subject, ClusterInstance cluster, AttributeSpec attribute,
            AttributePathIb path, TlvElement value, boolean fabricFiltered) {
        TlvElement data = value;
        if (attribute.is(AttributeQuality.FABRIC_SCOPED) && data instanceof TlvElement.Array entries) {
            data = fabricView(entries, attribute, subject, fabricFiltered);
        }
        return AttributeDataIb.of(cluster.dataVersion(), path, data);
    }

    /** What {@code subject} may see of a fabric-scoped list. */
    static TlvElement fabricView(TlvElement.Array entries, AttributeSpec attribute, AccessSubject subject,
            boolean fabricFiltered) {
        List<TlvElement> visible = new ArrayList<>();
        for (TlvElement entry : entries.members()) {
            boolean own = subject.hasFabric() && fabricIndexOf(entry) == subject.fabricIndex();
            if (own) {
                visible.add(entry);
            } else if (!fabricFiltered && entry instanceof TlvElement.Structure struct) {
                visible.add(new TlvElement.Structure(struct.tag(), struct.members().stream()
                        .filter(m -> !(m.tag() instanceof TlvTag.Context c
                                && attribute.fabricSensitiveFields().contains(c.number())))
                        .toList()));
            }
        }
        return new TlvElement.Array(entries.tag(), visible);
    }

    /** The FabricIndex (tag 0xFE) of a fabric-scoped entry, or -1. */
    public static long fabricIndexOf(TlvElement entry) {
        if (entry instanceof TlvElement.Structure struct
                && struct.member(FABRIC_INDEX_TAG).orElse(null) instanceof TlvElement.UnsignedInt index) {
            return index.value();
        }
        return -1;
    }
}
