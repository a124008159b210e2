package org.cpebridge.matter.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.cpebridge.matter.crypto.CryptoRandom;
import org.cpebridge.matter.crypto.Hashes;
import org.cpebridge.matter.crypto.Hkdf;
import org.cpebridge.matter.crypto.Spake2p;
import org.cpebridge.matter.crypto.Spake2pProver;
import org.cpebridge.matter.im.CommandDataIb;
import org.cpebridge.matter.im.CommandPathIb;
import org.cpebridge.matter.im.CommandStatusIb;
import org.cpebridge.matter.im.ImCodec;
import org.cpebridge.matter.im.ImMessage;
import org.cpebridge.matter.im.ImStatus;
import org.cpebridge.matter.message.Destination;
import org.cpebridge.matter.message.Message;
import org.cpebridge.matter.message.MessageCodec;
import org.cpebridge.matter.message.MessageHeader;
import org.cpebridge.matter.message.ProtocolHeader;
import org.cpebridge.matter.message.ProtocolId;
import org.cpebridge.matter.message.SecureChannelOpcode;
import org.cpebridge.matter.message.SecureSessionCodec;
import org.cpebridge.matter.message.SessionType;
import org.cpebridge.matter.message.StatusReport;
import org.cpebridge.matter.pase.PaseMessage;
import org.cpebridge.matter.pase.PbkdfParameters;
import org.cpebridge.matter.tlv.TlvElement;
import org.cpebridge.matter.tlv.TlvTag;
import org.cpebridge.bytes.Bytes;

/**
 * A commissioner written for the tests from Matter core 4.14.1 and 4.4: plain UDP, PASE as initiator, then secure
 * messages on the new session. It acknowledges by piggy-backing on its next message or with a standalone ack, and
 * ignores retransmissions it has already seen, as a real peer would.
 */
final class UdpCommissioner implements AutoCloseable {

    private final DatagramSocket socket;
    private final InetSocketAddress node;
    private final CryptoRandom random = CryptoRandom.secure();
    private final long ephemeralNodeId;
    private final Set<Long> seenCounters = new HashSet<>();
    private long counter = 1000;
    private long pendingAck = -1;
    private int exchangeId = 0x1000;
    private SecureSessionCodec secure;
    private int peerSessionId;

    UdpCommissioner(InetSocketAddress node) throws Exception {
        this.node = node;
        this.socket = new DatagramSocket(new InetSocketAddress(node.getAddress(), 0));
        this.socket.setSoTimeout(10_000);
        this.ephemeralNodeId = java.nio.ByteBuffer.wrap(random.bytes(8)).getLong() & Long.MAX_VALUE;
    }

    /** Runs PASE; returns the final status report (success or the failure). */
    StatusReport pase(long passcode) throws Exception {
        int sessionId = 0x2222;
        exchangeId++;
        PaseMessage.PbkdfParamRequest request = new PaseMessage.PbkdfParamRequest(Bytes.of(random.bytes(32)),
                sessionId, 0, false, Optional.empty());
        byte[] requestPayload = request.encode();
        sendUnsecured(SecureChannelOpcode.PBKDF_PARAM_REQUEST.code(), requestPayload);
        Message responseMessage = receiveUnsecured();
        if (responseMessage.protocolHeader().opcode() == SecureChannelOpcode.STATUS_REPORT.code()) {
            acknowledge(responseMessage);
            return StatusReport.decode(responseMessage.payload().toByteArray());
        }
        byte[] responsePayload = responseMessage.payload().toByteArray();
        PaseMessage.PbkdfParamResponse response = (PaseMessage.PbkdfParamResponse) PaseMessage.decode(
                SecureChannelOpcode.PBKDF_PARAM_RESPONSE, responsePayload);
        PbkdfParameters pbkdf = response.pbkdfParameters().orElseThrow();
        byte[] context = Hashes.sha256("CHIP PAKE V1 Commissioning".getBytes(StandardCharsets.US_ASCII),
                requestPayload, responsePayload);
        Spake2pProver prover = new Spake2pProver(context, new byte[0], new byte[0],
                Spake2p.secretsFromPasscode(passcode, pbkdf.salt().toByteArray(), (int) pbkdf.iterations()), random);
        sendUnsecured(SecureChannelOpcode.PASE_PAKE1.code(), new PaseMessage.Pake1(Bytes.of(prover.shareX()))
                .encode());
        Message pake2Message = receiveUnsecured();
        PaseMessage.Pake2 pake2 = (PaseMessage.Pake2) PaseMessage.decode(SecureChannelOpcode.PASE_PAKE2,
                pake2Message.payload().toByteArray());
        byte[] cA;
        byte[] ke = null;
        try {
            Spake2pProver.Confirmation confirmation = prover.finish(pake2.pB().toByteArray(),
                    pake2.cB().toByteArray());
            cA = confirmation.cA();
            ke = confirmation.ke();
        } catch (org.cpebridge.matter.crypto.CryptoException wrongPasscode) {
            // The node's confirmation does not verify with our passcode; press on as a confused peer would.
            cA = prover.unverifiedConfirmation(pake2.pB().toByteArray());
        }
        sendUnsecured(SecureChannelOpcode.PASE_PAKE3.code(), new PaseMessage.Pake3(Bytes.of(cA)).encode());
        Message statusMessage = receiveUnsecured();
        acknowledge(statusMessage);
        StatusReport status = StatusReport.decode(statusMessage.payload().toByteArray());
        if (ke != null && status.generalCode().code() == 0) {
            byte[] keys = Hkdf.sha256(ke, new byte[0], "SessionKeys".getBytes(StandardCharsets.US_ASCII), 48);
            secure = SecureSessionCodec.initiator(Bytes.of(Arrays.copyOfRange(keys, 0, 16)),
                    Bytes.of(Arrays.copyOfRange(keys, 16, 32)), 0, 0);
            peerSessionId = response.responderSessionId();
        }
        return status;
    }

    /** Sends a PBKDFParamRequest on a new exchange and answers nothing that comes back; returns its size in bytes. */
    int sendPbkdfParamRequestOnly() throws Exception {
        exchangeId = exchangeId == 0xFFFF ? 1 : exchangeId + 1;
        byte[] payload = new PaseMessage.PbkdfParamRequest(Bytes.of(random.bytes(32)), 0x2222, 0, false,
                Optional.empty()).encode();
        MessageHeader header = new MessageHeader(0, SessionType.UNICAST, false, false, ++counter,
                OptionalLong.of(ephemeralNodeId), Destination.none(), Optional.empty());
        ProtocolHeader protocol = ProtocolHeader.of(true, true, ProtocolId.SECURE_CHANNEL,
                SecureChannelOpcode.PBKDF_PARAM_REQUEST.code(), exchangeId);
        byte[] datagram = MessageCodec.encodeUnsecured(new Message(header, protocol, Bytes.of(payload)));
        sendRaw(datagram);
        return datagram.length;
    }

    /** Sends a Sigma1 on a new exchange and answers nothing that comes back; returns its size in bytes. */
    int sendSigma1Only(byte[] sigma1) throws Exception {
        exchangeId = exchangeId == 0xFFFF ? 1 : exchangeId + 1;
        MessageHeader header = new MessageHeader(0, SessionType.UNICAST, false, false, ++counter,
                OptionalLong.of(ephemeralNodeId), Destination.none(), Optional.empty());
        ProtocolHeader protocol = ProtocolHeader.of(true, true, ProtocolId.SECURE_CHANNEL,
                SecureChannelOpcode.CASE_SIGMA1.code(), exchangeId);
        byte[] datagram = MessageCodec.encodeUnsecured(new Message(header, protocol, Bytes.of(sigma1)));
        sendRaw(datagram);
        return datagram.length;
    }

    /** Starts a new unsecured exchange (for a handshake driven by the test). */
    void newExchange() {
        exchangeId++;
    }

    /** Uses a session the test established itself (CASE). */
    void useSecureSession(SecureSessionCodec codec, int sessionId) {
        secure = codec;
        peerSessionId = sessionId;
    }

    boolean hasSecureSession() {
        return secure != null;
    }

    /** Sends one message on the secure session, on a new exchange; returns the datagram sent (for replays). */
    byte[] sendSecure(int protocolId, int opcode, byte[] payload) throws Exception {
        exchangeId++;
        MessageHeader header = MessageHeader.secureUnicast(peerSessionId, ++counter);
        ProtocolHeader protocol = ProtocolHeader.of(true, true, protocolId, opcode, exchangeId);
        byte[] datagram = secure.seal(new Message(header, protocol, Bytes.of(payload)));
        sendRaw(datagram);
        return datagram;
    }

    /**
     * CASE as the test's initiator: Sigma1, Sigma2, Sigma3 on a new exchange; returns the final status report's
     * protocol code (SESSION_ESTABLISHMENT_SUCCESS when the node took it). The session is not used until
     * {@link #useSecureSession} is called with the initiator's keys.
     */
    int caseHandshake(org.cpebridge.matter.sigma.TestCaseInitiator initiator) throws Exception {
        newExchange();
        sendUnsecured(SecureChannelOpcode.CASE_SIGMA1.code(), initiator.sigma1());
        Message sigma2 = receiveUnsecured();
        sendUnsecured(SecureChannelOpcode.CASE_SIGMA3.code(), initiator.onSigma2(sigma2.payload().toByteArray()));
        Message status = receiveUnsecured();
        acknowledge(status);
        return StatusReport.decode(status.payload().toByteArray()).protocolCode();
    }

    static TlvElement uint(int tag, long value) {
        return new TlvElement.UnsignedInt(TlvTag.context(tag), value);
    }

    static long errorCode(TlvElement.Structure response) {
        return ((TlvElement.UnsignedInt) response.member(0).orElseThrow()).value();
    }

    /** One InvokeRequest on endpoint 0 over the secure session; returns the response command's fields. */
    TlvElement.Structure invoke(long cluster, long command, TlvElement... fields) throws Exception {
        ImMessage.InvokeRequest request = new ImMessage.InvokeRequest(false, false, List.of(CommandDataIb.of(
                CommandPathIb.of(0, cluster, command), new TlvElement.Structure(TlvTag.context(1),
                        List.of(fields)))), 12);
        sendSecure(ProtocolId.INTERACTION_MODEL, 0x08, ImCodec.encode(request));
        ImMessage.InvokeResponse response = assertInstanceOf(ImMessage.InvokeResponse.class,
                ImCodec.decode(0x09, receiveSecure().payload().toByteArray()));
        Object first = response.invokeResponses().get(0);
        if (first instanceof CommandDataIb data) {
            return (TlvElement.Structure) data.fields().orElseThrow();
        }
        // A status answer (AddTrustedRootCertificate): it must be SUCCESS.
        CommandStatusIb status = assertInstanceOf(CommandStatusIb.class, first);
        assertEquals(ImStatus.SUCCESS, status.status().status(), status.toString());
        return new TlvElement.Structure(TlvTag.anonymous(), List.of());
    }

    /** The exchange the last {@link #sendSecure} opened. */
    int currentExchange() {
        return exchangeId;
    }

    /**
     * Sends one message on the secure session on a given exchange: {@code initiator} when the test opened it, false
     * to answer an exchange the node opened.
     */
    void sendSecureOn(int exchange, boolean initiator, int protocolId, int opcode, byte[] payload) throws Exception {
        MessageHeader header = MessageHeader.secureUnicast(peerSessionId, ++counter);
        ProtocolHeader protocol = ProtocolHeader.of(initiator, true, protocolId, opcode, exchange);
        sendRaw(secure.seal(new Message(header, protocol, Bytes.of(payload))));
    }

    /** The next secure message that is not a standalone ack or a retransmission. */
    Message receiveSecure() throws Exception {
        while (true) {
            byte[] datagram = receiveRaw();
            SecureSessionCodec.Opened opened = secure.open(datagram);
            Message message = opened.message();
            if (message.protocolHeader().reliable()) {
                // Acknowledge at once (also a retransmission, whose first ack may have been lost).
                MessageHeader header = MessageHeader.secureUnicast(peerSessionId, ++counter);
                ProtocolHeader ack = ProtocolHeader.of(!message.protocolHeader().initiator(), false,
                        ProtocolId.SECURE_CHANNEL, SecureChannelOpcode.STANDALONE_ACK.code(),
                        message.protocolHeader().exchangeId()).withAck(message.header().messageCounter());
                sendRaw(secure.seal(new Message(header, ack, Bytes.of(new byte[0]))));
            }
            if (opened.duplicate() || isStandaloneAck(message)) {
                continue;
            }
            return message;
        }
    }

    /** Like {@link #receiveSecure}, but null when nothing but acknowledgements comes within {@code millis}. */
    Message receiveSecureOrNull(int millis) throws Exception {
        socket.setSoTimeout(millis);
        try {
            return receiveSecure();
        } catch (SocketTimeoutException e) {
            return null;
        } finally {
            socket.setSoTimeout(10_000);
        }
    }

    void sendRaw(byte[] datagram) throws Exception {
        socket.send(new DatagramPacket(datagram, datagram.length, node));
    }

    /** Waits briefly for any datagram; returns null when none comes. */
    byte[] poll(int millis) throws Exception {
        socket.setSoTimeout(millis);
        try {
            return receiveRaw();
        } catch (SocketTimeoutException e) {
            return null;
        } finally {
            socket.setSoTimeout(10_000);
        }
    }

    /** Sends a reliable message on the current unsecured exchange; returns its message counter. */
    long sendUnsecured(int opcode, byte[] payload) throws Exception {
        MessageHeader header = new MessageHeader(0, SessionType.UNICAST, false, false, ++counter,
                OptionalLong.of(ephemeralNodeId), Destination.none(), Optional.empty());
        ProtocolHeader protocol = ProtocolHeader.of(true, true, ProtocolId.SECURE_CHANNEL, opcode, exchangeId);
        if (pendingAck >= 0) {
            protocol = protocol.withAck(pendingAck);
            pendingAck = -1;
        }
        sendRaw(MessageCodec.encodeUnsecured(new Message(header, protocol, Bytes.of(payload))));
        return header.messageCounter();
    }

    /**
     * Waits up to {@code millis} for the node's standalone acknowledgement of our unsecured message {@code counter};
     * false when none comes (other messages are read and dropped meanwhile).
     */
    boolean awaitStandaloneAck(long counter, int millis) throws Exception {
        long deadline = System.nanoTime() + millis * 1_000_000L;
        while (System.nanoTime() < deadline) {
            byte[] datagram = poll((int) Math.max(1, (deadline - System.nanoTime()) / 1_000_000L));
            if (datagram == null) {
                return false;
            }
            Message message = MessageCodec.decodeUnsecured(datagram);
            if (isStandaloneAck(message) && message.protocolHeader().ackedCounter().orElse(-1) == counter) {
                return true;
            }
        }
        return false;
    }

    Message receiveUnsecured() throws Exception {
        while (true) {
            Message message = MessageCodec.decodeUnsecured(receiveRaw());
            if (!seenCounters.add(message.header().messageCounter()) || isStandaloneAck(message)) {
                continue;
            }
            if (message.protocolHeader().reliable()) {
                pendingAck = message.header().messageCounter();
            }
            return message;
        }
    }

    void acknowledge(Message message) throws Exception {
        if (!message.protocolHeader().reliable()) {
            return;
        }
        pendingAck = -1;
        MessageHeader header = new MessageHeader(0, SessionType.UNICAST, false, false, ++counter,
                OptionalLong.of(ephemeralNodeId), Destination.none(), Optional.empty());
        ProtocolHeader protocol = ProtocolHeader.of(true, false, ProtocolId.SECURE_CHANNEL,
                SecureChannelOpcode.STANDALONE_ACK.code(), exchangeId).withAck(message.header().messageCounter());
        sendRaw(MessageCodec.encodeUnsecured(new Message(header, protocol, Bytes.of(new byte[0]))));
    }

    private static boolean isStandaloneAck(Message message) {
        return message.protocolHeader().protocolId() == ProtocolId.SECURE_CHANNEL
                && message.protocolHeader().opcode() == SecureChannelOpcode.STANDALONE_ACK.code();
    }

    private byte[] receiveRaw() throws Exception {
        byte[] buffer = new byte[1500];
        DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
        socket.receive(packet);
        return Arrays.copyOf(buffer, packet.getLength());
    }

    @Override
    public void close() {
        socket.close();
    }
}
