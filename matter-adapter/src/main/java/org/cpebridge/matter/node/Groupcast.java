package org.cpebridge.matter.node;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.IntFunction;
import org.cpebridge.matter.cluster.AccessSubject;
import org.cpebridge.matter.cluster.GroupInteractions;
import org.cpebridge.matter.group.GroupDirectory;
import org.cpebridge.matter.group.GroupMessageCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's side of group communication (Matter core 4.15): a group-addressed IM message that the node's
 * {@link GroupMessageCodec} opened goes to {@link GroupInteractions} as the group subject, with the endpoints of that
 * fabric that are members of the group ({@link GroupDirectory#endpointsOf}); and the node listens on the multicast
 * address of each group it can receive, FF35:0040:FD‹fabric id›00:‹group id›, on its interface. It can receive a
 * group when GroupKeyMap maps the group to a key set of the fabric (the group appears in
 * {@link GroupDirectory#epochKeys}) and at least one endpoint is a member; {@link #syncMemberships} joins what became
 * receivable and leaves what no longer is; the face runs it whenever the directory says it changed
 * ({@link GroupDirectory#onChange}, {@link GroupDirectory#onMembershipRemoved}).
 *
 * <p>Owned by the node loop: every method runs there.
 */
public final class Groupcast implements MatterNode.GroupMessageHandler {

    private static final Logger LOG = LoggerFactory.getLogger(Groupcast.class);

    /** Where the node listens: joins and leaves multicast groups. */
    public interface Memberships {
        void join(InetAddress group);

        void leave(InetAddress group);
    }

    private final GroupDirectory directory;
    private final GroupInteractions interactions;
    private final IntFunction<Optional<Long>> fabricIdOf;
    private final Memberships memberships;
    private final Set<InetAddress> joined = new HashSet<>();

    /**
     * @param fabricIdOf the fabric id of a fabric index, empty for a fabric the node is not on
     */
    public Groupcast(GroupDirectory directory, GroupInteractions interactions, IntFunction<Optional<Long>> fabricIdOf,
                     Memberships memberships) {
        this.directory = Objects.requireNonNull(directory, "directory");
        this.interactions = Objects.requireNonNull(interactions, "interactions");
        this.fabricIdOf = Objects.requireNonNull(fabricIdOf, "fabricIdOf");
        this.memberships = Objects.requireNonNull(memberships, "memberships");
    }

    /** The multicast address of a group on a fabric: FF35:0040:FD‹fabric id, 8 bytes›00:‹group id, 2 bytes›. */
    public static InetAddress multicastAddress(long fabricId, int groupId) {
        if (groupId < 0 || groupId > 0xFFFF) {
            throw new IllegalArgumentException("group id out of range 0..0xFFFF: " + groupId);
        }
        ByteBuffer address = ByteBuffer.allocate(16).putShort((short) 0xFF35).putShort((short) 0x0040)
                .put((byte) 0xFD).putLong(fabricId).put((byte) 0).putShort((short) groupId);
        try {
            return InetAddress.getByAddress(address.array());
        } catch (UnknownHostException e) {
            throw new IllegalStateException("16 bytes are always an IPv6 address", e);
        }
    }

    @Override
    public void onGroupMessage(GroupMessageCodec.Received received) {
        Set<Integer> members = directory.endpointsOf(received.fabricIndex(), received.groupId());
        if (members.isEmpty()) {
            LOG.debug("[matter] group 0x{} on fabric {} has no member endpoint; message dropped",
                    Integer.toHexString(received.groupId()), received.fabricIndex());
            return;
        }
        int opcode = received.message().protocolHeader().opcode();
        interactions.onMessage(AccessSubject.ofGroup(received.fabricIndex(), received.groupId()), opcode,
                received.message().payload().toByteArray(), members);
    }

    /** The multicast addresses the node should listen on now. */
    public Set<InetAddress> receivableAddresses() {
        Set<InetAddress> wanted = new HashSet<>();
        for (GroupDirectory.EpochKey key : directory.epochKeys()) {
            Optional<Long> fabricId = fabricIdOf.apply(key.fabricIndex());
            if (fabricId.isEmpty()) {
                continue;
            }
            for (int groupId : key.groupIds()) {
                if (!directory.endpointsOf(key.fabricIndex(), groupId).isEmpty()) {
                    wanted.add(multicastAddress(fabricId.get(), groupId));
                }
            }
        }
        return wanted;
    }

    /**
     * Joins the addresses of the groups that became receivable and leaves those that no longer are. Call after the
     * group table, the key sets or the fabrics changed.
     */
    public void syncMemberships() {
        Set<InetAddress> wanted = receivableAddresses();
        for (InetAddress address : Set.copyOf(joined)) {
            if (!wanted.contains(address)) {
                joined.remove(address);
                memberships.leave(address);
            }
        }
        for (InetAddress address : wanted) {
            if (joined.add(address)) {
                memberships.join(address);
            }
        }
    }

    /** The addresses joined so far. */
    public Set<InetAddress> joined() {
        return Set.copyOf(joined);
    }
}
