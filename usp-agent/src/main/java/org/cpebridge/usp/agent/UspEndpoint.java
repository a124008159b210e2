package org.cpebridge.usp.agent;

import com.google.protobuf.InvalidProtocolBufferException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import org.cpebridge.usp.message.Answer;
import org.cpebridge.usp.message.MessageDispatcher;
import org.cpebridge.usp.message.MessagePayload;
import org.cpebridge.usp.message.ResponseBudget;
import org.cpebridge.usp.proto.UspMsg;
import org.cpebridge.usp.record.Payload;
import org.cpebridge.usp.record.Received;
import org.cpebridge.usp.record.RecordCodec;
import org.cpebridge.usp.record.RecordEnvelope;
import org.cpebridge.usp.record.RecordFactory;
import org.cpebridge.usp.record.RecordReceiver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent between the MTPs and the message layer: a received Record in, the Records to send back out. Applies the
 * Record rules ({@link RecordReceiver}), ignores a request whose msg_id is still being answered for the same
 * Controller (R-MSG.4), and wraps each answer in a No Session Context Record to the sender (R-MSG.0a). Sans-I/O; the
 * MTP sends the returned bytes on the channel the Record came from. Each answer is bounded: the handlers charge a
 * {@link ResponseBudget} of the smaller of the MTP's limit and the agent's memory budget while they build it, and an
 * answer Record that still comes out larger than the MTP's limit (a Set, Add, Delete or Operate response, which are not
 * charged as they are built) is replaced by Error 7005. A handler that fails in any way gives Error 7003. Thread-safe
 * if the dispatcher's callers keep to one data-model thread.
 */
public final class UspEndpoint {
    private static final Logger LOG = LoggerFactory.getLogger(UspEndpoint.class);

    private final String endpointId;
    private final RecordCodec codec;
    private final RecordReceiver receiver;
    private final RecordFactory records;
    private final MessageDispatcher dispatcher;
    private final Set<String> inFlight = ConcurrentHashMap.newKeySet();
    private final long memoryBudget;

    public UspEndpoint(String endpointId, RecordCodec codec, MessageDispatcher dispatcher) {
        this(endpointId, codec, dispatcher, Long.MAX_VALUE);
    }

    /** @param memoryBudget the largest answer Record the agent builds, whatever the MTP would carry */
    public UspEndpoint(String endpointId, RecordCodec codec, MessageDispatcher dispatcher, long memoryBudget) {
        if (memoryBudget <= 0) {
            throw new IllegalArgumentException("memoryBudget must be positive: " + memoryBudget);
        }
        this.memoryBudget = memoryBudget;
        this.endpointId = endpointId;
        this.codec = Objects.requireNonNull(codec, "codec");
        this.receiver = new RecordReceiver(endpointId, codec);
        this.records = new RecordFactory(endpointId);
        this.dispatcher = Objects.requireNonNull(dispatcher, "dispatcher");
    }

    /** Builds this agent's Records (Connect Records for a new MTP link, Disconnect, notifications). */
    public RecordFactory records() {
        return records;
    }

    /** Encodes a Record built with {@link #records()}. */
    public byte[] encode(RecordEnvelope record) {
        return codec.encode(record);
    }

    /**
     * A received Record after the Record rules, and its payload parsed when it carries a USP Message: what an MTP
     * needs to decide where to answer it ({@link #accept}, then {@link #answer}).
     */
    public record Incoming(Received received, Optional<UspMsg.Msg> message) {
        public Incoming {
            Objects.requireNonNull(received, "received");
            Objects.requireNonNull(message, "message");
        }
    }

    /** Applies the Record rules to a received Record and parses the Message it carries; answers nothing yet. */
    public Incoming accept(ByteBuffer encoded, String mtpTag) {
        return parsed(receiver.receive(encoded, mtpTag), mtpTag);
    }

    /** {@link #accept(ByteBuffer, String)} for a Record the MTP has already decoded with this endpoint's codec. */
    public Incoming accept(RecordEnvelope decoded, String mtpTag) {
        return parsed(receiver.receive(decoded, mtpTag), mtpTag);
    }

    private static Incoming parsed(Received received, String mtpTag) {
        if (!(received instanceof Received.MessageReceived message)) {
            return new Incoming(received, Optional.empty());
        }
        try {
            return new Incoming(received, Optional.of(UspMsg.Msg.parseFrom(message.payload().asByteBuffer())));
        } catch (InvalidProtocolBufferException e) {
            LOG.debug("[{}] dropping a Record from {} whose payload is not a USP Message", mtpTag, message.fromId());
            return new Incoming(received, Optional.empty());
        }
    }

    /** Handles one received Record with no MTP limit on the answer (the memory budget still applies). */
    public CompletionStage<List<byte[]>> onRecord(ByteBuffer encoded, String mtpTag) {
        return onRecord(encoded, mtpTag, Long.MAX_VALUE);
    }

    /**
     * Handles one received Record; the stage yields the encoded Records to send back (often one, maybe none), none
     * larger than {@code maxRecordBytes} (what the MTP carries to the sender).
     */
    public CompletionStage<List<byte[]>> onRecord(ByteBuffer encoded, String mtpTag, long maxRecordBytes) {
        return answer(accept(encoded, mtpTag), mtpTag, maxRecordBytes);
    }

    /**
     * Handles one Record the MTP has already decoded with this endpoint's codec (the MQTT MTP reads its sender to
     * choose the answer's topic); otherwise as {@link #onRecord(ByteBuffer, String, long)}.
     */
    public CompletionStage<List<byte[]>> onRecord(RecordEnvelope decoded, String mtpTag, long maxRecordBytes) {
        return answer(accept(decoded, mtpTag), mtpTag, maxRecordBytes);
    }

    /**
     * Answers a Record {@link #accept}ed by this endpoint; the stage yields the encoded Records to send back (often
     * one, maybe none), none larger than {@code maxRecordBytes}. Call on the data-model thread.
     */
    public CompletionStage<List<byte[]>> answer(Incoming incoming, String mtpTag, long maxRecordBytes) {
        Received received = incoming.received();
        if (received instanceof Received.Reply reply) {
            return CompletableFuture.completedFuture(List.of(codec.encode(reply.record())));
        }
        if (received instanceof Received.Erroneous erroneous) {
            return CompletableFuture.completedFuture(answerErroneous(erroneous, mtpTag));
        }
        if (!(received instanceof Received.MessageReceived message) || incoming.message().isEmpty()) {
            return CompletableFuture.completedFuture(List.of());
        }
        UspMsg.Msg msg = incoming.message().get();
        String key = message.fromId() + "\n" + msg.getHeader().getMsgId();
        boolean request = msg.getBody().hasRequest();
        if (request && !inFlight.add(key)) {
            LOG.debug("[{}] ignoring duplicate msg_id {} from {} (R-MSG.4)", mtpTag, msg.getHeader().getMsgId(),
                    message.fromId());
            return CompletableFuture.completedFuture(List.of());
        }
        String fromId = message.fromId();
        String msgId = msg.getHeader().getMsgId();
        long recordLimit = Math.min(maxRecordBytes, memoryBudget);
        // The Record around the Message: its header fields, and the payload's tag and length (at most 6 bytes).
        long envelope = RecordCodec.messageRecordSize(fromId, endpointId, 0) + 6L;
        CompletionStage<Optional<Answer>> handled;
        try {
            handled = dispatcher.answer(fromId, msg, new ResponseBudget(Math.max(1, recordLimit - envelope)));
        } catch (RuntimeException | LinkageError | AssertionError | VirtualMachineError e) {
            handled = CompletableFuture.failedFuture(e);
        }
        CompletionStage<List<byte[]>> answer = handled.handle((reply, failure) -> {
            if (failure != null) {
                LOG.warn("[{}] handling {} from {} failed", mtpTag, msgId, fromId, failure);
                return request ? List.of(encodeAnswer(fromId, Answer.of(MessageDispatcher.internalError(msgId)), recordLimit, msgId))
                        : List.<byte[]>of();
            }
            return reply.map(r -> List.of(encodeAnswer(fromId, r, recordLimit, msgId))).orElse(List.of());
        });
        return answer.whenComplete((r, e) -> {
            if (request) {
                inFlight.remove(key);
            }
        });
    }

    /** R-MTP.5: an Error Message for an erroneous Record that carries a Request with a msg_id; else nothing. */
    private List<byte[]> answerErroneous(Received.Erroneous erroneous, String mtpTag) {
        UspMsg.Msg msg;
        try {
            msg = UspMsg.Msg.parseFrom(erroneous.payload().asByteBuffer());
        } catch (InvalidProtocolBufferException e) {
            LOG.debug("[{}] ignoring an erroneous Record from {} ({})", mtpTag, erroneous.fromId(), erroneous.reason());
            return List.of();
        }
        String msgId = msg.getHeader().getMsgId();
        if (msgId.isEmpty() || !msg.getBody().hasRequest()) {
            LOG.debug("[{}] ignoring an erroneous Record from {} ({})", mtpTag, erroneous.fromId(), erroneous.reason());
            return List.of();
        }
        UspMsg.Msg error = UspMsg.Msg.newBuilder()
                .setHeader(UspMsg.Header.newBuilder().setMsgId(msgId).setMsgType(UspMsg.Header.MsgType.ERROR))
                .setBody(UspMsg.Body.newBuilder().setError(UspMsg.Error.newBuilder()
                        .setErrCode(erroneous.errorCode()).setErrMsg(erroneous.reason())))
                .build();
        return List.of(codec.encodeMessage(erroneous.fromId(), endpointId, error));
    }

    /**
     * The answer's Record, or Error 7005's when the answer would not fit in {@code limit} bytes. The answer is measured
     * once ({@link Answer#payload()}: a Get response as written, any other by {@link MessagePayload}) for the check and
     * the Record.
     */
    private byte[] encodeAnswer(String fromId, Answer reply, long limit, String msgId) {
        Payload payload = reply.payload();
        if (RecordCodec.messageRecordSize(fromId, endpointId, payload.size()) <= limit) {
            return codec.encodeMessage(fromId, endpointId, payload);
        }
        LOG.debug("[{}] answer to {} larger than {} bytes; Error 7005 instead", fromId, msgId, limit);
        return codec.encodeMessage(fromId, endpointId, MessageDispatcher.tooLarge(msgId, limit));
    }
}
