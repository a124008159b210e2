package org.cpebridge.usp.agent;

import com.google.protobuf.InvalidProtocolBufferException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import org.cpebridge.usp.message.MessageDispatcher;
import org.cpebridge.usp.proto.UspMsg;
import org.cpebridge.usp.record.Bytes;
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
 * MTP sends the returned bytes on the channel the Record came from. Thread-safe if the dispatcher's callers keep to
 * one data-model thread.
 */
public final class UspEndpoint {
    private static final Logger LOG = LoggerFactory.getLogger(UspEndpoint.class);

    private final RecordCodec codec;
    private final RecordReceiver receiver;
    private final RecordFactory records;
    private final MessageDispatcher dispatcher;
    private final Set<String> inFlight = ConcurrentHashMap.newKeySet();

    public UspEndpoint(String endpointId, RecordCodec codec, MessageDispatcher dispatcher) {
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

    /** Handles one received Record; the stage yields the encoded Records to send back (often one, maybe none). */
    public CompletionStage<List<byte[]>> onRecord(ByteBuffer encoded, String mtpTag) {
        Received received = receiver.receive(encoded, mtpTag);
        if (received instanceof Received.Reply reply) {
            return CompletableFuture.completedFuture(List.of(codec.encode(reply.record())));
        }
        if (!(received instanceof Received.MessageReceived message)) {
            return CompletableFuture.completedFuture(List.of());
        }
        UspMsg.Msg msg;
        try {
            msg = UspMsg.Msg.parseFrom(message.payload().asByteBuffer());
        } catch (InvalidProtocolBufferException e) {
            LOG.debug("[{}] dropping a Record from {} whose payload is not a USP Message", mtpTag, message.fromId());
            return CompletableFuture.completedFuture(List.of());
        }
        String key = message.fromId() + "\n" + msg.getHeader().getMsgId();
        boolean request = msg.getBody().hasRequest();
        if (request && !inFlight.add(key)) {
            LOG.debug("[{}] ignoring duplicate msg_id {} from {} (R-MSG.4)", mtpTag, msg.getHeader().getMsgId(),
                    message.fromId());
            return CompletableFuture.completedFuture(List.of());
        }
        CompletionStage<List<byte[]>> answer = dispatcher.handle(message.fromId(), msg).thenApply(reply -> reply
                .map(r -> List.of(codec.encode(records.message(message.fromId(), Bytes.of(r.toByteArray())))))
                .orElse(List.of()));
        return answer.whenComplete((r, e) -> {
            if (request) {
                inFlight.remove(key);
            }
        });
    }
}
