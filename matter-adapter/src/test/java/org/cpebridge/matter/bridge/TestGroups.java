package org.cpebridge.matter.bridge;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.cpebridge.matter.group.GroupDirectory;

/**
 * A group directory for tests, in place of Group Key Management and the Groups cluster: memberships are added and
 * removed by the test, and a removal tells the listeners as the Groups cluster's RemoveGroup does. No keys.
 */
final class TestGroups implements GroupDirectory {

    private final Map<List<Integer>, Set<Integer>> members = new HashMap<>();
    private final List<MembershipListener> listeners = new ArrayList<>();

    /** Endpoint {@code endpoint} joins group {@code group} on fabric {@code fabric}. */
    void join(int fabric, int group, int endpoint) {
        members.computeIfAbsent(List.of(fabric, group), k -> new HashSet<>()).add(endpoint);
    }

    /** Endpoint {@code endpoint} leaves group {@code group} on fabric {@code fabric} (RemoveGroup). */
    void leave(int fabric, int group, int endpoint) {
        if (members.getOrDefault(List.of(fabric, group), new HashSet<>()).remove(endpoint)) {
            listeners.forEach(l -> l.removed(fabric, endpoint, group));
        }
    }

    /** Drops the listeners (a bridge restarted in the same test: only the new one listens). */
    void forgetListeners() {
        listeners.clear();
    }

    @Override
    public Set<Integer> endpointsOf(int fabricIndex, int groupId) {
        return Set.copyOf(members.getOrDefault(List.of(fabricIndex, groupId), Set.of()));
    }

    @Override
    public List<EpochKey> epochKeys() {
        return List.of();
    }

    @Override
    public void onChange(Runnable listener) {
    }

    @Override
    public void onMembershipRemoved(MembershipListener listener) {
        listeners.add(listener);
    }
}
