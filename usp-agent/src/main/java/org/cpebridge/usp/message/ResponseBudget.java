package org.cpebridge.usp.message;

import com.google.protobuf.CodedOutputStream;
import java.util.Arrays;
import org.cpebridge.usp.error.UspReasons;

/**
 * The encoded bytes one response Message may take, charged by the handlers as they add each result, so that a
 * request whose answer would not fit stops at the limit instead of building the whole answer first. The charges are
 * the protobuf encoding of what is added (field tag, length, UTF-8 text) plus a few bytes of framing per nested
 * message, so the running total is an upper bound of the encoded size. The limit is the smaller of the MTP's (the MQTT
 * broker's Maximum Packet Size, the WebSocket message limit) and the agent's memory budget ({@code
 * usp.maxResponseSize}), less the Record around the Message.
 *
 * <p>A text's UTF-8 length is not measured when it is charged: under the router's C1-only JIT that scan of every
 * character was a tenth of a large Get. A text of n characters takes between n and 3n bytes; the budget charges the
 * least and keeps the text, and measures the texts it kept only when the most they could take would pass the limit,
 * or when asked for {@link #used()}. So an answer far below the limit is never measured here, and the limit is
 * decided on exact sizes as before.
 *
 * <p>Owning thread: the data-model thread, for one message.
 */
public final class ResponseBudget {
    /** Framing of a nested message or map entry: its field tag and a length of up to five bytes. */
    private static final int NESTED = 6;

    private final long limit;
    /** The exact size of what was charged, except that each kept text counts its least (one byte a character). */
    private long used;
    /** How much more than their least the kept texts can take at most. */
    private long slack;
    /** The texts charged at their least, not measured yet. */
    private String[] unmeasured = new String[64];
    private int unmeasuredCount;

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

    /** The exact encoded size of what was charged. */
    public long used() {
        measureKept();
        return used;
    }

    /**
     * Adds {@code bytes}.
     *
     * @throws ResponseTooLargeException when the total goes over the limit
     */
    void charge(long bytes) {
        used += bytes;
        check();
    }

    /** A string field (or a nested message holding one string) being added. */
    void chargeText(String text) {
        used += NESTED;
        keep(text);
        check();
    }

    /** One {@code map<string, string>} entry being added. */
    void chargeEntry(String key, String value) {
        // The key is a parameter name: its length comes from the bytes the encoder takes too (EncodedNames).
        int keyLength = EncodedNames.utf8(key).length;
        used += NESTED + 1 + CodedOutputStream.computeUInt32SizeNoTag(keyLength) + keyLength;
        keep(value);
        check();
    }

    /**
     * A string field (or a nested message holding one string) being added whose UTF-8 length is known: charged
     * exactly, nothing kept (the Get's answer writer has just encoded it).
     */
    void chargeEncodedText(int utf8Length) {
        used += NESTED + fieldSize(utf8Length);
        check();
    }

    /** One {@code map<string, string>} entry being added whose key and value UTF-8 lengths are known, exactly. */
    void chargeEncodedEntry(int keyLength, int valueLength) {
        used += NESTED + fieldSize(keyLength) + fieldSize(valueLength);
        check();
    }

    /** A nested message of {@code encodedSize} bytes written before, added once more (a repeated path). */
    void chargeRepeated(int encodedSize) {
        charge(NESTED + (long) encodedSize);
    }

    /** Charges {@code text}'s tag, length and bytes at their least, and keeps it to measure if that is ever needed. */
    private void keep(String text) {
        int characters = text.length();
        long least = fieldSize(characters);
        long most = fieldSize(3L * characters);
        used += least;
        if (most == least) {
            return; // empty: exact already
        }
        slack += most - least;
        if (unmeasuredCount == unmeasured.length) {
            unmeasured = Arrays.copyOf(unmeasured, unmeasuredCount * 2);
        }
        unmeasured[unmeasuredCount++] = text;
    }

    /** Throws when what was charged is over the limit; measures the kept texts first if it might be. */
    private void check() {
        if (used + slack > limit) {
            measureKept();
            if (used > limit) {
                throw new ResponseTooLargeException(limit);
            }
        }
    }

    /** Replaces each kept text's least by its exact size. */
    private void measureKept() {
        for (int i = 0; i < unmeasuredCount; i++) {
            String text = unmeasured[i];
            used += text(text) - fieldSize(text.length());
            unmeasured[i] = null;
        }
        unmeasuredCount = 0;
        slack = 0;
    }

    /** A string field's tag, length and {@code bytes} bytes. */
    private static long fieldSize(long bytes) {
        return 1 + CodedOutputStream.computeUInt64SizeNoTag(bytes) + bytes;
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
