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
import org.cpebridge.matter.group.GroupMessageCodec;
import org.cpebridge.matter.cluster.CommandResult;
import org.cpebridge.matter.cluster.standard.Groups;
import org.cpebridge.matter.im.CommandDataIb;
import org.cpebridge.matter.im.CommandPathIb;
import org.cpebridge.matter.im.ImCodec;
import org.cpebridge.matter.im.ImMessage;
import org.cpebridge.matter.im.ImStatus;
import org.cpebridge.matter.message.Message;
import org.cpebridge.matter.message.MessageHeader;
import org.cpebridge.matter.message.ProtocolHeader;
import org.cpebridge.matter.message.ProtocolId;
import org.cpebridge.matter.tlv.TlvElement;
import org.cpebridge.matter.tlv.TlvTag;
import org.junit.jupiter.api.Test;

/** The group multicast addresses and which of them the node listens on as groups and key sets change. */
class GroupcastTest {

    /** A directory the test changes: epoch keys and members per (fabric, group). */
    private static final class Directory implements GroupDirectory {
        final List<EpochKey> keys = new ArrayList<>();
        final Map<List<Integer>, Set<Integer>> members = new HashMap<>();
        final List<Runnable> changeListeners = new ArrayList<>();

        /** What GroupTables does after storing a change. */
        void changed() {
            changeListeners.forEach(Runnable::run);
        }

        @Override
        public Set<Integer> endpointsOf(int fabricIndex, int groupId) {
            return members.getOrDefault(List.of(fabricIndex, groupId), Set.of());
        }

        @Override
        public List<EpochKey> epochKeys() {
            return List.copyOf(keys);
        }

        @Override
        public void onChange(Runnable listener) {
            changeListeners.add(listener);
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

    @Test
    void aGroupAddressedAddGroupMakesTheNewGroupReceivableAtOnce() throws Exception {
        Directory directory = new Directory();
        directory.keys.add(new GroupDirectory.EpochKey(1, 7, new byte[16], 0, Set.of(0x0101, 0x0202)));
        directory.members.put(List.of(1, 0x0101), Set.of(2));
        DataModel model = new DataModel(() -> 1);
        model.addEndpoint(2, java.util.OptionalInt.empty(), List.of());
        model.addCluster(2, Groups.SPEC);
        InvokeDispatcher invokes = new InvokeDispatcher(model, AccessChecker.ALLOW_ALL, 1);
        // Stands in for GroupsHandler: AddGroup makes the endpoint a member of the named group.
        invokes.setHandler(Groups.ID, (subject, cluster, command, fields) -> {
            long groupId = ((TlvElement.UnsignedInt) ((TlvElement.Structure) fields).member(0).orElseThrow()).value();
            directory.members.put(List.of(1, (int) groupId), Set.of(cluster.endpoint()));
            directory.changed();
            return CommandResult.status(ImStatus.SUCCESS);
        });
        List<String> calls = new ArrayList<>();
        Groupcast groupcast = new Groupcast(directory, new GroupInteractions(model, new WriteEngine(model,
                AccessChecker.ALLOW_ALL), invokes), index -> Optional.of(0x11L), new Groupcast.Memberships() {
                    @Override
                    public void join(InetAddress group) {
                        calls.add("join " + group.getHostAddress());
                    }

                    @Override
                    public void leave(InetAddress group) {
                        calls.add("leave " + group.getHostAddress());
                    }
                });
        // As the face wires it: every stored change of the directory syncs the joins.
        directory.onChange(groupcast::syncMemberships);
        groupcast.syncMemberships();
        assertEquals(List.of("join ff35:40:fd00:0:0:0:1100:101"), calls);

        // Sent to group 0x0101: its member, endpoint 2, adds group 0x0202 (SuppressResponse, as group commands are).
        ImMessage.InvokeRequest addGroup = new ImMessage.InvokeRequest(true, false, List.of(CommandDataIb.of(
                new CommandPathIb(java.util.OptionalInt.empty(), Groups.ID, Groups.ADD_GROUP), new TlvElement.Structure(TlvTag.anonymous(),
                        List.of(new TlvElement.UnsignedInt(TlvTag.context(0), 0x0202),
                                new TlvElement.Utf8(TlvTag.context(1), "Hall"))))), 12);
        Message message = new Message(MessageHeader.secureUnicast(1, 1), ProtocolHeader.of(true, false,
                ProtocolId.INTERACTION_MODEL, 0x08, 1), org.cpebridge.bytes.Bytes.of(ImCodec.encode(addGroup)));
        groupcast.onGroupMessage(new GroupMessageCodec.Received(1, 0x1234, 0x0101, 7, message));
        assertEquals(Set.of(2), directory.endpointsOf(1, 0x0202), "the command reached the member");
        assertEquals(List.of("join ff35:40:fd00:0:0:0:1100:101", "join ff35:40:fd00:0:0:0:1100:202"), calls,
                "the new group's address is joined without waiting for a unicast write");
    }
}
