package org.cpebridge.dect.ule;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.cpebridge.bytes.Bytes;
import org.cpebridge.dect.hanfun.HanfunException;
import org.cpebridge.dect.hanfun.Packet;
import org.cpebridge.dect.hanfun.PacketCodec;
import org.cpebridge.dect.hanfun.Uid;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A node speaking the example-app framing over loopback against {@link TcpBaseLink}. */
class TcpBaseLinkIT {
    private static final byte[] NODE_HELLO = Bytes.fromHex(
            "001E 0101 020101 03 17 68663A2F2F6E6F64652E6578616D706C652E636F6D2F31").toByteArray();
    private static final byte[] REGISTER = Bytes.fromHex(
            "7FFF 00 0000 00 0000 00 01 8001 01 0016 0000 02 03010108 0E00000005810280078008800980 0A").toByteArray();

    private final BlockingQueue<String> events = new LinkedBlockingQueue<>();
    private final BlockingQueue<Packet> packets = new LinkedBlockingQueue<>();
    private TcpBaseLink link;

    @BeforeEach
    void start() throws IOException, InterruptedException {
        link = new TcpBaseLink(new InetSocketAddress("127.0.0.1", 0), new Uid.Uri("hf://base.example.com"));
        configure(link);
        link.start(new BaseLinkListener() {
            public void onLinkUp() {
                events.add("up");
            }

            public void onLinkDown(String reason) {
                events.add("down");
            }

            public void onDeviceRegistered(LinkId id, Uid uid) {
                events.add("registered " + id + " " + uid);
            }

            public void onDeviceDeregistered(LinkId id) {
                events.add("deregistered " + id);
            }

            public void onPacket(LinkId id, Packet packet) {
                packets.add(packet);
            }

            public void onMalformedPacket(LinkId id, HanfunException error) {
                events.add("malformed " + error.reason());
            }

            public void onRegistrationWindow(int seconds) {
                events.add("window " + seconds);
            }
        });
        assertEquals("up", events.poll(10, TimeUnit.SECONDS));
    }

    /** Before the link starts; {@link TcpBaseLinkSharedLoopIT} puts it on a shared I/O group. */
    void configure(TcpBaseLink link) {
    }

    @AfterEach
    void stop() {
        link.close();
    }

    @Test
    void nodeHelloRegisterAndBaseReply() throws Exception {
        try (Socket node = new Socket("127.0.0.1", link.localAddress().getPort())) {
            node.setSoTimeout(10_000);
            DataInputStream in = new DataInputStream(node.getInputStream());
            // the base says HELLO first
            byte[] hello = readFrame(in);
            assertEquals(Frame.HELLO, ((hello[2] & 0xFF) << 8) | (hello[3] & 0xFF));
            assertEquals(new Frame.Hello(2, 1, 1, new Uid.Uri("hf://base.example.com")),
                    new FrameDecoder().offer(hello).get(0));

            OutputStream out = node.getOutputStream();
            byte[] stream = concat(NODE_HELLO, FrameCodec.encodeData(REGISTER));
            for (byte b : stream) { // worst case fragmentation
                out.write(b);
                out.flush();
            }
            String registered = events.poll(10, TimeUnit.SECONDS);
            assertTrue(registered.startsWith("registered link-"), registered);
            assertTrue(registered.endsWith("hf://node.example.com/1]"), registered);
            Packet register = packets.poll(10, TimeUnit.SECONDS);
            assertArrayEquals(REGISTER, PacketCodec.encode(register));

            LinkId id = new LinkId(Long.parseLong(registered.split(" ")[1].substring(5)));
            Packet reply = PacketCodec.decode(
                    Bytes.fromHex("0000 00 7FFF 00 0000 00 03 8001 01 0003 00 0001").toByteArray());
            assertTrue(link.send(id, reply));
            byte[] data = readFrame(in);
            assertArrayEquals(FrameCodec.encodeData(PacketCodec.encode(reply)), data);

            // a garbled packet inside a good frame does not break the link
            out.write(FrameCodec.encodeData(new byte[] {1, 2, 3}));
            out.write(FrameCodec.encodeData(REGISTER));
            out.flush();
            assertEquals("malformed TRUNCATED", events.poll(10, TimeUnit.SECONDS));
            assertArrayEquals(REGISTER, PacketCodec.encode(packets.poll(10, TimeUnit.SECONDS)));
        }
        String deregistered = events.poll(10, TimeUnit.SECONDS);
        assertTrue(deregistered.startsWith("deregistered link-"), deregistered);
    }

    @Test
    void badFrameLengthClosesOnlyThatConnection() throws Exception {
        try (Socket bad = new Socket("127.0.0.1", link.localAddress().getPort());
                Socket good = new Socket("127.0.0.1", link.localAddress().getPort())) {
            good.getOutputStream().write(NODE_HELLO);
            assertTrue(events.poll(10, TimeUnit.SECONDS).startsWith("registered"));
            bad.getOutputStream().write(new byte[] {0, 1, 2, 1});
            bad.setSoTimeout(10_000);
            DataInputStream in = new DataInputStream(bad.getInputStream());
            readFrame(in); // base HELLO
            assertEquals(-1, in.read(), "the base closes a connection with a bad length");
            good.getOutputStream().write(FrameCodec.encodeData(REGISTER));
            assertArrayEquals(REGISTER, PacketCodec.encode(packets.poll(10, TimeUnit.SECONDS)));
        }
    }

    /**
     * Over TCP the link is the base: a registration window request goes to every node as a REGISTRATION frame, is
     * confirmed at once, and its close is reported when the time is up; a node's own REGISTRATION frame is ignored.
     */
    @Test
    void registrationWindowIsSentToTheNodesConfirmedAndClosesWhenTimeIsUp() throws Exception {
        try (Socket node = new Socket("127.0.0.1", link.localAddress().getPort())) {
            node.setSoTimeout(10_000);
            DataInputStream in = new DataInputStream(node.getInputStream());
            readFrame(in); // base HELLO
            node.getOutputStream().write(NODE_HELLO);
            assertTrue(events.poll(10, TimeUnit.SECONDS).startsWith("registered"));

            assertTrue(link.requestRegistrationWindow(1));
            assertArrayEquals(Bytes.fromHex("0004 0301 0001").toByteArray(), readFrame(in));
            assertEquals("window 1", events.poll(10, TimeUnit.SECONDS), "confirmed");
            assertEquals("window 0", events.poll(10, TimeUnit.SECONDS), "closed when the second is up");

            node.getOutputStream().write(FrameCodec.encode(new Frame.Registration(60)));
            assertTrue(link.requestRegistrationWindow(0));
            assertArrayEquals(Bytes.fromHex("0004 0301 0000").toByteArray(), readFrame(in));
            assertEquals("window 0", events.poll(10, TimeUnit.SECONDS), "a node cannot open the base's window");
        }
        assertTrue(events.poll(10, TimeUnit.SECONDS).startsWith("deregistered"));
        link.close();
        assertEquals(false, link.requestRegistrationWindow(60), "nothing is sent over a closed link");
    }

    @Test
    void aNodeThatComesWhileTheWindowIsOpenIsToldTheTimeLeft() throws Exception {
        assertTrue(link.requestRegistrationWindow(30));
        assertEquals("window 30", events.poll(10, TimeUnit.SECONDS), "confirmed");
        try (Socket node = new Socket("127.0.0.1", link.localAddress().getPort())) {
            node.setSoTimeout(10_000);
            DataInputStream in = new DataInputStream(node.getInputStream());
            readFrame(in); // base HELLO
            node.getOutputStream().write(NODE_HELLO);
            byte[] told = readFrame(in);
            assertArrayEquals(Bytes.fromHex("0004 0301").toByteArray(), java.util.Arrays.copyOf(told, 4),
                    "REGISTRATION");
            int seconds = ((told[4] & 0xFF) << 8) | (told[5] & 0xFF);
            assertTrue(seconds >= 25 && seconds <= 30, "time left: " + seconds);
        }
    }

    @Test
    void sendToUnknownLinkIsRefused() {
        Packet packet = new Packet(org.cpebridge.dect.hanfun.Address.BASE, org.cpebridge.dect.hanfun.Address.BROADCAST,
                0, 0, org.cpebridge.dect.hanfun.MessageType.COMMAND_REQ,
                org.cpebridge.dect.hanfun.InterfaceAddress.server(0x0200), 1, Bytes.EMPTY);
        assertEquals(false, link.send(new LinkId(999), packet));
    }

    private static byte[] readFrame(DataInputStream in) throws IOException {
        int length = in.readUnsignedShort();
        byte[] frame = new byte[2 + length];
        frame[0] = (byte) (length >> 8);
        frame[1] = (byte) length;
        in.readFully(frame, 2, length);
        return frame;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
