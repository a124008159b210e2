package org.cpebridge.usp.message;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.BiConsumer;
import org.cpebridge.usp.proto.UspMsg;
import org.cpebridge.usp.record.Payload;

/**
 * The encoder of the agent's answers as a Record's {@link Payload}: a Get response is encoded here, byte for byte what
 * protobuf writes for the same message (usp-msg-1-4.proto's field order, proto3's omitted defaults, every map entry
 * with its key and value); any other message by protobuf itself. The agent's own Get responses no longer come here:
 * {@link GetHandler} writes them while it walks ({@link GetAnswerWriter}); what remains here for a Get response is a
 * message built with protobuf's builders ({@link Answer#of}, tests and in-process callers).
 *
 * <p>Why a Get response by hand: it is the one answer that grows to hundreds of kB (a Get of
 * {@code Device.ProxiedDevice.} over 200 devices: 243 kB in thousands of map entries), and protobuf-lite computes
 * the size of every map entry twice (once for the message's size, once more as it writes the entry) and measures and
 * encodes each string with a loop of {@code charAt}, slow under the router's C1-only JIT. Here one pass measures
 * everything and keeps each string's UTF-8 bytes ({@link String#getBytes}, a copy for a string of ASCII) and each
 * nested message's size, and the write copies them. A string with an unpaired surrogate becomes '?' in both. The map
 * entries' keys are parameter names, the same few dozen in every answer (200 devices repeat each name 200 times):
 * their bytes come from {@link EncodedNames}, encoded once.
 *
 * <p>For messages the agent builds: a message parsed from the wire could carry unknown fields, which this encoder
 * does not write. Stateless; a payload it returns is used by one thread.
 */
public final class MessagePayload {
    // Tags of the fields written here (field number << 3 | wire type); every field number is below 16: one byte each.
    private static final int LENGTH_DELIMITED = 2;
    private static final int FIXED32 = 5;
    private static final byte MSG_HEADER = tag(1, LENGTH_DELIMITED);
    private static final byte MSG_BODY = tag(2, LENGTH_DELIMITED);
    private static final byte BODY_RESPONSE = tag(2, LENGTH_DELIMITED);
    private static final byte RESPONSE_GET_RESP = tag(1, LENGTH_DELIMITED);
    private static final byte GET_RESP_REQ_PATH_RESULTS = tag(1, LENGTH_DELIMITED);
    private static final byte REQUESTED_PATH = tag(1, LENGTH_DELIMITED);
    private static final byte ERR_CODE = tag(2, FIXED32);
    private static final byte ERR_MSG = tag(3, LENGTH_DELIMITED);
    private static final byte RESOLVED_PATH_RESULTS = tag(4, LENGTH_DELIMITED);
    private static final byte RESOLVED_PATH = tag(1, LENGTH_DELIMITED);
    private static final byte RESULT_PARAMS = tag(2, LENGTH_DELIMITED);
    private static final byte ENTRY_KEY = tag(1, LENGTH_DELIMITED);
    private static final byte ENTRY_VALUE = tag(2, LENGTH_DELIMITED);
    private static final byte[] EMPTY = new byte[0];

    private MessagePayload() {
    }

    /** {@code message} as a payload: encoded here if it is a Get response, else by protobuf. */
    public static Payload of(UspMsg.Msg message) {
        if (message.hasBody() && message.getBody().hasResponse() && message.getBody().getResponse().hasGetResp()) {
            return new GetRespPayload(message);
        }
        return Payload.of(message);
    }

    private static byte tag(int field, int wireType) {
        return (byte) (field << 3 | wireType);
    }

    private static int varintSize(int value) {
        // Sizes are never negative here; 7 bits a byte.
        int bits = 32 - Integer.numberOfLeadingZeros(value | 1);
        return (bits + 6) / 7;
    }

    /** One Msg carrying a GetResp: its sizes and strings measured once when made, copied into the array by writeTo. */
    private static final class GetRespPayload implements Payload {
        private final UspMsg.Msg message;
        private final byte[] header;
        // Filled in the order writeTo reads them: nested messages' sizes (pre-order) and strings' UTF-8 bytes; sized
        // by counting first, so that a 250 kB answer's thousands of entries do not regrow and copy the arrays.
        private final int[] sizes;
        private int sizeCount;
        private final byte[][] texts;
        private int textCount;
        private final int getRespSize;
        private final int responseSize;
        private final int bodySize;
        private final int size;
        // The map entries of the resolved path result being measured add up here (measureEntry).
        private int entriesTotal;
        private final BiConsumer<String, String> entryMeasurer = this::measureEntry;

        GetRespPayload(UspMsg.Msg message) {
            this.message = message;
            this.header = message.hasHeader() ? message.getHeader().toByteArray() : null;
            int sizeSlots = 0;
            int textSlots = 0;
            for (UspMsg.GetResp.RequestedPathResult requested : getResp().getReqPathResultsList()) {
                sizeSlots++;
                textSlots += 2; // requested path, error message
                for (UspMsg.GetResp.ResolvedPathResult resolved : requested.getResolvedPathResultsList()) {
                    int entries = resolved.getResultParamsCount();
                    sizeSlots += 1 + entries;
                    textSlots += 1 + 2 * entries;
                }
            }
            this.sizes = new int[sizeSlots];
            this.texts = new byte[textSlots][];
            int getResp = 0;
            for (UspMsg.GetResp.RequestedPathResult requested : getResp().getReqPathResultsList()) {
                getResp += nested(measure(requested));
            }
            this.getRespSize = getResp;
            this.responseSize = nested(getResp);
            this.bodySize = nested(responseSize);
            this.size = (header == null ? 0 : nested(header.length)) + nested(bodySize);
        }

        private UspMsg.GetResp getResp() {
            return message.getBody().getResponse().getGetResp();
        }

        /** Tag, length and contents of a length-delimited field of {@code length} bytes. */
        private static int nested(int length) {
            return 1 + varintSize(length) + length;
        }

        private int measure(UspMsg.GetResp.RequestedPathResult requested) {
            int slot = reserveSize();
            int total = optionalText(requested.getRequestedPath());
            if (requested.getErrCode() != 0) {
                total += 1 + 4;
            }
            total += optionalText(requested.getErrMsg());
            for (UspMsg.GetResp.ResolvedPathResult resolved : requested.getResolvedPathResultsList()) {
                total += nested(measure(resolved));
            }
            sizes[slot] = total;
            return total;
        }

        private int measure(UspMsg.GetResp.ResolvedPathResult resolved) {
            int slot = reserveSize();
            int path = optionalText(resolved.getResolvedPath()); // its text first, in the order writeTo reads them
            entriesTotal = 0;
            // forEach, not entrySet(): the generated map is an unmodifiable view whose entry iterator wraps every
            // entry in a new object (thousands per answer, not elided under C1); forEach hands over key and value.
            resolved.getResultParamsMap().forEach(entryMeasurer);
            int total = path + entriesTotal;
            sizes[slot] = total;
            return total;
        }

        /** One map entry: its size kept for writeTo, its framed size added to {@link #entriesTotal}. */
        private void measureEntry(String key, String value) {
            int entrySize = nested(name(key)) + nested(text(value));
            addSize(entrySize);
            entriesTotal += nested(entrySize);
        }

        /** A proto3 string field: absent when empty. */
        private int optionalText(String value) {
            return value.isEmpty() ? 0 : nested(text(value));
        }

        /** Keeps the UTF-8 bytes of {@code value} for writeTo; returns their length. */
        private int text(String value) {
            return keep(value.isEmpty() ? EMPTY : value.getBytes(StandardCharsets.UTF_8));
        }

        /** A parameter name: as {@link #text}, its bytes encoded once for every answer ({@link EncodedNames}). */
        private int name(String value) {
            return keep(EncodedNames.utf8(value));
        }

        private int keep(byte[] bytes) {
            texts[textCount++] = bytes;
            return bytes.length;
        }

        private int reserveSize() {
            addSize(0);
            return sizeCount - 1;
        }

        private void addSize(int value) {
            sizes[sizeCount++] = value;
        }

        @Override
        public int size() {
            return size;
        }

        @Override
        public void writeTo(byte[] out, int offset) {
            new Writer(out, offset).write();
        }

        /** One pass of writing: cursors into the measured sizes and texts, and into the array. */
        private final class Writer {
            private final byte[] out;
            private final int end;
            private int position;
            private int nextSize;
            private int nextText;

            Writer(byte[] out, int offset) {
                this.out = out;
                this.position = offset;
                this.end = Math.addExact(offset, size);
                if (offset < 0 || end > out.length) {
                    throw new IndexOutOfBoundsException("payload of " + size + " bytes at " + offset
                            + " does not fit an array of " + out.length);
                }
            }

            void write() {
                if (header != null) {
                    lengthDelimited(MSG_HEADER, header.length);
                    copy(header);
                }
                lengthDelimited(MSG_BODY, bodySize);
                lengthDelimited(BODY_RESPONSE, responseSize);
                lengthDelimited(RESPONSE_GET_RESP, getRespSize);
                for (UspMsg.GetResp.RequestedPathResult requested : getResp().getReqPathResultsList()) {
                    write(requested);
                }
                if (position != end || nextSize != sizeCount || nextText != textCount) {
                    throw new IllegalStateException("Get response measured and written differently");
                }
            }

            private void write(UspMsg.GetResp.RequestedPathResult requested) {
                lengthDelimited(GET_RESP_REQ_PATH_RESULTS, sizes[nextSize++]);
                optionalText(REQUESTED_PATH, requested.getRequestedPath());
                int errCode = requested.getErrCode();
                if (errCode != 0) {
                    out[position++] = ERR_CODE;
                    out[position++] = (byte) errCode;
                    out[position++] = (byte) (errCode >>> 8);
                    out[position++] = (byte) (errCode >>> 16);
                    out[position++] = (byte) (errCode >>> 24);
                }
                optionalText(ERR_MSG, requested.getErrMsg());
                List<UspMsg.GetResp.ResolvedPathResult> resolvedList = requested.getResolvedPathResultsList();
                for (UspMsg.GetResp.ResolvedPathResult resolved : resolvedList) {
                    write(resolved);
                }
            }

            private void write(UspMsg.GetResp.ResolvedPathResult resolved) {
                lengthDelimited(RESOLVED_PATH_RESULTS, sizes[nextSize++]);
                optionalText(RESOLVED_PATH, resolved.getResolvedPath());
                int entries = resolved.getResultParamsCount();
                for (int i = 0; i < entries; i++) {
                    lengthDelimited(RESULT_PARAMS, sizes[nextSize++]);
                    text(ENTRY_KEY);
                    text(ENTRY_VALUE);
                }
            }

            private void optionalText(byte tag, String value) {
                if (!value.isEmpty()) {
                    text(tag);
                }
            }

            private void text(byte tag) {
                byte[] bytes = texts[nextText++];
                lengthDelimited(tag, bytes.length);
                copy(bytes);
            }

            private void copy(byte[] bytes) {
                System.arraycopy(bytes, 0, out, position, bytes.length);
                position += bytes.length;
            }

            private void lengthDelimited(byte tag, int length) {
                out[position++] = tag;
                int value = length;
                while ((value & ~0x7F) != 0) {
                    out[position++] = (byte) (value & 0x7F | 0x80);
                    value >>>= 7;
                }
                out[position++] = (byte) value;
            }
        }
    }
}
