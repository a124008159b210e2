package org.cpebridge.matter.group;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import org.cpebridge.matter.im.ImException;
import org.cpebridge.matter.im.ImStatus;
import org.cpebridge.matter.store.RecordStore;

/**
 * The group state of every fabric (Matter core 1.4, 11.2 Group Key Management and the Groups cluster of each
 * endpoint): the group key sets KeySetWrite stores, the GroupKeyMap that maps groups to them, and the group table
 * (each group's name and member endpoints), with the limits MaxGroupsPerFabric and MaxGroupKeysPerFabric. Every change
 * is written whole to record {@value #RECORD} of the {@link RecordStore} before the method returns (the store's writes
 * are atomic: a kill at any moment leaves the old or the new state); a change the store refuses leaves the tables as
 * they were and throws {@link org.cpebridge.matter.store.RecordStoreException}.
 *
 * <p>The checks are the spec's, with the statuses connectedhomeip's servers answer: a group id of 0 and a group mapped
 * twice are CONSTRAINT_ERROR; key set 0 (the identity protection key, which every fabric has) cannot be written or
 * removed (INVALID_COMMAND) nor mapped (CONSTRAINT_ERROR); more than the limits is RESOURCE_EXHAUSTED; an endpoint
 * joins a group only when GroupKeyMap maps the group to a key set of the fabric (else UNSUPPORTED_ACCESS). When its last
 * endpoint leaves, a group leaves the group table.
 *
 * <p>Thread-safe: changes come from the node loop (one at a time, under this object's lock) and replace an immutable
 * snapshot, which readers on any thread (the I/O loop, for group-addressed messages) read without locking. Membership
 * listeners are told after the change is stored, on the thread that made it.
 */
public final class GroupTables implements GroupDirectory {

    /** Store record name. */
    public static final String RECORD = "matter/groups";
    /**
     * Groups per fabric: a household names a group per room or scene ("living room", "all lights downstairs"); twelve
     * covers the rooms of a large home, and bounds the record, which every change writes whole.
     */
    public static final int DEFAULT_MAX_GROUPS_PER_FABRIC = 12;
    /**
     * Key sets per fabric, the IPK included: the IPK, the key set a controller protects its groups with, and a second
     * one so that it can roll keys over to a new set before removing the old (connectedhomeip's default too).
     */
    public static final int DEFAULT_MAX_GROUP_KEYS_PER_FABRIC = 3;
    /** Group names are at most 16 bytes (Groups cluster, GroupName). */
    public static final int MAX_GROUP_NAME_BYTES = 16;
    /** The identity protection key's key set id. */
    public static final int IPK_KEY_SET_ID = 0;

    /** One GroupKeyMap entry: group {@code groupId} is protected by key set {@code keySetId}. */
    public record KeyMapEntry(int groupId, int keySetId) {
        public KeyMapEntry {
            if (groupId < 0 || groupId > 0xFFFF || keySetId < 0 || keySetId > 0xFFFF) {
                throw new IllegalArgumentException("group or key set id out of range: " + groupId + ", " + keySetId);
            }
        }
    }

    /** One group of the group table: its name and member endpoints (ascending). */
    public record Group(int groupId, String name, List<Integer> endpoints) {
        public Group {
            Objects.requireNonNull(name, "name");
            endpoints = List.copyOf(new TreeSet<>(endpoints));
        }
    }

    /** The group state of one fabric; immutable. */
    record FabricGroups(SortedMap<Integer, GroupKeySet> keySets, List<KeyMapEntry> keyMap,
                        SortedMap<Integer, Group> groups) {
        static final FabricGroups EMPTY = new FabricGroups(new TreeMap<>(), List.of(), new TreeMap<>());

        FabricGroups {
            keySets = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(keySets));
            keyMap = List.copyOf(keyMap);
            groups = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(groups));
        }

        boolean isEmpty() {
            return keySets.isEmpty() && keyMap.isEmpty() && groups.isEmpty();
        }

        FabricGroups withKeySets(SortedMap<Integer, GroupKeySet> replaced) {
            return new FabricGroups(replaced, keyMap, groups);
        }

        FabricGroups withKeyMap(List<KeyMapEntry> replaced) {
            return new FabricGroups(keySets, replaced, groups);
        }

        FabricGroups withGroups(SortedMap<Integer, Group> replaced) {
            return new FabricGroups(keySets, keyMap, replaced);
        }
    }

    private final RecordStore store;
    private final int maxGroupsPerFabric;
    private final int maxGroupKeysPerFabric;
    private final List<MembershipListener> listeners = new CopyOnWriteArrayList<>();
    private final List<Runnable> changeListeners = new CopyOnWriteArrayList<>();
    private volatile SortedMap<Integer, FabricGroups> fabrics;

    private GroupTables(RecordStore store, int maxGroupsPerFabric, int maxGroupKeysPerFabric,
                        SortedMap<Integer, FabricGroups> fabrics) {
        this.store = Objects.requireNonNull(store, "store");
        if (maxGroupsPerFabric < 1 || maxGroupsPerFabric > 0xFFFF) {
            throw new IllegalArgumentException("maxGroupsPerFabric out of range 1..0xFFFF: " + maxGroupsPerFabric);
        }
        if (maxGroupKeysPerFabric < 1 || maxGroupKeysPerFabric > 0xFFFF) {
            throw new IllegalArgumentException("maxGroupKeysPerFabric out of range 1..0xFFFF: "
                    + maxGroupKeysPerFabric);
        }
        this.maxGroupsPerFabric = maxGroupsPerFabric;
        this.maxGroupKeysPerFabric = maxGroupKeysPerFabric;
        this.fabrics = fabrics;
    }

    /** Loads the stored tables with the default limits (empty at first start). */
    public static GroupTables load(RecordStore store) {
        return load(store, DEFAULT_MAX_GROUPS_PER_FABRIC, DEFAULT_MAX_GROUP_KEYS_PER_FABRIC);
    }

    /**
     * Loads the stored tables (empty at first start).
     *
     * @throws org.cpebridge.matter.store.RecordStoreException when the record is corrupt or of another format
     */
    public static GroupTables load(RecordStore store, int maxGroupsPerFabric, int maxGroupKeysPerFabric) {
        SortedMap<Integer, FabricGroups> loaded = store.read(RECORD, GroupTablesCodec.FORMAT_VERSION)
                .map(payload -> GroupTablesCodec.decode(RECORD, payload))
                .orElseGet(TreeMap::new);
        return new GroupTables(store, maxGroupsPerFabric, maxGroupKeysPerFabric,
                java.util.Collections.unmodifiableSortedMap(loaded));
    }

    public int maxGroupsPerFabric() {
        return maxGroupsPerFabric;
    }

    public int maxGroupKeysPerFabric() {
        return maxGroupKeysPerFabric;
    }

    // ---- key sets ----

    /**
     * Stores a key set of {@code fabricIndex}, replacing the one with the same id.
     *
     * @throws ImException RESOURCE_EXHAUSTED when the fabric already holds MaxGroupKeysPerFabric key sets (the IPK
     *     counted) and this is a new one
     */
    public synchronized void writeKeySet(int fabricIndex, GroupKeySet keySet) throws ImException {
        requireFabric(fabricIndex);
        FabricGroups current = of(fabricIndex);
        if (!current.keySets().containsKey(keySet.keySetId())
                && current.keySets().size() + 1 >= maxGroupKeysPerFabric) {
            throw new ImException(ImStatus.RESOURCE_EXHAUSTED, "fabric " + fabricIndex + " already holds "
                    + (current.keySets().size() + 1) + " key sets (the IPK included), MaxGroupKeysPerFabric is "
                    + maxGroupKeysPerFabric);
        }
        SortedMap<Integer, GroupKeySet> keySets = new TreeMap<>(current.keySets());
        keySets.put(keySet.keySetId(), keySet);
        commit(fabricIndex, current.withKeySets(keySets));
    }

    /** A key set of {@code fabricIndex} other than the IPK. */
    public Optional<GroupKeySet> keySet(int fabricIndex, int keySetId) {
        return Optional.ofNullable(of(fabricIndex).keySets().get(keySetId));
    }

    /** The key set ids of {@code fabricIndex}, ascending, the IPK's (0) first: every fabric has one. */
    public List<Integer> keySetIds(int fabricIndex) {
        List<Integer> ids = new ArrayList<>();
        ids.add(IPK_KEY_SET_ID);
        ids.addAll(of(fabricIndex).keySets().keySet());
        return ids;
    }

    /**
     * Removes a key set of {@code fabricIndex} and the GroupKeyMap entries that map groups to it.
     *
     * @throws ImException INVALID_COMMAND for key set 0 (the IPK), NOT_FOUND for a key set the fabric does not hold
     */
    public synchronized void removeKeySet(int fabricIndex, int keySetId) throws ImException {
        if (keySetId == IPK_KEY_SET_ID) {
            throw new ImException(ImStatus.INVALID_COMMAND, "key set 0 is the identity protection key");
        }
        FabricGroups current = of(fabricIndex);
        if (!current.keySets().containsKey(keySetId)) {
            throw new ImException(ImStatus.NOT_FOUND, "fabric " + fabricIndex + " has no key set " + keySetId);
        }
        SortedMap<Integer, GroupKeySet> keySets = new TreeMap<>(current.keySets());
        keySets.remove(keySetId);
        commit(fabricIndex, current.withKeySets(keySets).withKeyMap(current.keyMap().stream()
                .filter(entry -> entry.keySetId() != keySetId).toList()));
    }

    // ---- GroupKeyMap ----

    /** The GroupKeyMap entries of {@code fabricIndex}, in the order written. */
    public List<KeyMapEntry> keyMap(int fabricIndex) {
        return of(fabricIndex).keyMap();
    }

    /**
     * Replaces the GroupKeyMap entries of {@code fabricIndex} (a write of the attribute); nothing changes when an entry
     * is refused.
     *
     * @throws ImException CONSTRAINT_ERROR for group 0, key set 0 or a group mapped twice; RESOURCE_EXHAUSTED for
     *     more entries than MaxGroupsPerFabric
     */
    public synchronized void replaceKeyMap(int fabricIndex, List<KeyMapEntry> entries) throws ImException {
        requireFabric(fabricIndex);
        Set<Integer> mapped = new HashSet<>();
        for (KeyMapEntry entry : entries) {
            if (entry.groupId() == 0) {
                throw new ImException(ImStatus.CONSTRAINT_ERROR, "group id 0 is not a group");
            }
            if (entry.keySetId() == IPK_KEY_SET_ID) {
                throw new ImException(ImStatus.CONSTRAINT_ERROR, "a group cannot be mapped to the IPK (key set 0)");
            }
            if (!mapped.add(entry.groupId())) {
                throw new ImException(ImStatus.CONSTRAINT_ERROR, "group 0x" + Integer.toHexString(entry.groupId())
                        + " is mapped twice");
            }
        }
        if (entries.size() > maxGroupsPerFabric) {
            throw new ImException(ImStatus.RESOURCE_EXHAUSTED, entries.size()
                    + " GroupKeyMap entries for one fabric, MaxGroupsPerFabric is " + maxGroupsPerFabric);
        }
        FabricGroups current = of(fabricIndex);
        if (!current.keyMap().equals(entries)) {
            commit(fabricIndex, current.withKeyMap(entries));
        }
    }

    // ---- group table and memberships ----

    /** The groups of {@code fabricIndex}, by ascending group id. */
    public List<Group> groups(int fabricIndex) {
        return List.copyOf(of(fabricIndex).groups().values());
    }

    /** The fabrics that have any group state, ascending. */
    public List<Integer> fabrics() {
        return List.copyOf(fabrics.keySet());
    }

    /**
     * Makes {@code endpoint} a member of {@code groupId} on {@code fabricIndex} and sets the group's name (AddGroup).
     *
     * @throws ImException CONSTRAINT_ERROR for group 0 or a name over 16 bytes; UNSUPPORTED_ACCESS when GroupKeyMap maps
     *     the group to no key set the fabric holds; RESOURCE_EXHAUSTED when the group is new and the fabric already
     *     has MaxGroupsPerFabric groups
     */
    public synchronized void addGroup(int fabricIndex, int endpoint, int groupId, String name) throws ImException {
        requireFabric(fabricIndex);
        requireGroupId(groupId);
        if (name.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MAX_GROUP_NAME_BYTES) {
            throw new ImException(ImStatus.CONSTRAINT_ERROR, "group name over " + MAX_GROUP_NAME_BYTES + " bytes");
        }
        FabricGroups current = of(fabricIndex);
        boolean keyed = current.keyMap().stream().anyMatch(entry -> entry.groupId() == groupId
                && current.keySets().containsKey(entry.keySetId()));
        if (!keyed) {
            throw new ImException(ImStatus.UNSUPPORTED_ACCESS, "group 0x" + Integer.toHexString(groupId)
                    + " has no key set in GroupKeyMap");
        }
        Group existing = current.groups().get(groupId);
        if (existing == null && current.groups().size() >= maxGroupsPerFabric) {
            throw new ImException(ImStatus.RESOURCE_EXHAUSTED, "fabric " + fabricIndex + " already has "
                    + maxGroupsPerFabric + " groups (MaxGroupsPerFabric)");
        }
        List<Integer> endpoints = new ArrayList<>(existing == null ? List.of() : existing.endpoints());
        if (!endpoints.contains(endpoint)) {
            endpoints.add(endpoint);
        }
        Group updated = new Group(groupId, name, endpoints);
        if (updated.equals(existing)) {
            return;
        }
        SortedMap<Integer, Group> groups = new TreeMap<>(current.groups());
        groups.put(groupId, updated);
        commit(fabricIndex, current.withGroups(groups));
    }

    /** The name of {@code groupId} if {@code endpoint} is one of its members on {@code fabricIndex} (ViewGroup). */
    public Optional<String> viewGroup(int fabricIndex, int endpoint, int groupId) {
        Group group = of(fabricIndex).groups().get(groupId);
        return group != null && group.endpoints().contains(endpoint) ? Optional.of(group.name()) : Optional.empty();
    }

    /** The groups {@code endpoint} is a member of on {@code fabricIndex}, ascending (GetGroupMembership). */
    public List<Integer> groupsOf(int fabricIndex, int endpoint) {
        return of(fabricIndex).groups().values().stream().filter(g -> g.endpoints().contains(endpoint))
                .map(Group::groupId).toList();
    }

    /**
     * Takes {@code endpoint} out of {@code groupId} on {@code fabricIndex} (RemoveGroup).
     *
     * @throws ImException CONSTRAINT_ERROR for group 0, NOT_FOUND when the endpoint is not a member
     */
    public void removeGroup(int fabricIndex, int endpoint, int groupId) throws ImException {
        requireGroupId(groupId);
        List<Membership> removed;
        synchronized (this) {
            FabricGroups current = of(fabricIndex);
            Group group = current.groups().get(groupId);
            if (group == null || !group.endpoints().contains(endpoint)) {
                throw new ImException(ImStatus.NOT_FOUND, "endpoint " + endpoint + " is not in group 0x"
                        + Integer.toHexString(groupId));
            }
            SortedMap<Integer, Group> groups = new TreeMap<>(current.groups());
            leave(groups, group, endpoint);
            commit(fabricIndex, current.withGroups(groups));
            removed = List.of(new Membership(fabricIndex, endpoint, groupId));
        }
        notifyRemoved(removed);
    }

    /** Takes {@code endpoint} out of every group of {@code fabricIndex} (RemoveAllGroups); true when it was in any. */
    public boolean removeAllGroups(int fabricIndex, int endpoint) {
        List<Membership> removed = new ArrayList<>();
        synchronized (this) {
            FabricGroups current = of(fabricIndex);
            SortedMap<Integer, Group> groups = new TreeMap<>(current.groups());
            for (Group group : current.groups().values()) {
                if (group.endpoints().contains(endpoint)) {
                    leave(groups, group, endpoint);
                    removed.add(new Membership(fabricIndex, endpoint, group.groupId()));
                }
            }
            if (!removed.isEmpty()) {
                commit(fabricIndex, current.withGroups(groups));
            }
        }
        notifyRemoved(removed);
        return !removed.isEmpty();
    }

    /** Takes an endpoint that went away out of every group of every fabric; true when it was in any. */
    public boolean removeEndpoint(int endpoint) {
        List<Membership> removed = new ArrayList<>();
        synchronized (this) {
            SortedMap<Integer, FabricGroups> all = new TreeMap<>(fabrics);
            for (Map.Entry<Integer, FabricGroups> fabric : fabrics.entrySet()) {
                SortedMap<Integer, Group> groups = new TreeMap<>(fabric.getValue().groups());
                boolean changed = false;
                for (Group group : fabric.getValue().groups().values()) {
                    if (group.endpoints().contains(endpoint)) {
                        leave(groups, group, endpoint);
                        removed.add(new Membership(fabric.getKey(), endpoint, group.groupId()));
                        changed = true;
                    }
                }
                if (changed) {
                    all.put(fabric.getKey(), fabric.getValue().withGroups(groups));
                }
            }
            if (!removed.isEmpty()) {
                save(all);
            }
        }
        notifyRemoved(removed);
        return !removed.isEmpty();
    }

    /** Forgets everything of a fabric that was removed; true when it had any group state. */
    public boolean removeFabric(int fabricIndex) {
        List<Membership> removed = new ArrayList<>();
        synchronized (this) {
            FabricGroups current = fabrics.get(fabricIndex);
            if (current == null) {
                return false;
            }
            for (Group group : current.groups().values()) {
                for (int endpoint : group.endpoints()) {
                    removed.add(new Membership(fabricIndex, endpoint, group.groupId()));
                }
            }
            SortedMap<Integer, FabricGroups> all = new TreeMap<>(fabrics);
            all.remove(fabricIndex);
            save(all);
        }
        notifyRemoved(removed);
        return true;
    }

    // ---- GroupDirectory ----

    @Override
    public Set<Integer> endpointsOf(int fabricIndex, int groupId) {
        Group group = of(fabricIndex).groups().get(groupId);
        return group == null ? Set.of() : Set.copyOf(group.endpoints());
    }

    @Override
    public List<EpochKey> epochKeys() {
        List<EpochKey> keys = new ArrayList<>();
        for (Map.Entry<Integer, FabricGroups> fabric : fabrics.entrySet()) {
            Map<Integer, Set<Integer>> groupsByKeySet = new TreeMap<>();
            for (KeyMapEntry entry : fabric.getValue().keyMap()) {
                groupsByKeySet.computeIfAbsent(entry.keySetId(), id -> new TreeSet<>()).add(entry.groupId());
            }
            for (Map.Entry<Integer, Set<Integer>> mapped : groupsByKeySet.entrySet()) {
                GroupKeySet keySet = fabric.getValue().keySets().get(mapped.getKey());
                if (keySet == null) {
                    continue;
                }
                for (GroupKeySet.Epoch epoch : keySet.epochs()) {
                    keys.add(new EpochKey(fabric.getKey(), keySet.keySetId(), epoch.key().toByteArray(),
                            epoch.startTimeMicros(), mapped.getValue()));
                }
            }
        }
        return keys;
    }

    @Override
    public void onChange(Runnable listener) {
        changeListeners.add(Objects.requireNonNull(listener, "listener"));
    }

    @Override
    public void onMembershipRemoved(MembershipListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    // ---- internals ----

    private record Membership(int fabricIndex, int endpoint, int groupId) {
    }

    private FabricGroups of(int fabricIndex) {
        return fabrics.getOrDefault(fabricIndex, FabricGroups.EMPTY);
    }

    private static void leave(SortedMap<Integer, Group> groups, Group group, int endpoint) {
        List<Integer> endpoints = new ArrayList<>(group.endpoints());
        endpoints.remove(Integer.valueOf(endpoint));
        if (endpoints.isEmpty()) {
            groups.remove(group.groupId());
        } else {
            groups.put(group.groupId(), new Group(group.groupId(), group.name(), endpoints));
        }
    }

    private void commit(int fabricIndex, FabricGroups updated) {
        SortedMap<Integer, FabricGroups> all = new TreeMap<>(fabrics);
        if (updated.isEmpty()) {
            all.remove(fabricIndex);
        } else {
            all.put(fabricIndex, updated);
        }
        save(all);
    }

    /** Writes first: the tables change only once the store holds the new state. */
    private void save(SortedMap<Integer, FabricGroups> all) {
        store.write(RECORD, GroupTablesCodec.FORMAT_VERSION, GroupTablesCodec.encode(all));
        fabrics = java.util.Collections.unmodifiableSortedMap(all);
        changeListeners.forEach(Runnable::run);
    }

    private void notifyRemoved(List<Membership> removed) {
        for (Membership membership : removed) {
            for (MembershipListener listener : listeners) {
                listener.removed(membership.fabricIndex(), membership.endpoint(), membership.groupId());
            }
        }
    }

    private static void requireFabric(int fabricIndex) {
        if (fabricIndex < 1 || fabricIndex > 254) {
            throw new IllegalArgumentException("fabric index out of range 1..254: " + fabricIndex);
        }
    }

    private static void requireGroupId(int groupId) throws ImException {
        if (groupId < 1 || groupId > 0xFFFF) {
            throw new ImException(ImStatus.CONSTRAINT_ERROR, "group id out of range 1..0xFFFF: " + groupId);
        }
    }
}
