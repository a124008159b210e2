package org.cpebridge.matter.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.cpebridge.matter.cluster.AccessChecker;
import org.cpebridge.matter.cluster.DataModel;
import org.cpebridge.matter.cluster.GroupInteractions;
import org.cpebridge.matter.cluster.InvokeDispatcher;
import org.cpebridge.matter.cluster.WriteEngine;
import org.cpebridge.matter.group.GroupDirectory;
import org.junit.jupiter.api.Test;

/** The group multicast addresses and which of them the node listens on as groups and key sets change. */
class GroupcastTest {

    /** A directory the test changes: epoch keys and members per (fabric, group). */
    private static final class Directory implements GroupDirectory {
        final List<EpochKey> keys = new ArrayList<>();
        final Map<List<Integer>, Set<Integer>> members = new HashMap<>();

        @Override
        public Set<Integer> endpointsOf(int fabricIndex, int groupId) {
            return members.getOrDefault(List.of(fabricIndex, groupId), Set.of());
        }

        @Override
        public List<EpochKey> epochKeys() {
            return List.copyOf(keys);
        }

        @Override
        public void onMembershipRemoved(MembershipListener listener) {
        }
    }

    @Test
    void theAddressIsFf35Prefix64UlaThenFabricIdThenGroupId() throws Exception {
        // Core spec 2.5.6.2: FF35:0040:FD<fabric id>00:<group id>; connectedhomeip builds the same 16 bytes as
        // prefix 0xFD00000000000000 | fabric >> 8 and group32 (fabric & 0xFF) << 24 | group.
        assertEquals(InetAddress.getByName("ff35:40:fd29:6c9:8d1:15d3:6200:101"),
                Groupcast.multicastAddress(0x2906C908D115D362L, 0x0101));
        assertEquals(InetAddress.getByName("ff35:40:fd00:0:0:0:100:ffff"), Groupcast.multicastAddress(1, 0xFFFF));
        assertThrows(IllegalArgumentException.class, () -> Groupcast.multicastAddress(1, 0x10000));
    }

    @Test
    void listensOnGroupsThatHaveAKeyAndAMemberAndLeavesThemWhenEitherGoes() {
        Directory directory = new Directory();
        List<String> calls = new ArrayList<>();
        Map<Integer, Long> fabricIds = new HashMap<>(Map.of(1, 0x11L, 2, 0x22L));
        DataModel model = new DataModel(() -> 1);
        Groupcast groupcast = new Groupcast(directory, new GroupInteractions(model, new WriteEngine(model,
                AccessChecker.ALLOW_ALL), new InvokeDispatcher(model, AccessChecker.ALLOW_ALL, 1)),
                index -> Optional.ofNullable(fabricIds.get(index)), new Groupcast.Memberships() {
                    @Override
                    public void join(InetAddress group) {
                        calls.add("join " + group.getHostAddress());
                    }

                    @Override
                    public void leave(InetAddress group) {
                        calls.add("leave " + group.getHostAddress());
                    }
                });
        groupcast.syncMemberships();
        assertEquals(List.of(), calls);
        // A member without a key set mapped to its group: nothing to receive with.
        directory.members.put(List.of(1, 0x0101), Set.of(2, 3));
        groupcast.syncMemberships();
        assertEquals(List.of(), calls);
        // The key set maps 0x0101 and 0x0202; only 0x0101 has members.
        directory.keys.add(new GroupDirectory.EpochKey(1, 7, new byte[16], 0, Set.of(0x0101, 0x0202)));
        groupcast.syncMemberships();
        assertEquals(List.of("join ff35:40:fd00:0:0:0:1100:101"), calls);
        groupcast.syncMemberships();
        assertEquals(1, calls.size(), "nothing new to join");
        // Fabric 2 maps the same group id: another address.
        directory.keys.add(new GroupDirectory.EpochKey(2, 3, new byte[16], 0, Set.of(0x0101)));
        directory.members.put(List.of(2, 0x0101), Set.of(4));
        groupcast.syncMemberships();
        assertEquals("join ff35:40:fd00:0:0:0:2200:101", calls.get(1));
        // The last member of fabric 1's group leaves; fabric 2 goes away.
        directory.members.remove(List.of(1, 0x0101));
        fabricIds.remove(2);
        groupcast.syncMemberships();
        assertEquals(Set.of("leave ff35:40:fd00:0:0:0:1100:101", "leave ff35:40:fd00:0:0:0:2200:101"),
                Set.copyOf(calls.subList(2, 4)));
        assertEquals(Set.of(), groupcast.joined());
    }
}
