package org.cpebridge.matter.group;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.IntFunction;
import org.cpebridge.bytes.Bytes;
import org.cpebridge.matter.message.Destination;
import org.cpebridge.matter.message.Message;
import org.cpebridge.matter.message.MessageCodec;
import org.cpebridge.matter.message.MessageException;
import org.cpebridge.matter.message.MessageFrame;
import org.cpebridge.matter.message.MessageHeader;
import org.cpebridge.matter.message.MessagePrivacy;
import org.cpebridge.matter.message.MessageReceptionState;
import org.cpebridge.matter.message.MessageSecurity;
import org.cpebridge.matter.message.SessionType;

/**
 * Group-addressed messages (Matter core 4.15 "Group Communication", 4.7 and 4.8 message processing and security):
 * {@link #open} takes a datagram whose security flags say Group, picks the candidate keys by the group session id
 * among the epoch keys the {@link GroupDirectory} lists, de-obfuscates (P flag) and decrypts with each until one
 * authenticates (nonce: security flags, counter, the header's source node id), checks that the destination group is
 * one that GroupKeyMap maps to that key set on that fabric, and only then classifies the counter.
 *
 * <p>Counters are kept per (fabric, source node), as the spec's group peer state: trust-first (the first message of
 * an unknown peer is accepted and its counter becomes the window's maximum, everything behind it counted as seen),
 * then the 32-entry window with rollover of {@link MessageReceptionState.Policy#ENCRYPTED_GROUP}. At most
 * {@code maxPeers} peers are remembered; the least recently heard gives way, and would be trusted first again (the
 * spec's GroupPeer table is bounded too). Group control messages (C flag, message counter synchronisation) are not
 * supported and are refused: nothing here initiates or answers MCSP.
 *
 * <p>{@link #seal} is the sending side, for a node or test that sends group messages.
 *
 * <p>Not thread-safe: owned by the node loop. Holds no key beyond a cache of derived ones, cleared with
 * {@link #forgetFabric}.
 */
public final class GroupMessageCodec {

    /** A group message that authenticated and is new. */
    public record Received(int fabricIndex, long sourceNodeId, int groupId, int keySetId, Message message) {
        public Received {
            Objects.requireNonNull(message, "message");
        }
    }

    /** The default bound on remembered (fabric, source node) peers. */
    public static final int DEFAULT_MAX_PEERS = 64;

    private record PeerKey(int fabricIndex, long sourceNodeId) {
    }

    private record EpochId(int fabricIndex, int keySetId, Bytes epochKey, long startTimeMicros, Bytes compressedFabricId,
                           java.util.Set<Integer> groupIds) {
    }

    private final GroupDirectory directory;
    private final IntFunction<Optional<Bytes>> compressedFabricIdOf;
    private final Map<PeerKey, MessageReceptionState> peers;
    private final Map<EpochId, GroupKeys> derived = new HashMap<>();

    /**
     * @param directory where the epoch keys and their groups come from
     * @param compressedFabricIdOf the compressed fabric id of a fabric index, empty for a fabric the node is not on
     * @param maxPeers how many (fabric, source node) counter windows are kept
     */
    public GroupMessageCodec(GroupDirectory directory, IntFunction<Optional<Bytes>> compressedFabricIdOf,
                             int maxPeers) {
        this.directory = Objects.requireNonNull(directory, "directory");
        this.compressedFabricIdOf = Objects.requireNonNull(compressedFabricIdOf, "compressedFabricIdOf");
        if (maxPeers < 1) {
            throw new IllegalArgumentException("maxPeers must be positive: " + maxPeers);
        }
        this.peers = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<PeerKey, MessageReceptionState> eldest) {
                return size() > maxPeers;
            }
        };
    }

    /** True when the datagram's security flags say Group (read without decoding anything else). */
    public static boolean isGroupMessage(byte[] datagram) throws MessageException {
        return (MessageCodec.peekSecurityFlags(datagram) & 0x03) == SessionType.GROUP.code();
    }

    /**
     * Opens a group message.
     *
     * @return the message, or empty when it authenticated but its counter was seen before (drop it silently)
     * @throws MessageException when it is malformed, no key of ours authenticates it, its group is not mapped to
     *     the key that does, or it is a group control message; no counter state changes then
     */
    public Optional<Received> open(byte[] datagram) throws MessageException {
        if (!isGroupMessage(datagram)) {
            throw new MessageException("not a group message");
        }
        int sessionId = MessageCodec.peekSessionId(datagram);
        List<GroupKeys> candidates = candidates(sessionId);
        if (candidates.isEmpty()) {
            throw new MessageException("no group key with session id 0x" + Integer.toHexString(sessionId));
        }
        boolean obfuscated = (MessageCodec.peekSecurityFlags(datagram) & 0x80) != 0;
        MessageException last = null;
        for (GroupKeys keys : candidates) {
            try {
                byte[] clear = obfuscated ? MessagePrivacy.deobfuscate(datagram, keys.privacyKey()) : datagram;
                MessageFrame frame = MessageCodec.decodeFrame(clear);
                MessageHeader header = frame.header();
                if (header.sourceNodeId().isEmpty()) {
                    throw new MessageException("group message without a source node id");
                }
                long source = header.sourceNodeId().getAsLong();
                Message message = MessageSecurity.decrypt(frame, keys.encryptionKey(), source);
                return accept(keys, message, source);
            } catch (MessageException e) {
                // Another key set of ours (or another fabric) may share the 16-bit session id: try the next one.
                last = e;
            }
        }
        throw last;
    }

    private Optional<Received> accept(GroupKeys keys, Message message, long source) throws MessageException {
        MessageHeader header = message.header();
        int groupId = ((Destination.Group) header.destination()).groupId();
        if (!keys.groupIds().contains(groupId)) {
            throw new MessageException("group 0x" + Integer.toHexString(groupId) + " is not mapped to key set "
                    + keys.keySetId() + " on fabric " + keys.fabricIndex());
        }
        if (header.control()) {
            throw new MessageException("group control messages (counter synchronisation) are not supported");
        }
        PeerKey peer = new PeerKey(keys.fabricIndex(), source);
        MessageReceptionState reception = peers.get(peer);
        if (reception == null) {
            reception = MessageReceptionState.fresh(MessageReceptionState.Policy.ENCRYPTED_GROUP);
            peers.put(peer, reception);
        }
        if (reception.offer(header.messageCounter()) == MessageReceptionState.Verdict.DUPLICATE) {
            return Optional.empty();
        }
        return Optional.of(new Received(keys.fabricIndex(), source, groupId, keys.keySetId(), message));
    }

    /** The derived keys of every listed epoch key whose session id matches, on fabrics the node is on. */
    private List<GroupKeys> candidates(int sessionId) {
        List<GroupKeys> found = new ArrayList<>();
        for (GroupDirectory.EpochKey epoch : directory.epochKeys()) {
            Optional<Bytes> cfid = compressedFabricIdOf.apply(epoch.fabricIndex());
            if (cfid.isEmpty()) {
                continue;
            }
            EpochId id = new EpochId(epoch.fabricIndex(), epoch.keySetId(), Bytes.of(epoch.epochKey()),
                    epoch.startTimeMicros(), cfid.get(), epoch.groupIds());
            GroupKeys keys = derived.get(id);
            if (keys == null) {
                if (derived.size() > 256) {
                    derived.clear(); // key sets were rewritten many times; derive the live ones again
                }
                keys = GroupKeys.derive(epoch, cfid.get());
                derived.put(id, keys);
            }
            if (keys.sessionId() == sessionId) {
                found.add(keys);
            }
        }
        return found;
    }

    /** Forgets the counters and derived keys of a fabric (it was removed). */
    public void forgetFabric(int fabricIndex) {
        peers.keySet().removeIf(peer -> peer.fabricIndex() == fabricIndex);
        derived.keySet().removeIf(id -> id.fabricIndex() == fabricIndex);
    }

    /** How many peers' counters are remembered (for tests of the bound). */
    public int peerCount() {
        return peers.size();
    }

    /**
     * Encrypts a group message with {@code keys}: the header must be a group header (session type Group, session id
     * {@link GroupKeys#sessionId}, destination group, source node id present); obfuscated when it has the P flag.
     */
    public static byte[] seal(Message message, GroupKeys keys) {
        MessageHeader header = message.header();
        if (header.sessionType() != SessionType.GROUP || header.sourceNodeId().isEmpty()
                || header.sessionId() != keys.sessionId()) {
            throw new IllegalArgumentException("not a group header for session 0x"
                    + Integer.toHexString(keys.sessionId()) + " with a source node id");
        }
        byte[] sealed = MessageSecurity.encrypt(message, keys.encryptionKey(), header.sourceNodeId().getAsLong());
        if (!header.privacy()) {
            return sealed;
        }
        try {
            return MessagePrivacy.obfuscate(sealed, keys.privacyKey());
        } catch (MessageException e) {
            throw new IllegalStateException("a message just encrypted must parse", e);
        }
    }
}
