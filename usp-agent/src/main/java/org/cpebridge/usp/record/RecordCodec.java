package org.cpebridge.usp.record;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.MessageLite;
import com.google.protobuf.WireFormat;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import org.cpebridge.bytes.Bytes;
import org.cpebridge.usp.proto.UspRecord;

/**
 * Sans-I/O codec between encoded USP Records ({@code usp_record.Record}, USP 1.4) and {@link RecordEnvelope}.
 * Stateless and thread-safe.
 */
public final class RecordCodec {
    /** Default largest Record accepted, as OB-USP-Agent v11's MAX_USP_MSG_LEN. */
    public static final int DEFAULT_MAX_RECORD_SIZE = 5 * 1024 * 1024;

    // usp_record.Record's field numbers (usp-record-1-4.proto) that encodeMessage writes.
    private static final int VERSION = 1;
    private static final int TO_ID = 2;
    private static final int FROM_ID = 3;
    private static final int NO_SESSION_CONTEXT = 7;
    /** NoSessionContextRecord.payload. */
    private static final int NO_SESSION_PAYLOAD = 2;

    private final int maxRecordSize;

    public RecordCodec() {
        this(DEFAULT_MAX_RECORD_SIZE);
    }

    public RecordCodec(int maxRecordSize) {
        if (maxRecordSize <= 0) {
            throw new IllegalArgumentException("maxRecordSize must be positive: " + maxRecordSize);
        }
        this.maxRecordSize = maxRecordSize;
    }

    /** Decodes the remaining bytes of {@code encoded}; the buffer's position is not moved. */
    public RecordEnvelope decode(ByteBuffer encoded) throws RecordDecodeException {
        if (encoded.remaining() > maxRecordSize) {
            throw new RecordDecodeException(RecordErrors.RECORD_NOT_PARSED,
                    "Record of " + encoded.remaining() + " bytes exceeds the limit of " + maxRecordSize);
        }
        UspRecord.Record wire;
        try {
            wire = UspRecord.Record.parseFrom(encoded.duplicate());
        } catch (InvalidProtocolBufferException e) {
            throw new RecordDecodeException(RecordErrors.RECORD_NOT_PARSED, "not a USP Record: " + e.getMessage(), e);
        }
        return fromWire(wire);
    }

    /** Decodes {@code encoded}. */
    public RecordEnvelope decode(byte[] encoded) throws RecordDecodeException {
        return decode(ByteBuffer.wrap(encoded));
    }

    /**
     * The size of the No Session Context Record that {@link #encodeMessage} writes for a payload of
     * {@code payloadSize} bytes, without building it: an answer's size is checked against the MTP's limit before it
     * is encoded, and the limit of what a handler may build is this limit less the Record around an empty payload.
     */
    public static long messageRecordSize(String toId, String fromId, long payloadSize) {
        long inner = payloadSize == 0 ? 0 : CodedOutputStream.computeTagSize(NO_SESSION_PAYLOAD)
                + varintSize(payloadSize) + payloadSize;
        return headerSize(toId, fromId) + CodedOutputStream.computeTagSize(NO_SESSION_CONTEXT) + varintSize(inner)
                + inner;
    }

    /**
     * Encodes a plaintext, unsigned No Session Context Record of the current version from {@code fromId} to
     * {@code toId} around {@code message}, byte for byte what {@link #encode} writes for
     * {@code RecordEnvelope.plain(toId, fromId, new NoSessionContext(message's bytes))}, in one pass into one array:
     * the answer to every request takes this path, and the envelope form serialises and copies the payload three
     * times.
     */
    public byte[] encodeMessage(String toId, String fromId, MessageLite message) {
        return encodeMessage(toId, fromId, Payload.of(message));
    }

    /**
     * {@link #encodeMessage(String, String, MessageLite)} for a payload whose size is already known: the Record's
     * fields, then the payload written straight into its field of the one array.
     */
    public byte[] encodeMessage(String toId, String fromId, Payload payload) {
        int payloadSize = payload.size();
        long size = messageRecordSize(toId, fromId, payloadSize);
        if (size > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("Record of " + size + " bytes cannot be held in one array");
        }
        byte[] out = new byte[(int) size];
        int headerLength = (int) (size - payloadSize);
        CodedOutputStream writer = CodedOutputStream.newInstance(out, 0, headerLength);
        try {
            writer.writeString(VERSION, RecordEnvelope.CURRENT_VERSION);
            if (!toId.isEmpty()) {
                writer.writeString(TO_ID, toId);
            }
            if (!fromId.isEmpty()) {
                writer.writeString(FROM_ID, fromId);
            }
            writer.writeTag(NO_SESSION_CONTEXT, WireFormat.WIRETYPE_LENGTH_DELIMITED);
            if (payloadSize == 0) {
                writer.writeUInt32NoTag(0);
            } else {
                writer.writeUInt32NoTag(CodedOutputStream.computeTagSize(NO_SESSION_PAYLOAD)
                        + CodedOutputStream.computeUInt32SizeNoTag(payloadSize) + payloadSize);
                writer.writeTag(NO_SESSION_PAYLOAD, WireFormat.WIRETYPE_LENGTH_DELIMITED);
                writer.writeUInt32NoTag(payloadSize);
            }
            writer.checkNoSpaceLeft();
        } catch (IOException e) {
            // An array of exactly the computed size: running out of room or having room left is a bug here.
            throw new IllegalStateException("Record size computed wrongly", e);
        }
        if (payloadSize != 0) {
            payload.writeTo(out, headerLength);
        }
        return out;
    }

    private static long headerSize(String toId, String fromId) {
        return CodedOutputStream.computeStringSize(VERSION, RecordEnvelope.CURRENT_VERSION)
                + (toId.isEmpty() ? 0 : CodedOutputStream.computeStringSize(TO_ID, toId))
                + (fromId.isEmpty() ? 0 : CodedOutputStream.computeStringSize(FROM_ID, fromId));
    }

    private static int varintSize(long value) {
        return CodedOutputStream.computeUInt64SizeNoTag(value);
    }

    /** Encodes {@code record}. */
    public byte[] encode(RecordEnvelope record) {
        UspRecord.Record.Builder wire = UspRecord.Record.newBuilder()
                .setVersion(record.version())
                .setToId(record.toId())
                .setFromId(record.fromId())
                .setPayloadSecurityValue(record.payloadSecurity().value())
                .setMacSignature(bytes(record.macSignature()))
                .setSenderCert(bytes(record.senderCert()));
        RecordBody body = record.body();
        if (body instanceof RecordBody.NoSessionContext b) {
            wire.setNoSessionContext(UspRecord.NoSessionContextRecord.newBuilder().setPayload(bytes(b.payload())));
        } else if (body instanceof RecordBody.SessionContext b) {
            UspRecord.SessionContextRecord.Builder s = UspRecord.SessionContextRecord.newBuilder()
                    .setSessionId(b.sessionId())
                    .setSequenceId(b.sequenceId())
                    .setExpectedId(b.expectedId())
                    .setRetransmitId(b.retransmitId())
                    .setPayloadSarStateValue(b.payloadSarState().value())
                    .setPayloadrecSarStateValue(b.payloadrecSarState().value());
            b.payload().forEach(p -> s.addPayload(bytes(p)));
            wire.setSessionContext(s);
        } else if (body instanceof RecordBody.WebSocketConnect) {
            wire.setWebsocketConnect(UspRecord.WebSocketConnectRecord.getDefaultInstance());
        } else if (body instanceof RecordBody.MqttConnect b) {
            wire.setMqttConnect(UspRecord.MQTTConnectRecord.newBuilder()
                    .setVersionValue(b.version().value()).setSubscribedTopic(b.subscribedTopic()));
        } else if (body instanceof RecordBody.StompConnect b) {
            wire.setStompConnect(UspRecord.STOMPConnectRecord.newBuilder()
                    .setVersionValue(b.version()).setSubscribedDestination(b.subscribedDestination()));
        } else if (body instanceof RecordBody.UdsConnect) {
            wire.setUdsConnect(UspRecord.UDSConnectRecord.getDefaultInstance());
        } else if (body instanceof RecordBody.Disconnect b) {
            wire.setDisconnect(UspRecord.DisconnectRecord.newBuilder()
                    .setReason(b.reason()).setReasonCode((int) b.reasonCode()));
        } else {
            throw new IllegalStateException("unhandled record body " + body.getClass());
        }
        return wire.build().toByteArray();
    }

    private static RecordEnvelope fromWire(UspRecord.Record wire) throws RecordDecodeException {
        RecordBody body = switch (wire.getRecordTypeCase()) {
            case NO_SESSION_CONTEXT -> new RecordBody.NoSessionContext(bytes(wire.getNoSessionContext().getPayload()));
            case SESSION_CONTEXT -> {
                UspRecord.SessionContextRecord s = wire.getSessionContext();
                List<Bytes> payload = s.getPayloadList().stream().map(RecordCodec::bytes).toList();
                yield new RecordBody.SessionContext(s.getSessionId(), s.getSequenceId(), s.getExpectedId(),
                        s.getRetransmitId(), new RecordBody.SarState(s.getPayloadSarStateValue()),
                        new RecordBody.SarState(s.getPayloadrecSarStateValue()), payload);
            }
            case WEBSOCKET_CONNECT -> new RecordBody.WebSocketConnect();
            case MQTT_CONNECT -> new RecordBody.MqttConnect(
                    new RecordBody.MqttVersion(nonNegative(wire.getMqttConnect().getVersionValue())),
                    wire.getMqttConnect().getSubscribedTopic());
            case STOMP_CONNECT -> new RecordBody.StompConnect(nonNegative(wire.getStompConnect().getVersionValue()),
                    wire.getStompConnect().getSubscribedDestination());
            case UDS_CONNECT -> new RecordBody.UdsConnect();
            case DISCONNECT -> new RecordBody.Disconnect(wire.getDisconnect().getReason(),
                    Integer.toUnsignedLong(wire.getDisconnect().getReasonCode()));
            case RECORDTYPE_NOT_SET -> throw new RecordDecodeException(RecordErrors.INVALID_RECORD_VALUE,
                    "Record carries no record_type");
        };
        return new RecordEnvelope(wire.getVersion(), wire.getToId(), wire.getFromId(),
                new PayloadSecurity(nonNegative(wire.getPayloadSecurityValue())), bytes(wire.getMacSignature()),
                bytes(wire.getSenderCert()), body);
    }

    private static int nonNegative(int enumValue) throws RecordDecodeException {
        if (enumValue < 0) {
            throw new RecordDecodeException(RecordErrors.INVALID_RECORD_VALUE, "negative enum value " + enumValue);
        }
        return enumValue;
    }

    private static Bytes bytes(ByteString value) {
        return value.isEmpty() ? Bytes.EMPTY : Bytes.of(value.toByteArray());
    }

    private static ByteString bytes(Bytes value) {
        return value.isEmpty() ? ByteString.EMPTY : ByteString.copyFrom(value.asByteBuffer());
    }
}
