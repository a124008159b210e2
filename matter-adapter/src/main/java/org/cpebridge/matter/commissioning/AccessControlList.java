package org.cpebridge.matter.commissioning;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.cpebridge.core.json.Json;
import org.cpebridge.core.store.DurableStore;
import org.cpebridge.core.store.StoreException;
import org.cpebridge.matter.cluster.AccessChecker;
import org.cpebridge.matter.cluster.AccessSubject;
import org.cpebridge.matter.cluster.AuthMode;
import org.cpebridge.matter.cluster.Privilege;
import org.cpebridge.matter.tlv.TlvElement;
import org.cpebridge.matter.tlv.TlvTag;

/**
 * The node's access control entries (Matter core 9.10, Access Control cluster 9.10.5), per fabric, persisted in
 * {@value #RECORD} and enforced on every concrete path: a subject is granted a privilege when an entry of its fabric
 * with its auth mode names it (or names nobody) and covers the endpoint and cluster, with a privilege that grants the
 * one needed. A CASE session of a fabric without entries is granted nothing. Owned by the node loop.
 */
public final class AccessControlList implements AccessChecker {

    /** Store record name. */
    public static final String RECORD = "matter/acl";
    static final int FORMAT_VERSION = 1;

    /** What an entry covers: any of endpoint and cluster may be absent (all). */
    public record Target(OptionalInt endpoint, OptionalLong cluster) {
        public Target {
            Objects.requireNonNull(endpoint, "endpoint");
            Objects.requireNonNull(cluster, "cluster");
        }

        boolean covers(int endpointId, long clusterId) {
            return (endpoint.isEmpty() || endpoint.getAsInt() == endpointId)
                    && (cluster.isEmpty() || cluster.getAsLong() == clusterId);
        }
    }

    /** One entry; empty subjects or targets mean all. */
    public record Entry(int fabricIndex, Privilege privilege, AuthMode authMode, List<Long> subjects,
                        List<Target> targets) {
        public Entry {
            if (fabricIndex < 1 || fabricIndex > 254) {
                throw new IllegalArgumentException("fabric index out of range 1..254: " + fabricIndex);
            }
            Objects.requireNonNull(privilege, "privilege");
            Objects.requireNonNull(authMode, "authMode");
            subjects = List.copyOf(subjects);
            targets = List.copyOf(targets);
        }

        /** The administrator entry AddNOC creates for the CaseAdminSubject (Matter core 11.18.6.8). */
        public static Entry administrator(int fabricIndex, long caseAdminSubject) {
            return new Entry(fabricIndex, Privilege.ADMINISTER, AuthMode.CASE, List.of(caseAdminSubject), List.of());
        }

        boolean grants(AccessSubject subject, int endpoint, long cluster, Privilege needed) {
            return subject.fabricIndex() == fabricIndex && subject.authMode() == authMode
                    && (subjects.isEmpty() || subjects.contains(subject.subject())
                    || subject.caseAuthenticatedTags().stream().anyMatch(subjects::contains))
                    && (targets.isEmpty() || targets.stream().anyMatch(t -> t.covers(endpoint, cluster)))
                    && privilege.grants(needed);
        }
    }

    private final DurableStore store;
    private final List<Entry> entries = new ArrayList<>();

    private AccessControlList(DurableStore store) {
        this.store = store;
    }

    /** Loads the stored entries (none at first start). */
    public static AccessControlList load(DurableStore store) {
        AccessControlList acl = new AccessControlList(store);
        store.read(RECORD).ifPresent(record -> {
            acl.entries.addAll(decode(record.textOfFormat(FORMAT_VERSION)));
        });
        return acl;
    }

    @Override
    public boolean allows(AccessSubject subject, int endpoint, long cluster, Privilege privilege) {
        return entries.stream().anyMatch(entry -> entry.grants(subject, endpoint, cluster, privilege));
    }

    public List<Entry> entries() {
        return List.copyOf(entries);
    }

    /** Adds an entry durably. */
    public void add(Entry entry) {
        entries.add(entry);
        save();
    }

    /** Removes every entry of a fabric durably (RemoveFabric, or a rolled-back AddNOC). */
    public void removeFabric(int fabricIndex) {
        if (entries.removeIf(entry -> entry.fabricIndex() == fabricIndex)) {
            save();
        }
    }

    /** The ACL attribute's value: AccessControlEntryStruct list (Matter core 9.10.5.3). */
    public TlvElement attributeValue() {
        List<TlvElement> structs = new ArrayList<>();
        for (Entry entry : entries) {
            List<TlvElement> subjects = entry.subjects().stream()
                    .map(s -> (TlvElement) new TlvElement.UnsignedInt(TlvTag.anonymous(), s)).toList();
            List<TlvElement> targets = new ArrayList<>();
            for (Target target : entry.targets()) {
                targets.add(new TlvElement.Structure(TlvTag.anonymous(), List.of(
                        target.cluster().isPresent() ? new TlvElement.UnsignedInt(TlvTag.context(0),
                                target.cluster().getAsLong()) : new TlvElement.Null(TlvTag.context(0)),
                        target.endpoint().isPresent() ? new TlvElement.UnsignedInt(TlvTag.context(1),
                                target.endpoint().getAsInt()) : new TlvElement.Null(TlvTag.context(1)),
                        new TlvElement.Null(TlvTag.context(2)))));
            }
            structs.add(new TlvElement.Structure(TlvTag.anonymous(), List.of(
                    new TlvElement.UnsignedInt(TlvTag.context(1), entry.privilege().code()),
                    new TlvElement.UnsignedInt(TlvTag.context(2), entry.authMode().code()),
                    subjects.isEmpty() ? new TlvElement.Null(TlvTag.context(3))
                            : new TlvElement.Array(TlvTag.context(3), subjects),
                    targets.isEmpty() ? new TlvElement.Null(TlvTag.context(4))
                            : new TlvElement.Array(TlvTag.context(4), targets),
                    new TlvElement.UnsignedInt(TlvTag.context(0xFE), entry.fabricIndex()))));
        }
        return new TlvElement.Array(TlvTag.anonymous(), structs);
    }

    private void save() {
        List<Object> list = new ArrayList<>();
        for (Entry entry : entries) {
            Map<String, Object> object = new LinkedHashMap<>();
            object.put("fabricIndex", entry.fabricIndex());
            object.put("privilege", entry.privilege().name());
            object.put("authMode", entry.authMode().name());
            object.put("subjects", entry.subjects().stream().map(Long::toUnsignedString).toList());
            List<Object> targets = new ArrayList<>();
            for (Target target : entry.targets()) {
                Map<String, Object> t = new LinkedHashMap<>();
                t.put("endpoint", target.endpoint().isPresent() ? target.endpoint().getAsInt() : null);
                t.put("cluster", target.cluster().isPresent() ? target.cluster().getAsLong() : null);
                targets.add(t);
            }
            object.put("targets", targets);
            list.add(object);
        }
        store.write(RECORD, FORMAT_VERSION, Json.write(list).getBytes(StandardCharsets.UTF_8));
    }

    @SuppressWarnings("unchecked")
    private static List<Entry> decode(String text) {
        try {
            List<Entry> decoded = new ArrayList<>();
            for (Object element : (List<Object>) Json.parse(text)) {
                Map<String, Object> object = (Map<String, Object>) element;
                List<Long> subjects = ((List<Object>) object.get("subjects")).stream()
                        .map(s -> Long.parseUnsignedLong((String) s)).toList();
                List<Target> targets = new ArrayList<>();
                for (Object t : (List<Object>) object.get("targets")) {
                    Map<String, Object> target = (Map<String, Object>) t;
                    targets.add(new Target(target.get("endpoint") == null ? OptionalInt.empty()
                            : OptionalInt.of(((Number) target.get("endpoint")).intValue()),
                            target.get("cluster") == null ? OptionalLong.empty()
                                    : OptionalLong.of(((Number) target.get("cluster")).longValue())));
                }
                decoded.add(new Entry(((Number) object.get("fabricIndex")).intValue(),
                        Privilege.valueOf((String) object.get("privilege")),
                        AuthMode.valueOf((String) object.get("authMode")), subjects, targets));
            }
            return decoded;
        } catch (RuntimeException e) {
            throw new StoreException(RECORD + " is not a valid access control list: " + e.getMessage(), e);
        }
    }
}
