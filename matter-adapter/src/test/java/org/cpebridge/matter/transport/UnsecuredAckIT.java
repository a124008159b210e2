package org.cpebridge.matter.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.cpebridge.matter.message.Destination;
import org.cpebridge.matter.message.Message;
import org.cpebridge.matter.message.MessageCodec;
import org.cpebridge.matter.message.MessageCounter;
import org.cpebridge.matter.message.MessageException;
import org.cpebridge.matter.message.MessageHeader;
import org.cpebridge.matter.message.MessageReceptionState;
import org.cpebridge.matter.message.ProtocolHeader;
import org.cpebridge.matter.message.ProtocolId;
import org.cpebridge.matter.message.SecureChannelOpcode;
import org.cpebridge.matter.message.SessionType;
import org.cpebridge.matter.mrp.ExchangeManager;
import org.cpebridge.matter.mrp.MrpAction;
import org.cpebridge.matter.mrp.MrpEvent;
import org.cpebridge.matter.mrp.MrpParameters;
import org.cpebridge.matter.mrp.UnsecuredSessionTable;
import org.cpebridge.bytes.Bytes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The wire stack end to end over IPv6 loopback: a plain UDP client sends an unsecured, reliable PBKDFParamRequest;
 * the node side (netty transport, message codec, unsecured session table, exchange manager, MRP) delivers it and,
 * since nothing answers it here, sends a standalone acknowledgement after the ack timeout. Node state lives on one
 * scheduled executor, as the architecture's serial executor would hold it.
 */
class UnsecuredAckIT {

    private static final InetAddress LOOPBACK_V6 = loopbackV6();
    private static final long INITIATOR_NODE_ID = 0x1122_3344_5566_7788L;
    private static final int EXCHANGE_ID = 0x4321;
    private static final int RECEIVE_TIMEOUT_MILLIS = 10_000;

    private final ScheduledExecutorService loop = Executors.newSingleThreadScheduledExecutor();
    private final List<Message> delivered = new CopyOnWriteArrayList<>();
    private final UnsecuredSessionTable sessions = new UnsecuredSessionTable(
            MessageCounter.startingAfter(MessageCounter.Kind.GLOBAL_UNENCRYPTED, 7_000), MrpParameters.DEFAULT, 8);
    private final ExchangeManager exchanges = new ExchangeManager(Clock.systemUTC(), new SplittableRandom(1),
            header -> header.protocolId() == ProtocolId.SECURE_CHANNEL && header.effectiveVendorId() == 0);
    private UdpTransport transport;
    private DatagramSocket client;

    @BeforeEach
    void start() throws Exception {
        transport = bindNode(LOOPBACK_V6);
        client = new DatagramSocket(new InetSocketAddress(LOOPBACK_V6, 0));
        client.setSoTimeout(RECEIVE_TIMEOUT_MILLIS);
    }

    @AfterEach
    void stop() throws Exception {
        client.close();
        // Stop the node's work first, so that no timer sends through a closing transport.
        loop.shutdownNow();
        assertTrue(loop.awaitTermination(10, TimeUnit.SECONDS));
        transport.close();
    }

    @Test
    void reliableUnsecuredRequestGetsAStandaloneAck() throws Exception {
        send(request(501));
        Message ack = receive();
        assertStandaloneAckOf(501, ack);
        assertEquals(1, delivered.size());
        assertEquals(0x20, delivered.get(0).protocolHeader().opcode());
    }

    @Test
    void retransmittedRequestIsAckedAgainButDeliveredOnce() throws Exception {
        send(request(601));
        assertStandaloneAckOf(601, receive());
        send(request(601));
        assertStandaloneAckOf(601, receive());
        assertEquals(1, delivered.size());
    }

    @Test
    void garbageIsDroppedAndTheTransportKeepsWorking() throws Exception {
        send(new byte[] {0x00, 0x01});
        send(Bytes.fromHex("ff00000001000000").toByteArray());
        send(request(701));
        assertStandaloneAckOf(701, receive());
    }

    @Test
    void ipv4LoopbackWorksToo() throws Exception {
        InetAddress loopbackV4 = InetAddress.getByName("127.0.0.1");
        try (UdpTransport v4 = bindNode(loopbackV4);
                DatagramSocket v4Client = new DatagramSocket(new InetSocketAddress(loopbackV4, 0))) {
            v4Client.setSoTimeout(RECEIVE_TIMEOUT_MILLIS);
            byte[] datagram = request(801);
            v4Client.send(new DatagramPacket(datagram, datagram.length, v4.localAddress()));
            byte[] buffer = new byte[1500];
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            v4Client.receive(packet);
            assertStandaloneAckOf(801, MessageCodec.decodeUnsecured(Arrays.copyOf(buffer, packet.getLength())));
            // Let the node finish its send call before the transport closes under it.
            loop.submit(() -> { }).get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void oversizedDatagramIsDropped() throws Exception {
        byte[] big = Arrays.copyOf(request(901), 1281);
        send(big);
        send(request(902));
        assertStandaloneAckOf(902, receive());
        assertEquals(1, delivered.size());
        assertEquals(902, delivered.get(0).header().messageCounter());
    }

    @Test
    void sendAfterCloseFailsWithoutThrowing() throws Exception {
        UdpTransport closed = bindNode(LOOPBACK_V6);
        InetSocketAddress where = closed.localAddress();
        closed.close();
        java.util.concurrent.CompletableFuture<Void> result = closed.send(where, new byte[8]);
        assertTrue(result.isCompletedExceptionally());
    }

    @Test
    void bindingABusyPortFailsWithIoException() {
        InetSocketAddress busy = transport.localAddress();
        org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class, () -> UdpTransport.bind(
                new UdpTransportConfig(busy.getAddress(), busy.getPort(), 1280), (sender, datagram) -> { }));
    }

    /** Binds a node-side transport whose replies go out through itself. */
    private UdpTransport bindNode(InetAddress address) throws java.io.IOException {
        AtomicReference<UdpTransport> self = new AtomicReference<>();
        UdpTransport bound = UdpTransport.bind(new UdpTransportConfig(address, 0, 1280),
                (sender, datagram) -> loop.execute(() -> onDatagram(self.get(), sender, datagram)));
        self.set(bound);
        return bound;
    }

    private void onDatagram(UdpTransport via, InetSocketAddress sender, byte[] datagram) {
        Message message;
        try {
            message = MessageCodec.decodeUnsecured(datagram);
        } catch (MessageException e) {
            return; // dropped, as the spec says for malformed messages
        }
        UnsecuredSessionTable.UnsecuredSession session = sessions.sessionFor(sender, message);
        boolean duplicate = session.reception().offer(message.header().messageCounter())
                == MessageReceptionState.Verdict.DUPLICATE;
        carryOut(via, sender, exchanges.onMessage(session.context(), message, duplicate));
    }

    private void carryOut(UdpTransport via, InetSocketAddress peer, List<ExchangeManager.Output> outputs) {
        for (ExchangeManager.Output output : outputs) {
            MrpAction action = output.action();
            if (action instanceof MrpAction.Transmit transmit) {
                via.send(peer, MessageCodec.encodeUnsecured(transmit.message()));
            } else if (action instanceof MrpAction.StartTimer timer) {
                long delay = Math.max(0, Duration.between(Clock.systemUTC().instant(), timer.deadline()).toMillis());
                loop.schedule(() -> carryOut(via, peer, exchanges.on(output.exchange(),
                        new MrpEvent.TimerFired(timer.timer()))), delay, TimeUnit.MILLISECONDS);
            } else if (action instanceof MrpAction.Deliver deliver) {
                delivered.add(deliver.message());
            }
        }
    }

    private static byte[] request(long counter) {
        MessageHeader header = new MessageHeader(0, SessionType.UNICAST, false, false, counter,
                OptionalLong.of(INITIATOR_NODE_ID), Destination.none(), Optional.empty());
        ProtocolHeader protocolHeader = ProtocolHeader.of(true, true, ProtocolId.SECURE_CHANNEL,
                SecureChannelOpcode.PBKDF_PARAM_REQUEST.code(), EXCHANGE_ID);
        return MessageCodec.encodeUnsecured(new Message(header, protocolHeader, Bytes.fromHex("1518")));
    }

    private void send(byte[] datagram) throws Exception {
        client.send(new DatagramPacket(datagram, datagram.length, transport.localAddress()));
    }

    private Message receive() throws Exception {
        byte[] buffer = new byte[1500];
        DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
        client.receive(packet);
        return MessageCodec.decodeUnsecured(Arrays.copyOf(buffer, packet.getLength()));
    }

    private static void assertStandaloneAckOf(long counter, Message ack) {
        ProtocolHeader header = ack.protocolHeader();
        assertEquals(ProtocolId.SECURE_CHANNEL, header.protocolId());
        assertEquals(SecureChannelOpcode.STANDALONE_ACK.code(), header.opcode());
        assertEquals(OptionalLong.of(counter), header.ackedCounter());
        assertEquals(EXCHANGE_ID, header.exchangeId());
        assertFalse(header.initiator());
        assertFalse(header.reliable());
        assertTrue(ack.header().isUnsecured());
        assertEquals(new Destination.Node(INITIATOR_NODE_ID), ack.header().destination());
        assertEquals(Bytes.EMPTY, ack.payload());
    }

    private static InetAddress loopbackV6() {
        try {
            return InetAddress.getByName("::1");
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
