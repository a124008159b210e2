package org.cpebridge.matter.group;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.cpebridge.bytes.Bytes;
import org.cpebridge.matter.message.Destination;
import org.cpebridge.matter.message.Message;
import org.cpebridge.matter.message.MessageException;
import org.cpebridge.matter.message.MessageHeader;
import org.cpebridge.matter.message.ProtocolHeader;
import org.cpebridge.matter.message.ProtocolId;
import org.cpebridge.matter.message.SessionType;
import org.junit.jupiter.api.Test;

/**
 * Receiving group messages: the connectedhomeip dispatch vectors ({@code src/transport/tests/
 * TestSessionManagerDispatch.cpp}, "secure group message (no privacy)" and "private group message": epoch key
 * b0..bf on the fabric whose compressed fabric id is 87e1b004e235a130, group session 0xDB7D, group 2, source node
 * 1), then messages built by our own sender: key choice, group mapping, trust-first counters and replays.
 */
class GroupMessageCodecTest {

    private static final Bytes CFID = Bytes.fromHex("87e1b004e235a130");
    private static final byte[] SDK_EPOCH_KEY = Bytes.fromHex("b0b1b2b3b4b5b6b7b8b9babbbcbdbebf").toByteArray();
    private static final String SDK_GROUP_MESSAGE = "067ddb01" + "78563412" + "0100000000000000" + "0200"
            + "65c767bc6cda" + "0106c9801323900e9b3ce6d4bb0327d6";
    private static final String SDK_PRIVATE_GROUP_MESSAGE = "067ddb81" + "d926afce24c8a0981bdd44f4e730"
            + "2b2f915a66c9" + "596290ebe4408217b3c0c921a2fca4e1";

    /** A directory of fixed epoch keys; endpoints are not this codec's concern. */
    private static final class Keys implements GroupDirectory {
        final List<EpochKey> keys = new ArrayList<>();

        @Override
        public Set<Integer> endpointsOf(int fabricIndex, int groupId) {
            return Set.of();
        }

        @Override
        public List<EpochKey> epochKeys() {
            return List.copyOf(keys);
        }

        @Override
        public void onChange(Runnable listener) {
        }

        @Override
        public void onMembershipRemoved(MembershipListener listener) {
        }
    }

    private static GroupMessageCodec codec(Keys keys) {
        Map<Integer, Bytes> fabrics = Map.of(1, CFID, 2, Bytes.fromHex("0102030405060708"));
        return new GroupMessageCodec(keys, index -> Optional.ofNullable(fabrics.get(index)), 4);
    }

    private static Keys sdkKeys(Set<Integer> groups) {
        Keys keys = new Keys();
        keys.keys.add(new GroupDirectory.EpochKey(1, 0x1234, SDK_EPOCH_KEY, 0, groups));
        return keys;
    }

    @Test
    void theSdkKeyDerivesTheSdkSessionIdAndKeys() {
        GroupKeys keys = GroupKeys.derive(new GroupDirectory.EpochKey(1, 7, SDK_EPOCH_KEY, 0, Set.of(2)), CFID);
        assertEquals(0xDB7D, keys.sessionId());
        assertEquals(Bytes.fromHex("ca92d7a0942d1a511a0e26ad074f4c2f"), keys.encryptionKey());
        assertEquals(Bytes.fromHex("bfe9da016a765365f2dd97a9f939e425"), keys.privacyKey());
        assertTrue(!keys.toString().contains("ca92"), "no key in toString");
    }

    @Test
    void opensTheSdkGroupMessageThenItsPrivateSuccessorAndDropsReplays() throws MessageException {
        GroupMessageCodec codec = codec(sdkKeys(Set.of(2)));
        GroupMessageCodec.Received first = codec.open(Bytes.fromHex(SDK_GROUP_MESSAGE).toByteArray()).orElseThrow();
        assertEquals(1, first.fabricIndex());
        assertEquals(1L, first.sourceNodeId());
        assertEquals(2, first.groupId());
        assertEquals(0x1234, first.keySetId());
        assertEquals(0x7D20, first.message().protocolHeader().protocolId());
        assertEquals(0x64, first.message().protocolHeader().opcode());
        assertEquals(0x12345678L, first.message().header().messageCounter());
        // Counter 0x12345679, header obfuscated with the group privacy key.
        GroupMessageCodec.Received second = codec.open(Bytes.fromHex(SDK_PRIVATE_GROUP_MESSAGE).toByteArray())
                .orElseThrow();
        assertEquals(0x12345679L, second.message().header().messageCounter());
        assertTrue(second.message().header().privacy());
        assertEquals(Optional.empty(), codec.open(Bytes.fromHex(SDK_GROUP_MESSAGE).toByteArray()));
        assertEquals(Optional.empty(), codec.open(Bytes.fromHex(SDK_PRIVATE_GROUP_MESSAGE).toByteArray()));
    }

    @Test
    void aGroupNotMappedToTheKeySetIsRefusedAndLeavesTheCounterAlone() throws MessageException {
        Keys keys = sdkKeys(Set.of(3));
        GroupMessageCodec codec = codec(keys);
        assertThrows(MessageException.class, () -> codec.open(Bytes.fromHex(SDK_GROUP_MESSAGE).toByteArray()));
        assertEquals(0, codec.peerCount());
    }

    @Test
    void unknownSessionIdsWrongKeysAndOtherFabricsAreRefused() {
        Keys none = new Keys();
        assertThrows(MessageException.class,
                () -> codec(none).open(Bytes.fromHex(SDK_GROUP_MESSAGE).toByteArray()));
        // The same epoch key on another fabric derives another operational key and session id.
        Keys elsewhere = new Keys();
        elsewhere.keys.add(new GroupDirectory.EpochKey(2, 1, SDK_EPOCH_KEY, 0, Set.of(2)));
        assertThrows(MessageException.class,
                () -> codec(elsewhere).open(Bytes.fromHex(SDK_GROUP_MESSAGE).toByteArray()));
        // A fabric the node is not on is never tried.
        Keys gone = new Keys();
        gone.keys.add(new GroupDirectory.EpochKey(9, 1, SDK_EPOCH_KEY, 0, Set.of(2)));
        assertThrows(MessageException.class,
                () -> codec(gone).open(Bytes.fromHex(SDK_GROUP_MESSAGE).toByteArray()));
        // A flipped MIC bit fails authentication.
        byte[] tampered = Bytes.fromHex(SDK_GROUP_MESSAGE).toByteArray();
        tampered[tampered.length - 1] ^= 1;
        assertThrows(MessageException.class, () -> codec(sdkKeys(Set.of(2))).open(tampered));
    }

    @Test
    void truncatedAndGarbageDatagramsAreRefused() {
        GroupMessageCodec codec = codec(sdkKeys(Set.of(2)));
        byte[] whole = Bytes.fromHex(SDK_GROUP_MESSAGE).toByteArray();
        for (int length = 0; length < whole.length; length++) {
            byte[] cut = java.util.Arrays.copyOf(whole, length);
            assertThrows(MessageException.class, () -> codec.open(cut), "length " + length);
        }
        byte[] unicast = whole.clone();
        unicast[3] = 0x00;
        assertThrows(MessageException.class, () -> codec.open(unicast));
        assertEquals(0, codec.peerCount());
    }

    @Test
    void whenTwoKeySetsShareTheSessionIdTheOneThatAuthenticatesWins() throws MessageException {
        Keys keys = new Keys();
        // Same session id 0xDB7D is only the SDK key's; a second key set on fabric 1 with a forged session id cannot
        // be made, so try the same epoch key twice with different groups: the first mapping that authenticates and
        // maps the group is the one reported.
        keys.keys.add(new GroupDirectory.EpochKey(1, 1, SDK_EPOCH_KEY, 0, Set.of(5)));
        keys.keys.add(new GroupDirectory.EpochKey(1, 2, SDK_EPOCH_KEY, 1, Set.of(2)));
        GroupMessageCodec.Received received = codec(keys).open(Bytes.fromHex(SDK_GROUP_MESSAGE).toByteArray())
                .orElseThrow();
        assertEquals(2, received.keySetId());
    }

    private static GroupKeys ourKeys() {
        return GroupKeys.derive(new GroupDirectory.EpochKey(1, 0x42, SDK_EPOCH_KEY, 0, Set.of(0x0101)), CFID);
    }

    private static byte[] sent(long source, long counter, boolean privacy) {
        GroupKeys keys = ourKeys();
        MessageHeader header = new MessageHeader(keys.sessionId(), SessionType.GROUP, privacy, false, counter,
                OptionalLong.of(source), new Destination.Group(0x0101), Optional.empty());
        Message message = new Message(header, ProtocolHeader.of(true, false, ProtocolId.INTERACTION_MODEL, 0x08, 9),
                Bytes.fromHex("1528002801360015300031003801182424012400063802181818290424ff0b18"));
        return GroupMessageCodec.seal(message, keys);
    }

    @Test
    void trustFirstThenTheWindowPerSourceNode() throws MessageException {
        Keys keys = new Keys();
        keys.keys.add(new GroupDirectory.EpochKey(1, 0x42, SDK_EPOCH_KEY, 0, Set.of(0x0101)));
        GroupMessageCodec codec = codec(keys);
        // Trust first: any counter of an unknown source is accepted, however large.
        assertTrue(codec.open(sent(0xAAAA, 1_000_000, false)).isPresent());
        // Behind the first counter: counted as seen (the window starts full).
        assertTrue(codec.open(sent(0xAAAA, 999_999, false)).isEmpty());
        assertTrue(codec.open(sent(0xAAAA, 1_000_005, true)).isPresent());
        // Inside the window, not yet seen: new once, then a duplicate.
        assertTrue(codec.open(sent(0xAAAA, 1_000_003, false)).isPresent());
        assertTrue(codec.open(sent(0xAAAA, 1_000_003, false)).isEmpty());
        // Another source node has its own counter.
        assertTrue(codec.open(sent(0xBBBB, 5, false)).isPresent());
        // Rollover: 2^32-1 then 0 from a source that got there.
        assertTrue(codec.open(sent(0xCCCC, 0xFFFF_FFFFL, false)).isPresent());
        assertTrue(codec.open(sent(0xCCCC, 0, false)).isPresent());
        assertEquals(3, codec.peerCount());
        codec.forgetFabric(1);
        assertEquals(0, codec.peerCount());
    }

    @Test
    void thePeerTableIsBounded() throws MessageException {
        Keys keys = new Keys();
        keys.keys.add(new GroupDirectory.EpochKey(1, 0x42, SDK_EPOCH_KEY, 0, Set.of(0x0101)));
        GroupMessageCodec codec = codec(keys);
        for (long source = 1; source <= 10; source++) {
            assertTrue(codec.open(sent(source, 100, false)).isPresent());
        }
        assertEquals(4, codec.peerCount());
    }

    @Test
    void groupControlMessagesAreRefused() {
        GroupKeys keys = ourKeys();
        Keys directory = new Keys();
        directory.keys.add(new GroupDirectory.EpochKey(1, 0x42, SDK_EPOCH_KEY, 0, Set.of(0x0101)));
        MessageHeader header = new MessageHeader(keys.sessionId(), SessionType.GROUP, false, true, 7,
                OptionalLong.of(3), new Destination.Group(0x0101), Optional.empty());
        byte[] control = GroupMessageCodec.seal(new Message(header, ProtocolHeader.of(true, false,
                ProtocolId.SECURE_CHANNEL, 0x00, 1), Bytes.EMPTY), keys);
        assertThrows(MessageException.class, () -> codec(directory).open(control));
    }

    @Test
    void sealRefusesAHeaderThatIsNotGroup() {
        GroupKeys keys = ourKeys();
        Message unicast = new Message(MessageHeader.secureUnicast(keys.sessionId(), 1),
                ProtocolHeader.of(true, false, ProtocolId.INTERACTION_MODEL, 0x08, 9), Bytes.EMPTY);
        assertThrows(IllegalArgumentException.class, () -> GroupMessageCodec.seal(unicast, keys));
    }
}
