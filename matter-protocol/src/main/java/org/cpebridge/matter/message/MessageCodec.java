package org.cpebridge.matter.message;

import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.cpebridge.bytes.Bytes;

/**
 * Encodes and decodes the message header (Core spec 4.4.1) and the protocol header (4.4.3), and whole unsecured
 * messages. Secured messages go through {@link MessageSecurity}. Pure functions over byte arrays.
 */
public final class MessageCodec {

    private static final int FLAG_SOURCE = 0x04;
    private static final int DSIZ_MASK = 0x03;
    private static final int DSIZ_NODE = 0x01;
    private static final int DSIZ_GROUP = 0x02;
    private static final int SECURITY_PRIVACY = 0x80;
    private static final int SECURITY_CONTROL = 0x40;
    private static final int SECURITY_EXTENSIONS = 0x20;
    private static final int SESSION_TYPE_MASK = 0x03;

    private static final int EXCHANGE_INITIATOR = 0x01;
    private static final int EXCHANGE_ACK = 0x02;
    private static final int EXCHANGE_RELIABLE = 0x04;
    private static final int EXCHANGE_SECURED_EXTENSIONS = 0x08;
    private static final int EXCHANGE_VENDOR = 0x10;

    /** Smallest header: flags, session id, security flags, counter. */
    public static final int MIN_HEADER_LENGTH = 8;

    private MessageCodec() {
    }

    /** Encodes a message header. */
    public static byte[] encodeHeader(MessageHeader header) {
        WireWriter out = new WireWriter();
        int dsiz = header.destination() instanceof Destination.Node ? DSIZ_NODE
                : header.destination() instanceof Destination.Group ? DSIZ_GROUP : 0;
        out.u8((header.sourceNodeId().isPresent() ? FLAG_SOURCE : 0) | dsiz);
        out.u16(header.sessionId());
        out.u8(header.securityFlags());
        out.u32(header.messageCounter());
        header.sourceNodeId().ifPresent(out::u64);
        if (header.destination() instanceof Destination.Node node) {
            out.u64(node.nodeId());
        } else if (header.destination() instanceof Destination.Group group) {
            out.u16(group.groupId());
        }
        header.extensions().ifPresent(ext -> out.u16(ext.length()).bytes(ext));
        return out.toByteArray();
    }

    /**
     * Splits a datagram into its parsed header, the header octets and the body. A message with the privacy flag must
     * be de-obfuscated first ({@link MessagePrivacy#deobfuscate}).
     *
     * @throws MessageException if the header is truncated, of another version, or uses a reserved value
     */
    public static MessageFrame decodeFrame(byte[] datagram) throws MessageException {
        WireReader in = new WireReader(datagram, 0, "message header");
        int flags = in.u8();
        int version = flags >>> 4;
        if (version != 0) {
            throw new MessageException("unsupported message format version " + version);
        }
        int dsiz = flags & DSIZ_MASK;
        if (dsiz == 0x03) {
            throw new MessageException("reserved DSIZ value 3");
        }
        int sessionId = in.u16();
        int securityFlags = in.u8();
        int sessionTypeCode = securityFlags & SESSION_TYPE_MASK;
        if (sessionTypeCode > 1) {
            throw new MessageException("reserved session type " + sessionTypeCode);
        }
        SessionType sessionType = sessionTypeCode == 0 ? SessionType.UNICAST : SessionType.GROUP;
        long counter = in.u32();
        OptionalLong source = (flags & FLAG_SOURCE) != 0 ? OptionalLong.of(in.u64()) : OptionalLong.empty();
        Destination destination = switch (dsiz) {
            case DSIZ_NODE -> new Destination.Node(in.u64());
            case DSIZ_GROUP -> new Destination.Group(in.u16());
            default -> Destination.none();
        };
        if ((destination instanceof Destination.Group) != (sessionType == SessionType.GROUP)) {
            throw new MessageException("group destination and group session type must go together");
        }
        Optional<Bytes> extensions = Optional.empty();
        if ((securityFlags & SECURITY_EXTENSIONS) != 0) {
            extensions = Optional.of(in.bytes(in.u16()));
        }
        MessageHeader header = new MessageHeader(sessionId, sessionType, (securityFlags & SECURITY_PRIVACY) != 0,
                (securityFlags & SECURITY_CONTROL) != 0, counter, source, destination, extensions);
        int headerLength = in.position();
        byte[] headerBytes = new byte[headerLength];
        System.arraycopy(datagram, 0, headerBytes, 0, headerLength);
        return new MessageFrame(header, Bytes.of(headerBytes), in.rest());
    }

    /** Encodes a protocol header followed by the application payload (the plaintext of a secured message). */
    public static byte[] encodeBody(ProtocolHeader header, Bytes payload) {
        WireWriter out = new WireWriter();
        out.u8(header.exchangeFlags());
        out.u8(header.opcode());
        out.u16(header.exchangeId());
        header.vendorId().ifPresent(out::u16);
        out.u16(header.protocolId());
        header.ackedCounter().ifPresent(out::u32);
        header.securedExtensions().ifPresent(ext -> out.u16(ext.length()).bytes(ext));
        out.bytes(payload);
        return out.toByteArray();
    }

    /**
     * Decodes a protocol header and returns it with the application payload that follows.
     *
     * @throws MessageException if the protocol header is truncated
     */
    public static Message decodeBody(MessageHeader messageHeader, byte[] body) throws MessageException {
        WireReader in = new WireReader(body, 0, "protocol header");
        int flags = in.u8();
        int opcode = in.u8();
        int exchangeId = in.u16();
        OptionalInt vendor = (flags & EXCHANGE_VENDOR) != 0 ? OptionalInt.of(in.u16()) : OptionalInt.empty();
        int protocolId = in.u16();
        OptionalLong ack = (flags & EXCHANGE_ACK) != 0 ? OptionalLong.of(in.u32()) : OptionalLong.empty();
        Optional<Bytes> securedExtensions = Optional.empty();
        if ((flags & EXCHANGE_SECURED_EXTENSIONS) != 0) {
            securedExtensions = Optional.of(in.bytes(in.u16()));
        }
        ProtocolHeader protocolHeader = new ProtocolHeader((flags & EXCHANGE_INITIATOR) != 0, ack,
                (flags & EXCHANGE_RELIABLE) != 0, opcode, exchangeId, vendor, protocolId, securedExtensions);
        return new Message(messageHeader, protocolHeader, in.rest());
    }

    /** Encodes an unsecured message: header, protocol header, payload, no MIC. */
    public static byte[] encodeUnsecured(Message message) {
        if (!message.header().isUnsecured()) {
            throw new IllegalArgumentException("not an unsecured header: session " + message.header().sessionId());
        }
        byte[] header = encodeHeader(message.header());
        byte[] body = encodeBody(message.protocolHeader(), message.payload());
        byte[] out = new byte[header.length + body.length];
        System.arraycopy(header, 0, out, 0, header.length);
        System.arraycopy(body, 0, out, header.length, body.length);
        return out;
    }

    /**
     * Decodes an unsecured message.
     *
     * @throws MessageException if the datagram is malformed or is not an unsecured message
     */
    public static Message decodeUnsecured(byte[] datagram) throws MessageException {
        MessageFrame frame = decodeFrame(datagram);
        if (!frame.header().isUnsecured()) {
            throw new MessageException("not an unsecured message: session " + frame.header().sessionId());
        }
        return decodeBody(frame.header(), frame.body().toByteArray());
    }

    /**
     * Reads the session id of a datagram without decoding the rest, to find the session (and its keys) before
     * de-obfuscating and decrypting. The session id is never obfuscated.
     *
     * @throws MessageException if the datagram is shorter than the smallest header
     */
    public static int peekSessionId(byte[] datagram) throws MessageException {
        checkMinimum(datagram);
        return (datagram[1] & 0xFF) | (datagram[2] & 0xFF) << 8;
    }

    /**
     * Reads the security flags octet of a datagram without decoding the rest; never obfuscated.
     *
     * @throws MessageException if the datagram is shorter than the smallest header
     */
    public static int peekSecurityFlags(byte[] datagram) throws MessageException {
        checkMinimum(datagram);
        return datagram[3] & 0xFF;
    }

    private static void checkMinimum(byte[] datagram) throws MessageException {
        if (datagram.length < MIN_HEADER_LENGTH) {
            throw new MessageException("datagram shorter than a message header: " + datagram.length + " bytes");
        }
    }
}
