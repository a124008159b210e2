package org.cpebridge.usp.message;

import com.google.protobuf.InvalidProtocolBufferException;
import java.util.Objects;
import org.cpebridge.usp.proto.UspMsg;
import org.cpebridge.usp.record.Payload;

/**
 * The agent's answer to one message: a protobuf {@code Msg}, or a Get response the {@link GetHandler} wrote as it
 * walked ({@link GetAnswerWriter}), which exists only as bytes. The MTP side takes its {@link #payload()} for the
 * Record; in-process callers and tests that want the message get it parsed from those bytes ({@link #message()}).
 * Immutable.
 */
public final class Answer {
    private final UspMsg.Msg message;
    private final GetAnswerWriter.Written written;

    private Answer(UspMsg.Msg message, GetAnswerWriter.Written written) {
        this.message = message;
        this.written = written;
    }

    /** An answer built as a protobuf message. */
    public static Answer of(UspMsg.Msg message) {
        return new Answer(Objects.requireNonNull(message, "message"), null);
    }

    static Answer written(GetAnswerWriter.Written written) {
        return new Answer(null, Objects.requireNonNull(written, "written"));
    }

    /** What the Record carries: the written bytes, or the message encoded by {@link MessagePayload}. */
    public Payload payload() {
        return written != null ? written : MessagePayload.of(message);
    }

    /** The answer as a protobuf message; a written Get response is parsed from its bytes (for tests and in-process use). */
    public UspMsg.Msg message() {
        if (message != null) {
            return message;
        }
        try {
            return UspMsg.Msg.parseFrom(written.toByteArray());
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("a written Get answer that protobuf cannot parse", e);
        }
    }

    /** Whether this is a Get response. */
    public boolean isGetResponse() {
        return written != null || message.getBody().getResponse().hasGetResp();
    }

    /**
     * For a Get response: whether a requested path answered without error holds at least one object (what the
     * privacy audit calls carrying data).
     *
     * @throws IllegalStateException for any other answer
     */
    public boolean getResponseHoldsObjects() {
        if (written != null) {
            return written.holdsObjects();
        }
        if (!isGetResponse()) {
            throw new IllegalStateException("not a Get response");
        }
        return message.getBody().getResponse().getGetResp().getReqPathResultsList().stream()
                .anyMatch(p -> p.getErrCode() == 0 && p.getResolvedPathResultsCount() > 0);
    }
}
