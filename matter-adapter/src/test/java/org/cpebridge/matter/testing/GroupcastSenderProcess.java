package org.cpebridge.matter.testing;

import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import org.cpebridge.bytes.Bytes;
import org.cpebridge.matter.group.GroupDirectory;
import org.cpebridge.matter.group.GroupKeys;
import org.cpebridge.matter.group.GroupMessageCodec;
import org.cpebridge.matter.im.CommandDataIb;
import org.cpebridge.matter.im.CommandPathIb;
import org.cpebridge.matter.im.ImCodec;
import org.cpebridge.matter.im.ImMessage;
import org.cpebridge.matter.im.ImOpcode;
import org.cpebridge.matter.message.Destination;
import org.cpebridge.matter.message.Message;
import org.cpebridge.matter.message.MessageHeader;
import org.cpebridge.matter.message.ProtocolHeader;
import org.cpebridge.matter.message.ProtocolId;
import org.cpebridge.matter.message.SessionType;
import org.cpebridge.matter.node.Groupcast;
import org.cpebridge.matter.tlv.TlvElement;
import org.cpebridge.matter.tlv.TlvTag;

/**
 * Child-JVM main for the groupcast test: a controller that sends group-addressed On/Off Toggle commands (Invoke,
 * SuppressResponse, the group form of the command path) built and sealed with our own codec, to the group's multicast
 * address on the given interface, from inside a test namespace. Args: interface, port, fabric id (hex), compressed
 * fabric id (hex), epoch key (hex), then one {@code <group id>:<message counter>[:private]} per message, sent in
 * order from source node 0x1234, each with the R flag set (asking for an MRP acknowledgement a group message must not
 * get). Prints {@code SENT <group>:<counter>} per message, then {@code REPLIES <n>}: how many datagrams came back to
 * the sending socket in the 1.5 s after the last message (acknowledgements or answers; there must be none), then
 * {@code DONE}.
 */
public final class GroupcastSenderProcess {

    private static final long SOURCE_NODE = 0x1234L;

    private GroupcastSenderProcess() {
    }

    public static void main(String[] args) throws Exception {
        NetworkInterface outgoing = NetworkInterface.getByName(args[0]);
        int port = Integer.parseInt(args[1]);
        long fabricId = Long.parseUnsignedLong(args[2], 16);
        Bytes compressedFabricId = Bytes.fromHex(args[3]);
        GroupKeys keys = GroupKeys.derive(new GroupDirectory.EpochKey(1, 1, HexFormat.of().parseHex(args[4]), 0,
                Set.of()), compressedFabricId);
        try (DatagramChannel socket = DatagramChannel.open(StandardProtocolFamily.INET6)) {
            socket.setOption(StandardSocketOptions.IP_MULTICAST_IF, outgoing);
            for (int i = 5; i < args.length; i++) {
                String[] spec = args[i].split(":");
                int group = Integer.parseInt(spec[0]);
                long counter = Long.parseLong(spec[1]);
                boolean privacy = spec.length > 2 && spec[2].equals("private");
                byte[] datagram = GroupMessageCodec.seal(toggle(keys, group, counter, privacy), keys);
                socket.send(ByteBuffer.wrap(datagram), new InetSocketAddress(Groupcast.multicastAddress(fabricId,
                        group), port));
                System.out.println("SENT " + args[i]);
                Thread.sleep(50);
            }
            socket.configureBlocking(false);
            int replies = 0;
            ByteBuffer reply = ByteBuffer.allocate(1500);
            long until = System.nanoTime() + 1_500_000_000L;
            while (System.nanoTime() < until) {
                if (socket.receive(reply.clear()) != null) {
                    replies++;
                } else {
                    Thread.sleep(20);
                }
            }
            System.out.println("REPLIES " + replies);
        }
        System.out.println("DONE");
    }

    private static Message toggle(GroupKeys keys, int group, long counter, boolean privacy) {
        MessageHeader header = new MessageHeader(keys.sessionId(), SessionType.GROUP, privacy, false, counter,
                OptionalLong.of(SOURCE_NODE), new Destination.Group(group), Optional.empty());
        CommandDataIb toggle = new CommandDataIb(new CommandPathIb(OptionalInt.empty(), 0x0006, 0x02),
                Optional.of(new TlvElement.Structure(TlvTag.anonymous(), List.of())), OptionalInt.empty());
        byte[] invoke = ImCodec.encode(new ImMessage.InvokeRequest(true, false, List.of(toggle), 12));
        return new Message(header, ProtocolHeader.of(true, true, ProtocolId.INTERACTION_MODEL,
                ImOpcode.INVOKE_REQUEST.code(), (int) (counter & 0xFFFF)), Bytes.of(invoke));
    }
}
