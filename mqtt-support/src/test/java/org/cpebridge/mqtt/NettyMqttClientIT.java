package org.cpebridge.mqtt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.cpebridge.mqtt.MqttClientPortIT.ConnectFailed;
import org.cpebridge.mqtt.MqttClientPortIT.Connected;
import org.cpebridge.mqtt.MqttClientPortIT.Delivered;
import org.cpebridge.mqtt.MqttClientPortIT.Lost;
import org.cpebridge.mqtt.MqttClientPortIT.Message;
import org.cpebridge.mqtt.MqttClientPortIT.Recorder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The client's edge cases against a scripted fake broker on loopback that writes exact bytes (MQTT 5 and 3.1.1
 * encodings from the specifications' packet layouts): CONNACK refusals and which of them mean "protocol rejected",
 * a 3.1.1-only broker's two-byte CONNACK to an MQTT 5 CONNECT, malformed and oversized packets (the connection is
 * lost with a reason that says so, the client does not crash), the in-flight limit (3.1.1's configured one and MQTT
 * 5's Receive Maximum) and the keep-alive timeout when the broker goes silent.
 */
class NettyMqttClientIT {
    private final List<MqttClientPort> clients = new ArrayList<>();
    private final List<FakeBroker> brokers = new ArrayList<>();

    @AfterEach
    void closeAll() throws IOException {
        clients.forEach(MqttClientPort::close);
        for (FakeBroker broker : brokers) {
            broker.close();
        }
    }

    // ------------------------------------------------------------------ CONNACK refusals

    @Test
    void mqtt5UnsupportedProtocolVersionIsAProtocolRejection() throws Exception {
        ConnectFailed failed = refusedWith(MqttVersion.V5, "20 03 00 84 00");
        assertTrue(failed.protocolRejected(), failed.reason());
        assertTrue(failed.reason().contains("0x84"), failed.reason());
    }

    @Test
    void mqtt5BadCredentialsIsARefusalButNoProtocolRejection() throws Exception {
        ConnectFailed failed = refusedWith(MqttVersion.V5, "20 03 00 86 00");
        assertFalse(failed.protocolRejected(), failed.reason());
        assertTrue(failed.reason().contains("0x86"), failed.reason());
    }

    @Test
    void aThreeOneOneBrokersTwoByteConnAckToAnMqtt5ConnectIsAProtocolRejection() throws Exception {
        // What a broker without MQTT 5 answers (3.1.1 §3.2: Remaining Length 2, return code 1), then it hangs up.
        ConnectFailed failed = refusedWith(MqttVersion.V5, "20 02 00 01");
        assertTrue(failed.protocolRejected(), failed.reason());
    }

    @Test
    void mqtt311ReturnCode1IsAProtocolRejectionAnd5IsNot() throws Exception {
        assertTrue(refusedWith(MqttVersion.V3_1_1, "20 02 00 01").protocolRejected());
        ConnectFailed notAuthorized = refusedWith(MqttVersion.V3_1_1, "20 02 00 05");
        assertFalse(notAuthorized.protocolRejected(), notAuthorized.reason());
        assertTrue(notAuthorized.reason().contains("0x05"), notAuthorized.reason());
    }

    @Test
    void noConnAckWithinTheConnectTimeoutIsAConnectFailure() throws Exception {
        FakeBroker broker = broker();
        Recorder recorder = new Recorder();
        MqttClientPort client = open(ConnectOptions.builder(broker.url(), "slow", MqttVersion.V5)
                .connectTimeout(Duration.ofSeconds(1)).build(), recorder);
        client.connect();
        assertEquals(1, broker.accept().readPacket()[0] >> 4, "CONNECT");
        ConnectFailed failed = recorder.next(ConnectFailed.class);
        assertTrue(failed.reason().contains("no CONNACK"), failed.reason());
        assertFalse(failed.protocolRejected());
    }

    @Test
    void theConnectCarriesCredentialsWillAndOn5TheMaximumPacketSize() throws Exception {
        FakeBroker broker = broker();
        Recorder recorder = new Recorder();
        MqttClientPort client = open(ConnectOptions.builder(broker.url(), "id1", MqttVersion.V5)
                .credentials(java.util.Optional.of("user"), java.util.Optional.of("secret"))
                .will(java.util.Optional.of(new Will("w/t", new byte[] {'x'}, 1, true, java.util.Optional.empty())))
                .cleanStart(true).keepAlive(Duration.ofSeconds(30)).maxIncomingPacket(4096).build(), recorder);
        client.connect();
        byte[] connect = broker.accept().readPacket();
        String hex = HexFormat.of().formatHex(connect);
        // Protocol name "MQTT", level 5, flags: user, password, will retain, will QoS 1, will, clean start; keep
        // alive 30; properties: Maximum Packet Size (0x27) 4096 (MQTT 5 §3.1.2).
        assertTrue(hex.contains("00044d515454" + "05" + "ee" + "001e"), hex);
        assertTrue(hex.contains("27" + "00001000"), hex);
        assertTrue(hex.endsWith("0004" + "75736572" + "0006" + "736563726574"), hex);
    }

    // ------------------------------------------------------------------ malformed and oversized packets

    @Test
    void aMalformedPacketFromTheBrokerIsALossWithAClearReason() throws Exception {
        Peer peer = connectedPeer(MqttVersion.V3_1_1, ConnectOptions.DEFAULT_MAX_INCOMING_PACKET);
        // A SUBACK (0x90) must have flags 0000; 0x9F is a malformed fixed header (3.1.1 §2.2.2).
        peer.broker.write("9f 03 00 01 00");
        Lost lost = peer.recorder.next(Lost.class);
        assertTrue(lost.reason().contains("malformed packet"), lost.reason());
        assertFalse(peer.client.isConnected());
        assertThrows(MqttPortException.class, () -> peer.client.publish("t", new byte[1], 0, false,
                MessageProperties.NONE));
    }

    @Test
    void aPublishAboveTheIncomingLimitIsALossThatSaysTooLarge() throws Exception {
        Peer peer = connectedPeer(MqttVersion.V5, 64);
        // PUBLISH QoS 0, Remaining Length 200: topic "t", property length 0, 196 payload bytes.
        byte[] packet = new byte[203];
        packet[0] = 0x30;
        packet[1] = (byte) 0xc8;
        packet[2] = 0x01;
        packet[3] = 0x00;
        packet[4] = 0x01;
        packet[5] = 't';
        packet[6] = 0x00;
        peer.broker.write(packet);
        Lost lost = peer.recorder.next(Lost.class);
        assertTrue(lost.reason().contains("too large") && lost.reason().contains("64 bytes"), lost.reason());
    }

    @Test
    void aPacketBeforeTheConnAckIsAConnectFailure() throws Exception {
        FakeBroker broker = broker();
        Recorder recorder = new Recorder();
        MqttClientPort client = open(ConnectOptions.builder(broker.url(), "early", MqttVersion.V3_1_1).build(),
                recorder);
        client.connect();
        broker.accept().readPacket();
        broker.write("d0 00"); // PINGRESP instead of a CONNACK
        ConnectFailed failed = recorder.next(ConnectFailed.class);
        assertTrue(failed.reason().contains("before the CONNACK"), failed.reason());
    }

    // ------------------------------------------------------------------ in-flight limit

    @Test
    void mqtt311PublishesBeyondTheInflightLimitAreRefusedUntilAPubAck() throws Exception {
        FakeBroker broker = broker();
        Recorder recorder = new Recorder();
        MqttClientPort client = open(ConnectOptions.builder(broker.url(), "fl", MqttVersion.V3_1_1).maxInflight(2)
                .build(), recorder);
        client.connect();
        broker.accept().readPacket();
        broker.write("20 02 00 00");
        recorder.next(Connected.class);
        assertTrue(client.publish("a", new byte[] {1}, 1, false, MessageProperties.NONE));
        assertTrue(client.publish("a", new byte[] {2}, 1, false, MessageProperties.NONE));
        assertFalse(client.publish("a", new byte[] {3}, 1, false, MessageProperties.NONE), "limit 2 reached");
        assertTrue(client.publish("a", new byte[] {4}, 0, false, MessageProperties.NONE), "QoS 0 takes no slot");
        int firstId = packetId(broker.readPacket());
        broker.readPacket();
        broker.write(new byte[] {0x40, 0x02, (byte) (firstId >> 8), (byte) firstId}); // PUBACK
        recorder.next(Delivered.class);
        assertTrue(client.publish("a", new byte[] {5}, 1, false, MessageProperties.NONE), "a slot is free again");
    }

    @Test
    void mqtt5ReceiveMaximumFromTheConnAckIsTheInflightLimit() throws Exception {
        FakeBroker broker = broker();
        Recorder recorder = new Recorder();
        MqttClientPort client = open(ConnectOptions.builder(broker.url(), "rm", MqttVersion.V5).maxInflight(50)
                .build(), recorder);
        client.connect();
        broker.accept().readPacket();
        // CONNACK, properties: Receive Maximum (0x21) 1, Maximum Packet Size (0x27) 1000 (MQTT 5 §3.2.2.3).
        broker.write("20 0b 00 00 08 21 00 01 27 00 00 03 e8");
        ConnAck ack = recorder.next(Connected.class).ack();
        assertEquals(java.util.OptionalLong.of(1000), ack.maximumPacketSize());
        assertTrue(client.publish("a", new byte[] {1}, 1, false, MessageProperties.NONE));
        assertFalse(client.publish("a", new byte[] {2}, 1, false, MessageProperties.NONE));
    }

    // ------------------------------------------------------------------ keep-alive

    @Test
    void aBrokerThatStopsAnsweringPingsIsTakenForGone() throws Exception {
        FakeBroker broker = broker();
        Recorder recorder = new Recorder();
        MqttClientPort client = open(ConnectOptions.builder(broker.url(), "ka", MqttVersion.V5)
                .keepAlive(Duration.ofSeconds(1)).build(), recorder);
        client.connect();
        broker.accept().readPacket();
        broker.write("20 03 00 00 00");
        recorder.next(Connected.class);
        long start = System.nanoTime();
        byte[] ping = broker.readPacket();
        assertEquals("c000", HexFormat.of().formatHex(ping), "PINGREQ after a silent keep-alive period");
        // No PINGRESP: one more period and the client gives up.
        Lost lost = recorder.next(Lost.class);
        long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertTrue(lost.reason().contains("no PINGRESP"), lost.reason());
        assertTrue(elapsedMillis < 4_000, elapsedMillis + " ms");
        assertNull(broker.readPacketOrEnd(), "the client closed the socket");
    }

    @Test
    void answeredPingsKeepTheConnection() throws Exception {
        FakeBroker broker = broker();
        Recorder recorder = new Recorder();
        MqttClientPort client = open(ConnectOptions.builder(broker.url(), "ka2", MqttVersion.V3_1_1)
                .keepAlive(Duration.ofSeconds(1)).build(), recorder);
        client.connect();
        broker.accept().readPacket();
        broker.write("20 02 00 00");
        recorder.next(Connected.class);
        for (int i = 0; i < 3; i++) {
            assertEquals("c000", HexFormat.of().formatHex(broker.readPacket()));
            broker.write("d0 00");
        }
        assertTrue(client.isConnected());
    }

    @Test
    void aQos1PublishFromTheBrokerIsDeliveredAndAcknowledged() throws Exception {
        Peer peer = connectedPeer(MqttVersion.V5, ConnectOptions.DEFAULT_MAX_INCOMING_PACKET);
        // PUBLISH QoS 1 retained, topic "t", packet id 7, properties: Content Type (0x03) "x", payload "hi".
        peer.broker.write("33 0c 00 01 74 00 07 04 03 00 01 78 68 69");
        Message message = peer.recorder.next(Message.class);
        assertEquals("t", message.topic());
        assertTrue(message.retained());
        assertEquals(java.util.Optional.of("x"), message.properties().contentType());
        assertEquals("4002" + "0007", HexFormat.of().formatHex(peer.broker.readPacket()).substring(0, 8));
    }

    // ------------------------------------------------------------------ helpers

    private ConnectFailed refusedWith(MqttVersion version, String connAck) throws Exception {
        FakeBroker broker = broker();
        Recorder recorder = new Recorder();
        MqttClientPort client = open(ConnectOptions.builder(broker.url(), "r", version).build(), recorder);
        client.connect();
        broker.accept().readPacket();
        broker.write(connAck);
        broker.closeConnection();
        ConnectFailed failed = recorder.next(ConnectFailed.class);
        assertFalse(client.isConnected());
        return failed;
    }

    private record Peer(FakeBroker broker, Recorder recorder, MqttClientPort client) {
    }

    private Peer connectedPeer(MqttVersion version, int maxIncoming) throws Exception {
        FakeBroker broker = broker();
        Recorder recorder = new Recorder();
        MqttClientPort client = open(ConnectOptions.builder(broker.url(), "p", version)
                .maxIncomingPacket(maxIncoming).build(), recorder);
        client.connect();
        broker.accept().readPacket();
        broker.write(version == MqttVersion.V5 ? "20 03 00 00 00" : "20 02 00 00");
        recorder.next(Connected.class);
        return new Peer(broker, recorder, client);
    }

    private static int packetId(byte[] publish) {
        int topicLength = ((publish[2] & 0xff) << 8) | (publish[3] & 0xff);
        return ((publish[4 + topicLength] & 0xff) << 8) | (publish[5 + topicLength] & 0xff);
    }

    private FakeBroker broker() throws IOException {
        FakeBroker broker = new FakeBroker();
        brokers.add(broker);
        return broker;
    }

    private MqttClientPort open(ConnectOptions options, Recorder recorder) throws MqttPortException {
        MqttClientPort client = MqttClientPort.open(options, recorder);
        clients.add(client);
        return client;
    }

    /** One loopback connection, driven from the test thread: reads whole packets, writes raw bytes. */
    private static final class FakeBroker implements AutoCloseable {
        private final ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        private Socket socket;
        private DataInputStream in;
        private OutputStream out;

        FakeBroker() throws IOException {
            server.setSoTimeout(10_000);
        }

        String url() {
            return "tcp://127.0.0.1:" + server.getLocalPort();
        }

        FakeBroker accept() throws IOException {
            socket = server.accept();
            socket.setSoTimeout(10_000);
            in = new DataInputStream(socket.getInputStream());
            out = socket.getOutputStream();
            return this;
        }

        /** The next whole packet (fixed header included). */
        byte[] readPacket() throws IOException {
            byte[] packet = readPacketOrEnd();
            if (packet == null) {
                throw new IOException("the client closed the connection");
            }
            return packet;
        }

        /** The next packet, or null when the client closed the connection. */
        byte[] readPacketOrEnd() throws IOException {
            int first;
            try {
                first = in.read();
            } catch (SocketTimeoutException e) {
                throw new IOException("no packet within 10 s", e);
            } catch (IOException e) {
                return null;
            }
            if (first < 0) {
                return null;
            }
            ByteArrayOutputStream packet = new ByteArrayOutputStream();
            packet.write(first);
            int length = 0;
            int multiplier = 1;
            int digit;
            do {
                digit = in.readUnsignedByte();
                packet.write(digit);
                length += (digit & 0x7f) * multiplier;
                multiplier *= 128;
            } while ((digit & 0x80) != 0);
            byte[] rest = new byte[length];
            in.readFully(rest);
            packet.write(rest);
            return packet.toByteArray();
        }

        void write(String hex) throws IOException {
            write(HexFormat.of().parseHex(hex.replace(" ", "")));
        }

        void write(byte[] bytes) throws IOException {
            out.write(bytes);
            out.flush();
        }

        void closeConnection() throws IOException {
            socket.close();
        }

        @Override
        public void close() throws IOException {
            if (socket != null) {
                socket.close();
            }
            server.close();
        }
    }
}
