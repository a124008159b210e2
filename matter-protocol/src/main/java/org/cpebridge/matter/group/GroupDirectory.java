package org.cpebridge.matter.group;

import java.util.List;
import java.util.Set;

/**
 * What the node knows of groups, per fabric: which endpoints are members of which group (the Groups clusters and Group
 * Key Management's GroupTable), and the epoch keys of the group key sets mapped to them (GroupKeyMap, KeySetWrite).
 * The Scenes Management cluster asks it whether a group exists on an endpoint; the receive path of group-addressed
 * messages asks it for the keys to try and the endpoints to deliver to.
 *
 * <p>Implementations are thread-safe: the node loop changes it, the I/O loop may read it.
 */
public interface GroupDirectory {

    /** The endpoints of fabric {@code fabricIndex} that are members of group {@code groupId}; empty when none. */
    Set<Integer> endpointsOf(int fabricIndex, int groupId);

    /** Whether endpoint {@code endpoint} is a member of group {@code groupId} on fabric {@code fabricIndex}. */
    default boolean isMember(int fabricIndex, int endpoint, int groupId) {
        return endpointsOf(fabricIndex, groupId).contains(endpoint);
    }

    /**
     * Every epoch key of every group key set of every fabric that is mapped to at least one group (GroupKeyMap), with
     * the groups it protects. The identity protection key set (key set 0) is not a group key set and is not listed.
     */
    List<EpochKey> epochKeys();

    /**
     * Registers a listener told after any change of key sets, GroupKeyMap or memberships is stored, on the thread
     * that made it, which may still hold the directory's lock: it may read the directory but should only hand work
     * on (the node listens on the multicast addresses of the groups it can receive, which any such change may
     * alter).
     */
    void onChange(Runnable listener);

    /** Registers a listener told when an endpoint leaves a group (RemoveGroup, RemoveAllGroups, fabric removal). */
    void onMembershipRemoved(MembershipListener listener);

    /** Told when an endpoint stops being a member of a group, on the thread that changed the directory. */
    @FunctionalInterface
    interface MembershipListener {
        void removed(int fabricIndex, int endpoint, int groupId);
    }

    /**
     * One epoch key of a group key set. {@code epochKey} is 16 bytes; {@code startTimeMicros} the key's EpochStartTime
     * (microseconds since the Matter epoch); {@code groupIds} the groups that GroupKeyMap maps to this key set.
     */
    record EpochKey(int fabricIndex, int keySetId, byte[] epochKey, long startTimeMicros, Set<Integer> groupIds) {
        public EpochKey {
            epochKey = epochKey.clone();
            groupIds = Set.copyOf(groupIds);
        }

        @Override
        public byte[] epochKey() {
            return epochKey.clone();
        }
    }
}
