package org.cpebridge.dect;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.cpebridge.core.model.AttributeRef;
import org.cpebridge.core.model.DeviceId;
import org.cpebridge.core.model.Value;
import org.cpebridge.core.spi.DeviceCommand;
import org.cpebridge.dect.hanfun.Address;
import org.cpebridge.dect.hanfun.AttributeValue;
import org.cpebridge.bytes.Bytes;
import org.cpebridge.dect.hanfun.HanfunMessage;
import org.cpebridge.dect.hanfun.HanfunMessage.*;
import org.cpebridge.dect.hanfun.InterfaceUid;
import org.cpebridge.dect.hanfun.MessageCodec;
import org.cpebridge.dect.hanfun.Packet;
import org.cpebridge.dect.hanfun.PacketCodec;
import org.cpebridge.dect.hanfun.ResultCode;
import org.cpebridge.dect.ule.Frame;
import org.cpebridge.dect.ule.FrameCodec;
import org.cpebridge.dect.ule.FrameDecoder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The adapter in TCP mode against a node that behaves like the hanfun example {@code hf_node} (reference notes A.2,
 * A.5): HELLO with a URI UID, REGISTER without UID, and answers sent from and to the broadcast address.
 */
class DectAdapterTcpIT {
    private static final byte[] NODE_HELLO = Bytes.fromHex(
            "001E 0101 020101 03 17 68663A2F2F6E6F64652E6578616D706C652E636F6D2F31").toByteArray();
    /** Observed hf_node REGISTER as Simple Light (reference notes A.2). */
    private static final byte[] REGISTER = Bytes.fromHex(
            "7FFF00 000000 0000 00 01 8001 01 0016 0000 02 03010108 0E000000058102800780088009800A").toByteArray();
    /** Observed base answer: address 1 (reference notes A.2). */
    private static final byte[] REGISTER_RESPONSE = Bytes.fromHex(
            "000000 7FFF00 0000 00 03 8001 01 0003 00 0001").toByteArray();
    private static final DeviceId NODE = DeviceId.of("dect", "uri-hf---node.example.com-1");

    private final ExecutorService pool = Executors.newFixedThreadPool(2);
    private final BlockingQueue<Packet> toNode = new LinkedBlockingQueue<>();
    private TestContext context;
    private DectAdapter adapter;

    @AfterEach
    void stop() {
        if (adapter != null) {
            adapter.close();
        }
        pool.shutdownNow();
    }

    @Test
    void hfNodeLikeNodeRegistersAndAnswersFromBroadcast() throws Exception {
        context = new TestContext(pool, new TestContext.MemoryStore(), "dect.mode=tcp",
                "dect.link.listen=127.0.0.1:0");
        adapter = new DectAdapter(context);
        adapter.start();
        waitFor(() -> adapter.tcpAddress().isPresent());
        InetSocketAddress base = adapter.tcpAddress().orElseThrow();

        try (Socket node = new Socket("127.0.0.1", base.getPort())) {
            node.setSoTimeout(10_000);
            DataInputStream in = new DataInputStream(node.getInputStream());
            assertTrue(readFrame(in) instanceof Frame.Hello);
            OutputStream out = node.getOutputStream();
            out.write(NODE_HELLO);
            out.write(FrameCodec.encodeData(REGISTER));
            out.flush();

            assertArrayEquals(REGISTER_RESPONSE, ((Frame.Data) readFrame(in)).packet().toByteArray());
            Thread answering = new Thread(() -> answer(in, out), "hf-node");
            answering.setDaemon(true);
            answering.start();

            waitFor(() -> context.registry.state(new AttributeRef(NODE, "onOff", "on")).isPresent());
            assertEquals(Value.of(false), context.registry.state(new AttributeRef(NODE, "onOff", "on")).get().value());
            assertEquals("hf_node", context.registry.device(NODE).orElseThrow().vendor());

            adapter.execute(new DeviceCommand.Invoke(NODE, "onOff", "on", Map.of())).toCompletableFuture()
                    .get(10, TimeUnit.SECONDS);
            assertEquals(Value.of(true), context.registry.state(new AttributeRef(NODE, "onOff", "on")).get().value());
            Packet on = toNode.stream().filter(p -> p.itf().uid() == InterfaceUid.ON_OFF
                    && p.type() == org.cpebridge.dect.hanfun.MessageType.COMMAND_RESP_REQ).findFirst().orElseThrow();
            assertEquals(Address.device(1, 1), on.destination()); // the observed "0001 01" destination
            assertEquals(Address.BASE, on.source());
        }
        waitFor(() -> !context.registry.device(NODE).orElseThrow().reachable());
        assertEquals("link to the base closed", context.registry.device(NODE).orElseThrow().statusReason());
    }

    /**
     * Permit-join in TCP mode: the link (the base here) tells the nodes and confirms; the core's call completes. The
     * node's HELLO and the permit-join race here (as a node connecting during a window would): either way the node
     * hears of the open window, at once or as soon as its HELLO is in.
     */
    @Test
    void permitJoinSendsTheRegistrationFrameAndIsConfirmed() throws Exception {
        context = new TestContext(pool, new TestContext.MemoryStore(), "dect.mode=tcp",
                "dect.link.listen=127.0.0.1:0");
        adapter = new DectAdapter(context);
        adapter.start();
        waitFor(() -> adapter.tcpAddress().isPresent());
        try (Socket node = new Socket("127.0.0.1", adapter.tcpAddress().orElseThrow().getPort())) {
            node.setSoTimeout(10_000);
            DataInputStream in = new DataInputStream(node.getInputStream());
            assertTrue(readFrame(in) instanceof Frame.Hello);
            node.getOutputStream().write(NODE_HELLO);
            adapter.permitJoin(java.time.Duration.ofSeconds(60)).toCompletableFuture().get(10, TimeUnit.SECONDS);
            Frame.Registration told = assertInstanceOf(Frame.Registration.class, readFrame(in));
            assertTrue(told.seconds() >= 59 && told.seconds() <= 60, told.toString());
        }
    }

    @Test
    void nodeThatKeptItsAddressIsKnownAfterABridgeRestart() throws Exception {
        TestContext.MemoryStore store = new TestContext.MemoryStore();
        context = new TestContext(pool, store, "dect.mode=tcp", "dect.link.listen=127.0.0.1:0");
        adapter = new DectAdapter(context);
        adapter.start();
        waitFor(() -> adapter.tcpAddress().isPresent());
        try (Socket node = new Socket("127.0.0.1", adapter.tcpAddress().orElseThrow().getPort())) {
            node.setSoTimeout(10_000);
            DataInputStream in = new DataInputStream(node.getInputStream());
            readFrame(in);
            node.getOutputStream().write(NODE_HELLO);
            node.getOutputStream().write(FrameCodec.encodeData(REGISTER));
            assertArrayEquals(REGISTER_RESPONSE, ((Frame.Data) readFrame(in)).packet().toByteArray());
        }
        adapter.close();

        // restart: same store, the node comes back with HELLO only, as hf_node does once it has an address
        context = new TestContext(pool, store, "dect.mode=tcp", "dect.link.listen=127.0.0.1:0");
        adapter = new DectAdapter(context);
        adapter.start();
        waitFor(() -> adapter.tcpAddress().isPresent());
        org.cpebridge.core.model.ErrorKind before = org.cpebridge.core.model.DeviceException.from(
                org.junit.jupiter.api.Assertions.assertThrows(java.util.concurrent.ExecutionException.class,
                        () -> adapter.execute(new DeviceCommand.Invoke(NODE, "onOff", "on", Map.of()))
                                .toCompletableFuture().get(10, TimeUnit.SECONDS))).kind();
        assertEquals(org.cpebridge.core.model.ErrorKind.UNREACHABLE, before);
        try (Socket node = new Socket("127.0.0.1", adapter.tcpAddress().orElseThrow().getPort())) {
            node.setSoTimeout(10_000);
            DataInputStream in = new DataInputStream(node.getInputStream());
            readFrame(in);
            OutputStream out = node.getOutputStream();
            out.write(NODE_HELLO);
            out.flush();
            Thread answering = new Thread(() -> answer(in, out), "hf-node");
            answering.setDaemon(true);
            answering.start();
            waitFor(() -> context.registry.device(NODE).map(d -> d.reachable()).orElse(false));
            adapter.execute(new DeviceCommand.Invoke(NODE, "onOff", "on", Map.of())).toCompletableFuture()
                    .get(10, TimeUnit.SECONDS);
            assertEquals(Value.of(true), context.registry.state(new AttributeRef(NODE, "onOff", "on")).get().value());
        }
    }

    @Test
    void deregisterRemovesTheDevice() throws Exception {
        context = new TestContext(pool, new TestContext.MemoryStore(), "dect.mode=tcp", "dect.link.listen=127.0.0.1:0");
        adapter = new DectAdapter(context);
        adapter.start();
        waitFor(() -> adapter.tcpAddress().isPresent());
        try (Socket node = new Socket("127.0.0.1", adapter.tcpAddress().orElseThrow().getPort())) {
            node.setSoTimeout(10_000);
            DataInputStream in = new DataInputStream(node.getInputStream());
            readFrame(in);
            OutputStream out = node.getOutputStream();
            out.write(NODE_HELLO);
            out.write(FrameCodec.encodeData(REGISTER));
            assertArrayEquals(REGISTER_RESPONSE, ((Frame.Data) readFrame(in)).packet().toByteArray());
            waitFor(() -> context.registry.device(NODE).isPresent());
            // DEREGISTER of its own address 1, response required
            out.write(FrameCodec.encodeData(PacketCodec.encode(Packet.of(Address.device(1, 0), Address.BASE, 0x42,
                    new DeregisterRequest(1, true)))));
            out.flush();
            CommandResponse answer = null;
            while (answer == null) {
                Packet packet = PacketCodec.decode(((Frame.Data) readFrame(in)).packet().toByteArray());
                if (packet.reference() == 0x42 && packet.type() == org.cpebridge.dect.hanfun.MessageType.COMMAND_RES) {
                    answer = (CommandResponse) MessageCodec.decode(packet);
                }
            }
            assertEquals(ResultCode.OK, answer.result());
            waitFor(() -> context.registry.device(NODE).isEmpty());
        }
    }

    /** Answers like hf_node: every response from and to the broadcast address, same reference. */
    private void answer(DataInputStream in, OutputStream out) {
        boolean on = false;
        try {
            while (true) {
                Frame frame = readFrame(in);
                if (!(frame instanceof Frame.Data data)) {
                    continue;
                }
                Packet packet = PacketCodec.decode(data.packet().toByteArray());
                toNode.add(packet);
                HanfunMessage message = MessageCodec.decode(packet);
                HanfunMessage reply;
                if (message instanceof GetAttributePack pack && pack.itf().uid() == InterfaceUid.DEVICE_INFORMATION) {
                    reply = new GetAttributePackResponse(pack.itf(), pack.pack(), ResultCode.OK, List.of(
                            new AttributeValue(InterfaceUid.DEVICE_INFORMATION, 0x0B,
                                    new org.cpebridge.dect.hanfun.Value.Text("hf_node"))));
                } else if (message instanceof GetAttributePack pack && pack.itf().uid() == InterfaceUid.ON_OFF) {
                    reply = new GetAttributePackResponse(pack.itf(), pack.pack(), ResultCode.OK, List.of(
                            new AttributeValue(InterfaceUid.ON_OFF, 1, new org.cpebridge.dect.hanfun.Value.Bool(on))));
                } else if (message instanceof OnOffCommand command) {
                    on = command.action() == OnOffAction.ON || (command.action() == OnOffAction.TOGGLE && !on);
                    reply = new CommandResponse(packet.itf(), packet.member(), ResultCode.OK, Bytes.EMPTY);
                } else if (packet.type().expectsResponse()) {
                    reply = new CommandResponse(packet.itf(), packet.member(), ResultCode.FAIL_SUPPORT, Bytes.EMPTY);
                } else {
                    continue;
                }
                Packet response = Packet.of(Address.BROADCAST, Address.BROADCAST, packet.reference(), reply);
                out.write(FrameCodec.encodeData(PacketCodec.encode(response)));
                out.flush();
            }
        } catch (IOException | org.cpebridge.dect.hanfun.HanfunException | org.cpebridge.dect.ule.FrameException e) {
            // the test closed the socket
        }
    }

    private static Frame readFrame(DataInputStream in) throws IOException, org.cpebridge.dect.ule.FrameException {
        int length = in.readUnsignedShort();
        byte[] frame = new byte[2 + length];
        frame[0] = (byte) (length >> 8);
        frame[1] = (byte) length;
        in.readFully(frame, 2, length);
        return new FrameDecoder().offer(frame).get(0);
    }

    private static void waitFor(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 10 s");
            }
            Thread.sleep(10);
        }
    }
}
