package org.cpebridge.usp.message;

import com.google.protobuf.CodedOutputStream;
import org.cpebridge.usp.error.UspReasons;

/**
 * The encoded bytes one response Message may take, charged by the handlers as they add each result, so that a
 * request whose answer would not fit stops at the limit instead of building the whole answer first. The charges are
 * the protobuf encoding of what is added (field tag, length, UTF-8 text) plus a few bytes of framing per nested
 * message, so the running total is an upper bound of the encoded size. The limit is the smaller of the MTP's (the MQTT
 * broker's Maximum Packet Size, the WebSocket message limit) and the agent's memory budget ({@code
 * usp.maxResponseSize}), less the Record around the Message.
 *
 * <p>Owning thread: the data-model thread, for one message.
 */
public final class ResponseBudget {
    /** Framing of a nested message or map entry: its field tag and a length of up to five bytes. */
    private static final int NESTED = 6;

    private final long limit;
    private long used;

    /** A budget of {@code limit} encoded bytes. */
    public ResponseBudget(long limit) {
        if (limit <= 0) {
            throw new IllegalArgumentException("a response budget must be positive: " + limit);
        }
        this.limit = limit;
    }

    /** No limit (in-process callers and tests that do not measure size). */
    public static ResponseBudget unlimited() {
        return new ResponseBudget(Long.MAX_VALUE);
    }

    public long limit() {
        return limit;
    }

    public long used() {
        return used;
    }

    /**
     * Adds {@code bytes}.
     *
     * @throws ResponseTooLargeException when the total goes over the limit
     */
    void charge(long bytes) {
        used += bytes;
        if (used > limit) {
            throw new ResponseTooLargeException(limit);
        }
    }

    /** A string field (or a nested message holding one string) being added. */
    void chargeText(String text) {
        charge(NESTED + text(text));
    }

    /** One {@code map<string, string>} entry being added. */
    void chargeEntry(String key, String value) {
        charge(NESTED + text(key) + text(value));
    }

    /** A nested message being added with no text of its own (its contents are charged as they are added). */
    void chargeNested() {
        charge(NESTED);
    }

    /** A nested message already built, added once more (a repeated path answered from the first answer). */
    void chargeBuilt(com.google.protobuf.MessageLite built) {
        charge(NESTED + built.getSerializedSize());
    }

    private static long text(String text) {
        return 1 + CodedOutputStream.computeStringSizeNoTag(text);
    }

    /** The answer would be larger than the budget; the dispatcher answers Error 7005 (TR-369 "Resources exceeded"). */
    public static final class ResponseTooLargeException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        private final long limit;

        ResponseTooLargeException(long limit) {
            super(UspReasons.responseTooLarge(limit), null, false, false);
            this.limit = limit;
        }

        public long limit() {
            return limit;
        }
    }
}
