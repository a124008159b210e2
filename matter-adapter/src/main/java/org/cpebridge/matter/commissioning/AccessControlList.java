package org.cpebridge.matter.commissioning;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.IntFunction;
import org.cpebridge.core.json.Json;
import org.cpebridge.core.store.DurableStore;
import org.cpebridge.core.store.StoreException;
import org.cpebridge.matter.cluster.AccessChecker;
import org.cpebridge.matter.cluster.AccessSubject;
import org.cpebridge.matter.cluster.AttributeSpec;
import org.cpebridge.matter.cluster.AttributeWriter;
import org.cpebridge.matter.cluster.AuthMode;
import org.cpebridge.matter.cluster.ClusterInstance;
import org.cpebridge.matter.cluster.DataModel;
import org.cpebridge.matter.cluster.DeviceType;
import org.cpebridge.matter.cluster.EventLog;
import org.cpebridge.matter.cluster.Privilege;
import org.cpebridge.matter.cluster.ReadEngine;
import org.cpebridge.matter.cluster.standard.AccessControl;
import org.cpebridge.matter.im.ImException;
import org.cpebridge.matter.im.ImStatus;
import org.cpebridge.matter.tlv.TlvElement;
import org.cpebridge.matter.tlv.TlvTag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's access control entries (Matter core 1.4 section 6.6 "Access Control", Access Control cluster 9.10),
 * per fabric, persisted in {@value #RECORD}, and the privilege granting algorithm the IM engines call on every
 * concrete path (through {@link AccessChecker#withPaseAdminister}, which adds the PASE commissioning grant).
 *
 * <p>A subject is granted a privilege when an entry of its own fabric, with its auth mode, names it (its node id,
 * or one of its CASE Authenticated Tags with the same identifier and a version at least the entry's) or names
 * nobody, covers the endpoint and cluster (a target's cluster, endpoint or device type; no targets cover all), and
 * holds a privilege that implies the one needed. A subject on no fabric, or on a fabric without entries, is granted
 * nothing.
 *
 * <p>Writes of the ACL attribute come through {@link #writer()}: each entry of the writer's fabric is checked
 * against the cluster's constraints (CONSTRAINT_ERROR) and limits (RESOURCE_EXHAUSTED), stored durably, published
 * as the attribute and reported by an AccessControlEntryChanged event per changed entry.
 *
 * <p>Owned by the node loop; not thread-safe.
 *
 * <p>Why one class of about 570 lines: the privilege-granting algorithm and the attribute's constraint checks read the
 * same entries and limits; together, the entries checked on write are the entries enforced.
 */
public final class AccessControlList implements AccessChecker {

    private static final Logger LOG = LoggerFactory.getLogger(AccessControlList.class);

    /** Store record name. */
    public static final String RECORD = "matter/acl";
    static final int FORMAT_VERSION = 1;

    /** The limits the Access Control cluster publishes (the spec's minimums). */
    public static final int SUBJECTS_PER_ENTRY = 4;
    public static final int TARGETS_PER_ENTRY = 3;
    public static final int ENTRIES_PER_FABRIC = 4;

    /** ChangeTypeEnum of AccessControlEntryChanged. */
    public enum ChangeType {
        CHANGED(0),
        ADDED(1),
        REMOVED(2);

        private final int code;

        ChangeType(int code) {
            this.code = code;
        }

        public int code() {
            return code;
        }
    }

    /** What an entry covers; any of cluster, endpoint and device type may be absent (all), not all three. */
    public record Target(OptionalInt endpoint, OptionalLong cluster, OptionalLong deviceType) {
        public Target {
            Objects.requireNonNull(endpoint, "endpoint");
            Objects.requireNonNull(cluster, "cluster");
            Objects.requireNonNull(deviceType, "deviceType");
        }

        /** A target by endpoint and/or cluster. */
        public Target(OptionalInt endpoint, OptionalLong cluster) {
            this(endpoint, cluster, OptionalLong.empty());
        }

        boolean covers(int endpointId, long clusterId, Set<Long> deviceTypesOfEndpoint) {
            return (endpoint.isEmpty() || endpoint.getAsInt() == endpointId)
                    && (cluster.isEmpty() || cluster.getAsLong() == clusterId)
                    && (deviceType.isEmpty() || deviceTypesOfEndpoint.contains(deviceType.getAsLong()));
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

        boolean grants(AccessSubject subject, int endpoint, long cluster, Set<Long> deviceTypes, Privilege needed) {
            return subject.fabricIndex() == fabricIndex && subject.authMode() == authMode
                    && namesSubject(subject)
                    && (targets.isEmpty() || targets.stream().anyMatch(t -> t.covers(endpoint, cluster, deviceTypes)))
                    && privilege.grants(needed);
        }

        private boolean namesSubject(AccessSubject subject) {
            if (subjects.isEmpty()) {
                return true;
            }
            for (long named : subjects) {
                if (named == subject.subject()) {
                    return true;
                }
                if (authMode == AuthMode.CASE && isCaseAuthenticatedTag(named)) {
                    for (long tag : subject.caseAuthenticatedTags()) {
                        // Same identifier (upper 16 bits), version (lower 16) at least the entry's.
                        if ((tag >>> 16) == ((named >>> 16) & 0xFFFF) && (tag & 0xFFFF) >= (named & 0xFFFF)) {
                            return true;
                        }
                    }
                }
            }
            return false;
        }
    }

    /** Where the ACL publishes itself: the attribute, the change events, and the device types of endpoints. */
    private record Binding(DataModel model, EventLog events, Clock clock) {
    }

    private final DurableStore store;
    private final List<Entry> entries = new ArrayList<>();
    private Binding binding;

    private AccessControlList(DurableStore store) {
        this.store = store;
    }

    /** Loads the stored entries (none at first start). */
    public static AccessControlList load(DurableStore store) {
        AccessControlList acl = new AccessControlList(store);
        store.read(RECORD).ifPresent(record -> acl.entries.addAll(decode(record.textOfFormat(FORMAT_VERSION))));
        return acl;
    }

    /**
     * Publishes the ACL into {@code model} (endpoint 0's Access Control cluster, kept up to date), logs
     * AccessControlEntryChanged events into {@code events} with times from {@code clock}, and resolves device-type
     * targets against the model's endpoints.
     */
    public void bind(DataModel model, EventLog events, Clock clock) {
        binding = new Binding(Objects.requireNonNull(model, "model"), Objects.requireNonNull(events, "events"),
                Objects.requireNonNull(clock, "clock"));
        publish();
    }

    @Override
    public boolean allows(AccessSubject subject, int endpoint, long cluster, Privilege privilege) {
        if (!subject.hasFabric() || subject.authMode() == AuthMode.PASE) {
            return false;
        }
        Set<Long> deviceTypes = deviceTypesOf(endpoint);
        return entries.stream().anyMatch(entry -> entry.grants(subject, endpoint, cluster, deviceTypes, privilege));
    }

    private Set<Long> deviceTypesOf(int endpoint) {
        if (binding == null) {
            return Set.of();
        }
        return binding.model().endpoint(endpoint)
                .map(e -> Set.copyOf(e.deviceTypes().stream().map(DeviceType::id).toList())).orElse(Set.of());
    }

    public List<Entry> entries() {
        return List.copyOf(entries);
    }

    /** The entries of one fabric, in order. */
    public List<Entry> entriesOf(int fabricIndex) {
        return entries.stream().filter(e -> e.fabricIndex() == fabricIndex).toList();
    }

    /** Adds an entry durably (AddNOC's administrator entry), on behalf of {@code by}. */
    public void add(Entry entry, AccessSubject by) {
        entries.add(entry);
        save();
        publish();
        logChange(by, ChangeType.ADDED, entry);
    }

    /** Adds an entry durably, with no change event (tests, and code acting on nobody's behalf). */
    public void add(Entry entry) {
        entries.add(entry);
        save();
        publish();
    }

    /** Removes every entry of a fabric durably (RemoveFabric, or a rolled-back AddNOC); no events: the fabric is gone. */
    public void removeFabric(int fabricIndex) {
        if (entries.removeIf(entry -> entry.fabricIndex() == fabricIndex)) {
            save();
            publish();
        }
    }

    /**
     * Replaces the entries of {@code fabricIndex} with {@code replacement}, on behalf of {@code by}: checks every
     * entry and the per-fabric limit first (nothing changes when one fails), then stores, publishes and logs one
     * change event per entry that changed, was added or removed (compared position by position).
     *
     * @throws ImException CONSTRAINT_ERROR for an invalid entry, RESOURCE_EXHAUSTED over the per-fabric limit
     */
    public void replaceFabricEntries(int fabricIndex, List<Entry> replacement, AccessSubject by) throws ImException {
        for (Entry entry : replacement) {
            if (entry.fabricIndex() != fabricIndex) {
                throw new IllegalArgumentException("entry of fabric " + entry.fabricIndex() + " in fabric "
                        + fabricIndex + "'s list");
            }
            requireValid(entry);
        }
        if (replacement.size() > ENTRIES_PER_FABRIC) {
            throw new ImException(ImStatus.RESOURCE_EXHAUSTED, replacement.size()
                    + " entries for one fabric, AccessControlEntriesPerFabric is " + ENTRIES_PER_FABRIC);
        }
        List<Entry> before = entriesOf(fabricIndex);
        if (before.equals(replacement)) {
            return;
        }
        entries.removeIf(e -> e.fabricIndex() == fabricIndex);
        entries.addAll(replacement);
        save();
        publish();
        for (int i = 0; i < Math.max(before.size(), replacement.size()); i++) {
            if (i >= before.size()) {
                logChange(by, ChangeType.ADDED, replacement.get(i));
            } else if (i >= replacement.size()) {
                logChange(by, ChangeType.REMOVED, before.get(i));
            } else if (!before.get(i).equals(replacement.get(i))) {
                logChange(by, ChangeType.CHANGED, replacement.get(i));
            }
        }
        LOG.info("[matter] ACL of fabric {} now has {} entr{}", fabricIndex, replacement.size(),
                replacement.size() == 1 ? "y" : "ies");
    }

    /**
     * The ACL attribute's write path: the whole new list (other fabrics' entries untouched, the writer's stamped with
     * its fabric index by the write engine) replaces the writer's entries.
     */
    public AttributeWriter writer() {
        return (subject, cluster, attribute, newValue) -> write(subject, attribute, newValue);
    }

    private ImStatus write(AccessSubject subject, AttributeSpec attribute, TlvElement newValue) {
        if (attribute.id() != AccessControl.ACL) {
            return ImStatus.UNSUPPORTED_WRITE;
        }
        if (!(newValue instanceof TlvElement.Array list)) {
            return ImStatus.CONSTRAINT_ERROR;
        }
        int fabricIndex = subject.fabricIndex();
        try {
            List<Entry> mine = new ArrayList<>();
            for (TlvElement element : list.members()) {
                if (ReadEngine.fabricIndexOf(element) == fabricIndex) {
                    mine.add(decodeEntry(element, fabricIndex));
                }
            }
            replaceFabricEntries(fabricIndex, mine, subject);
            return ImStatus.SUCCESS;
        } catch (ImException e) {
            LOG.debug("[matter] ACL write by fabric {} refused: {}", fabricIndex, e.getMessage());
            return e.status();
        }
    }

    /** Decodes one AccessControlEntryStruct of the writer's fabric; CONSTRAINT_ERROR when a field is unusable. */
    static Entry decodeEntry(TlvElement element, int fabricIndex) throws ImException {
        if (!(element instanceof TlvElement.Structure struct)) {
            throw constraint("an ACL entry must be a structure");
        }
        long privilegeCode = unsigned(struct, 1, "Privilege");
        long authModeCode = unsigned(struct, 2, "AuthMode");
        Privilege privilege = null;
        for (Privilege p : Privilege.values()) {
            if (p.code() == privilegeCode) {
                privilege = p;
            }
        }
        AuthMode authMode = null;
        for (AuthMode m : AuthMode.values()) {
            if (m.code() == authModeCode) {
                authMode = m;
            }
        }
        if (privilege == null) {
            throw constraint("unknown Privilege " + privilegeCode);
        }
        if (authMode == null) {
            throw constraint("unknown AuthMode " + authModeCode);
        }
        List<Long> subjects = new ArrayList<>();
        for (TlvElement subject : nullableList(struct, 3, "Subjects")) {
            if (!(subject instanceof TlvElement.UnsignedInt id)) {
                throw constraint("a subject must be an unsigned integer");
            }
            subjects.add(id.value());
        }
        List<Target> targets = new ArrayList<>();
        for (TlvElement target : nullableList(struct, 4, "Targets")) {
            if (!(target instanceof TlvElement.Structure t)) {
                throw constraint("a target must be a structure");
            }
            OptionalLong cluster = optionalUnsigned(t, 0, "Cluster");
            OptionalLong endpoint = optionalUnsigned(t, 1, "Endpoint");
            OptionalLong deviceType = optionalUnsigned(t, 2, "DeviceType");
            if (endpoint.isPresent() && endpoint.getAsLong() > 0xFFFE) {
                throw constraint("endpoint out of range: " + endpoint.getAsLong());
            }
            targets.add(new Target(endpoint.isPresent() ? OptionalInt.of((int) endpoint.getAsLong())
                    : OptionalInt.empty(), cluster, deviceType));
        }
        return new Entry(fabricIndex, privilege, authMode, subjects, targets);
    }

    /**
     * Checks an entry against the Access Control cluster's constraints (Matter core 9.10.5.6 and 6.6.2): no PASE
     * entries (they are implicit), no Group entry with Administer, subjects of the auth mode's kind (operational
     * node ids or CATs with a non-zero version for CASE, group ids 1..0xFFFF for Group), targets naming at least one
     * of cluster, endpoint and device type but never both endpoint and device type, valid ids, and the
     * per-entry limits.
     */
    public static void requireValid(Entry entry) throws ImException {
        if (entry.authMode() == AuthMode.PASE) {
            throw constraint("PASE entries cannot be written: commissioning access is implicit");
        }
        if (entry.authMode() == AuthMode.GROUP && entry.privilege() == Privilege.ADMINISTER) {
            throw constraint("a Group entry cannot grant Administer");
        }
        if (entry.subjects().size() > SUBJECTS_PER_ENTRY) {
            throw new ImException(ImStatus.RESOURCE_EXHAUSTED, entry.subjects().size()
                    + " subjects in one entry, SubjectsPerAccessControlEntry is " + SUBJECTS_PER_ENTRY);
        }
        if (entry.targets().size() > TARGETS_PER_ENTRY) {
            throw new ImException(ImStatus.RESOURCE_EXHAUSTED, entry.targets().size()
                    + " targets in one entry, TargetsPerAccessControlEntry is " + TARGETS_PER_ENTRY);
        }
        for (long subject : entry.subjects()) {
            boolean valid = entry.authMode() == AuthMode.CASE
                    ? isOperationalNodeId(subject) || isCaseAuthenticatedTag(subject) && (subject & 0xFFFF) != 0
                    : subject >= 1 && subject <= 0xFFFF;
            if (!valid) {
                throw constraint("subject 0x" + Long.toHexString(subject) + " is not valid for auth mode "
                        + entry.authMode());
            }
        }
        for (Target target : entry.targets()) {
            if (target.endpoint().isEmpty() && target.cluster().isEmpty() && target.deviceType().isEmpty()) {
                throw constraint("a target must name a cluster, an endpoint or a device type");
            }
            if (target.endpoint().isPresent() && target.deviceType().isPresent()) {
                throw constraint("a target cannot name both an endpoint and a device type");
            }
            if (target.endpoint().isPresent()
                    && (target.endpoint().getAsInt() < 0 || target.endpoint().getAsInt() > 0xFFFE)) {
                throw constraint("endpoint out of range: " + target.endpoint().getAsInt());
            }
            if (target.cluster().isPresent() && !isValidClusterId(target.cluster().getAsLong())) {
                throw constraint("invalid cluster id 0x" + Long.toHexString(target.cluster().getAsLong()));
            }
            if (target.deviceType().isPresent() && !isValidDeviceTypeId(target.deviceType().getAsLong())) {
                throw constraint("invalid device type id 0x" + Long.toHexString(target.deviceType().getAsLong()));
            }
        }
    }

    /** Operational node ids: 0x0000_0000_0000_0001..0xFFFF_FFEF_FFFF_FFFF. */
    static boolean isOperationalNodeId(long id) {
        return id != 0 && Long.compareUnsigned(id, 0xFFFF_FFEF_FFFF_FFFFL) <= 0;
    }

    /** CASE Authenticated Tag subjects: 0xFFFF_FFFD_IIII_VVVV. */
    static boolean isCaseAuthenticatedTag(long id) {
        return (id >>> 32) == 0xFFFF_FFFDL;
    }

    /** Standard cluster ids 0x0000..0x7FFF, manufacturer ones 0xVVVV_FC00..0xVVVV_FFFE (vendor prefix up to 0xFFFE). */
    static boolean isValidClusterId(long id) {
        long prefix = id >>> 16;
        long suffix = id & 0xFFFF;
        return prefix <= 0xFFFE && (prefix == 0 && suffix <= 0x7FFF || suffix >= 0xFC00 && suffix <= 0xFFFE);
    }

    /** Device type ids: suffix 0x0000..0xBFFF, vendor prefix up to 0xFFFE. */
    static boolean isValidDeviceTypeId(long id) {
        return (id >>> 16) <= 0xFFFE && (id & 0xFFFF) <= 0xBFFF;
    }

    /** The ACL attribute's value: AccessControlEntryStruct list (Matter core 9.10.5.3). */
    public TlvElement attributeValue() {
        return new TlvElement.Array(TlvTag.anonymous(), entries.stream().map(e -> toTlv(e, TlvTag.anonymous()))
                .toList());
    }

    private static TlvElement toTlv(Entry entry, TlvTag tag) {
        List<TlvElement> subjects = entry.subjects().stream()
                .map(s -> (TlvElement) new TlvElement.UnsignedInt(TlvTag.anonymous(), s)).toList();
        List<TlvElement> targets = new ArrayList<>();
        for (Target target : entry.targets()) {
            targets.add(new TlvElement.Structure(TlvTag.anonymous(), List.of(
                    target.cluster().isPresent() ? new TlvElement.UnsignedInt(TlvTag.context(0),
                            target.cluster().getAsLong()) : new TlvElement.Null(TlvTag.context(0)),
                    target.endpoint().isPresent() ? new TlvElement.UnsignedInt(TlvTag.context(1),
                            target.endpoint().getAsInt()) : new TlvElement.Null(TlvTag.context(1)),
                    target.deviceType().isPresent() ? new TlvElement.UnsignedInt(TlvTag.context(2),
                            target.deviceType().getAsLong()) : new TlvElement.Null(TlvTag.context(2)))));
        }
        return new TlvElement.Structure(tag, List.of(
                new TlvElement.UnsignedInt(TlvTag.context(1), entry.privilege().code()),
                new TlvElement.UnsignedInt(TlvTag.context(2), entry.authMode().code()),
                subjects.isEmpty() ? new TlvElement.Null(TlvTag.context(3))
                        : new TlvElement.Array(TlvTag.context(3), subjects),
                targets.isEmpty() ? new TlvElement.Null(TlvTag.context(4))
                        : new TlvElement.Array(TlvTag.context(4), targets),
                new TlvElement.UnsignedInt(TlvTag.context(0xFE), entry.fabricIndex())));
    }

    /**
     * The AccessControlEntryChanged payload (Matter core 9.10.7.1): AdminNodeID (1) for a CASE writer,
     * AdminPasscodeID (2, 0 for the commissioning passcode) for a PASE one, ChangeType (3), LatestValue (4),
     * FabricIndex (0xFE).
     */
    static TlvElement eventData(AccessSubject by, ChangeType type, Entry entry) {
        boolean pase = by.authMode() == AuthMode.PASE;
        return new TlvElement.Structure(TlvTag.anonymous(), List.of(
                pase ? new TlvElement.Null(TlvTag.context(1)) : new TlvElement.UnsignedInt(TlvTag.context(1),
                        by.subject()),
                pase ? new TlvElement.UnsignedInt(TlvTag.context(2), 0) : new TlvElement.Null(TlvTag.context(2)),
                new TlvElement.UnsignedInt(TlvTag.context(3), type.code()),
                toTlv(entry, TlvTag.context(4)),
                new TlvElement.UnsignedInt(TlvTag.context(0xFE), entry.fabricIndex())));
    }

    private void logChange(AccessSubject by, ChangeType type, Entry entry) {
        if (binding == null) {
            return;
        }
        binding.events().record(0, AccessControl.ID, AccessControl.EVENT_ACCESS_CONTROL_ENTRY_CHANGED, 1,
                binding.clock().millis(), entry.fabricIndex(), eventData(by, type, entry));
    }

    private void publish() {
        if (binding != null) {
            binding.model().cluster(0, AccessControl.ID).ifPresent(cluster -> setAttribute(cluster));
        }
    }

    private void setAttribute(ClusterInstance cluster) {
        cluster.set(AccessControl.ACL, attributeValue());
    }

    private static ImException constraint(String message) {
        return new ImException(ImStatus.CONSTRAINT_ERROR, message);
    }

    private static long unsigned(TlvElement.Structure struct, int tag, String name) throws ImException {
        if (!(struct.member(tag).orElse(null) instanceof TlvElement.UnsignedInt value)) {
            throw constraint(name + " must be an unsigned integer");
        }
        return value.value();
    }

    private static OptionalLong optionalUnsigned(TlvElement.Structure struct, int tag, String name)
            throws ImException {
        TlvElement value = struct.member(tag).orElse(null);
        if (value == null || value instanceof TlvElement.Null) {
            return OptionalLong.empty();
        }
        if (!(value instanceof TlvElement.UnsignedInt number)) {
            throw constraint(name + " must be null or an unsigned integer");
        }
        return OptionalLong.of(number.value());
    }

    private static List<TlvElement> nullableList(TlvElement.Structure struct, int tag, String name)
            throws ImException {
        TlvElement value = struct.member(tag).orElse(null);
        if (value == null || value instanceof TlvElement.Null) {
            return List.of();
        }
        if (!(value instanceof TlvElement.Array array)) {
            throw constraint(name + " must be null or a list");
        }
        return array.members();
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
                t.put("deviceType", target.deviceType().isPresent() ? target.deviceType().getAsLong() : null);
                targets.add(t);
            }
            object.put("targets", targets);
            list.add(object);
        }
        store.write(RECORD, FORMAT_VERSION, Json.write(list).getBytes(StandardCharsets.UTF_8));
    }

    private static List<Entry> decode(String text) {
        try {
            List<Entry> decoded = new ArrayList<>();
            for (Object element : Json.requireArray(Json.parse(text), "access control list")) {
                Map<String, Object> object = Json.requireObject(element, "entry");
                List<Long> subjects = Json.requireArray(object.get("subjects"), "subjects").stream()
                        .map(s -> Long.parseUnsignedLong((String) s)).toList();
                List<Target> targets = new ArrayList<>();
                for (Object t : Json.requireArray(object.get("targets"), "targets")) {
                    Map<String, Object> target = Json.requireObject(t, "target");
                    targets.add(new Target(target.get("endpoint") == null ? OptionalInt.empty()
                            : OptionalInt.of(((Number) target.get("endpoint")).intValue()),
                            optionalLong(target.get("cluster")), optionalLong(target.get("deviceType"))));
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

    private static OptionalLong optionalLong(Object value) {
        return value == null ? OptionalLong.empty() : OptionalLong.of(((Number) value).longValue());
    }
}
