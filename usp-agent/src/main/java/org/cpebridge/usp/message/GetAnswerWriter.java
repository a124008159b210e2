package org.cpebridge.usp.message;

import java.util.Arrays;
import org.cpebridge.usp.proto.UspMsg;
import org.cpebridge.usp.record.Payload;

/**
 * A Get response written while the Get walks the data model, straight into one growing array of protobuf bytes,
 * instead of a tree of protobuf builders and maps that an encoder walks again: a Get of {@code Device.ProxiedDevice.}
 * over 200 devices is about 9,000 parameters in 240 kB, and the tree, the maps and each value's {@code getBytes}
 * copy were most of the megabytes such a Get allocated (docs/footprint.md, "Seventh round"), more than the router's
 * young generation holds, so the answer under construction was promoted and full collections followed.
 *
 * <p>What is written is byte for byte what protobuf writes for the same {@code GetResp} (usp-msg-1-4.proto's field
 * order, proto3's omitted defaults, every map entry with its key and value, a string's unpaired surrogate as '?', as
 * {@link String#getBytes} and protobuf both do). The one thing protobuf knows before it writes a nested message is its
 * length; here the contents of each {@code RequestedPathResult} and {@code ResolvedPathResult} are written first and
 * their tag and length kept aside as a mark (offset, tag, length), inserted when the finished payload is copied into
 * the Record ({@link #finish}). A map entry's length is known before it is written (the value's UTF-8 length is
 * counted first), so entries are written whole.
 *
 * <p>Owning thread: the thread handling one Get (the data-model thread, or the I/O loop for a small Get); the finished
 * payload is immutable and may be written into a Record on another thread (the access log's, after an audit).
 */
final class GetAnswerWriter {
    // Tags (field number << 3 | wire type); every field number is below 16, so one byte each.
    private static final byte REQ_PATH_RESULTS = 0x0A; // GetResp.req_path_results = 1, length-delimited
    private static final byte REQUESTED_PATH = 0x0A; // RequestedPathResult.requested_path = 1
    private static final byte ERR_CODE = 0x15; // RequestedPathResult.err_code = 2, fixed32
    private static final byte ERR_MSG = 0x1A; // RequestedPathResult.err_msg = 3
    private static final byte RESOLVED_PATH_RESULTS = 0x22; // RequestedPathResult.resolved_path_results = 4
    private static final byte RESOLVED_PATH = 0x0A; // ResolvedPathResult.resolved_path = 1
    private static final byte RESULT_PARAMS = 0x12; // ResolvedPathResult.result_params = 2 (map entries)
    private static final byte ENTRY_KEY = 0x0A; // map entry key = 1
    private static final byte ENTRY_VALUE = 0x12; // map entry value = 2
    private static final int MARK = 3; // ints per mark: offset in the body, tag, length
    private static final int MIN_CAPACITY = 256;

    private byte[] body;
    private int length;
    /** Where a nested message's tag and length go: triples (offset in {@link #body}, tag, length), by offset. */
    private int[] marks;
    private int markCount;
    private int requestedMark = -1;
    private int requestedStart;
    private int afterRequestedPath;
    private int resolvedMark = -1;
    private int resolvedStart;
    private boolean failed;
    private boolean holdsObjects;
    /** Whether the text last measured by {@link #utf8Length} is all ASCII (its UTF-8 bytes are its chars). */
    private boolean ascii;

    /**
     * @param capacity the bytes to expect (the previous answer's size to the same request); grown as needed
     * @param nested   the nested results to expect, likewise
     */
    GetAnswerWriter(int capacity, int nested) {
        this.body = new byte[Math.max(MIN_CAPACITY, capacity)];
        this.marks = new int[MARK * Math.max(16, nested)];
    }

    /** One {@code RequestedPathResult} written: where its bytes and marks are, and its encoded size. */
    record Requested(int firstMark, int endMark, int start, int end, int size) {
    }

    /** Opens a {@code RequestedPathResult} for {@code requestedPath}; close it with {@link #endRequested} or {@link #fail}. */
    void beginRequested(String requestedPath) {
        requestedMark = addMark(REQ_PATH_RESULTS);
        requestedStart = length;
        failed = false;
        optionalText(REQUESTED_PATH, requestedPath);
        afterRequestedPath = length;
    }

    /**
     * Opens a {@code ResolvedPathResult} for the object at {@code path} (closing the one open before it); returns the
     * path's UTF-8 length, for the response budget.
     */
    int beginResolved(String path) {
        closeResolved();
        resolvedMark = addMark(RESOLVED_PATH_RESULTS);
        resolvedStart = length;
        return optionalText(RESOLVED_PATH, path);
    }

    /**
     * One {@code result_params} entry of the open {@code ResolvedPathResult}: {@code key} is the name's UTF-8 bytes
     * ({@link EncodedNames}); returns the value's UTF-8 length, for the response budget.
     */
    int entry(byte[] key, String value) {
        int valueLength = utf8Length(value);
        boolean valueAscii = ascii;
        int entrySize = 2 + varintSize(key.length) + key.length + varintSize(valueLength) + valueLength;
        ensure(6 + entrySize);
        byte[] out = body;
        int at = length;
        out[at++] = RESULT_PARAMS;
        at = varint(out, at, entrySize);
        out[at++] = ENTRY_KEY;
        at = varint(out, at, key.length);
        System.arraycopy(key, 0, out, at, key.length);
        at += key.length;
        out[at++] = ENTRY_VALUE;
        at = varint(out, at, valueLength);
        length = encode(value, valueAscii, out, at);
        return valueLength;
    }

    /**
     * Replaces what the open {@code RequestedPathResult} holds after its requested path by an error, and closes it.
     */
    Requested fail(int errCode, String errMsg) {
        resolvedMark = -1;
        markCount = requestedMark + 1;
        length = afterRequestedPath;
        failed = true;
        if (errCode != 0) {
            ensure(5);
            body[length++] = ERR_CODE;
            body[length++] = (byte) errCode;
            body[length++] = (byte) (errCode >>> 8);
            body[length++] = (byte) (errCode >>> 16);
            body[length++] = (byte) (errCode >>> 24);
        }
        optionalText(ERR_MSG, errMsg);
        return endRequested();
    }

    /** Closes the open {@code RequestedPathResult}. */
    Requested endRequested() {
        closeResolved();
        int size = length - requestedStart;
        for (int m = requestedMark + 1; m < markCount; m++) {
            size += prefixSize(marks[m * MARK + 2]);
        }
        marks[requestedMark * MARK + 2] = size;
        if (!failed && markCount > requestedMark + 1) {
            holdsObjects = true;
        }
        Requested written = new Requested(requestedMark, markCount, requestedStart, length, size);
        requestedMark = -1;
        return written;
    }

    /** Writes a {@code RequestedPathResult} written before once more (a path the Get names again). */
    void repeat(Requested earlier) {
        int shift = length - earlier.start();
        int bytes = earlier.end() - earlier.start();
        ensure(bytes);
        System.arraycopy(body, earlier.start(), body, length, bytes);
        length += bytes;
        for (int m = earlier.firstMark(); m < earlier.endMark(); m++) {
            int mark = addMark((byte) marks[m * MARK + 1]);
            marks[mark * MARK] = marks[m * MARK] + shift;
            marks[mark * MARK + 2] = marks[m * MARK + 2];
        }
    }

    /** The bytes written so far, without the nested messages' tags and lengths (a size hint for the next Get). */
    int length() {
        return length;
    }

    /** The nested results written so far (a size hint for the next Get). */
    int marks() {
        return markCount;
    }

    /** The finished answer: a Msg with {@code header} and this {@code GetResp} as its body's response. */
    Written finish(UspMsg.Header header) {
        if (requestedMark >= 0 || resolvedMark >= 0) {
            throw new IllegalStateException("a result is still open");
        }
        // The arrays are handed over, not copied: this writer is done.
        return new Written(header.toByteArray(), body, length, marks, markCount, holdsObjects);
    }

    private void closeResolved() {
        if (resolvedMark >= 0) {
            marks[resolvedMark * MARK + 2] = length - resolvedStart;
            resolvedMark = -1;
        }
    }

    private int addMark(byte tag) {
        if ((markCount + 1) * MARK > marks.length) {
            marks = Arrays.copyOf(marks, marks.length * 2);
        }
        int mark = markCount++;
        marks[mark * MARK] = length;
        marks[mark * MARK + 1] = tag;
        return mark;
    }

    /** A proto3 string field, left out when empty; returns its UTF-8 length. */
    private int optionalText(byte tag, String value) {
        if (value.isEmpty()) {
            return 0;
        }
        int bytes = utf8Length(value);
        boolean valueAscii = ascii;
        ensure(6 + bytes);
        body[length++] = tag;
        length = varint(body, length, bytes);
        length = encode(value, valueAscii, body, length);
        return bytes;
    }

    private void ensure(int more) {
        if (length + more > body.length) {
            body = Arrays.copyOf(body, Math.max(body.length * 2, length + more));
        }
    }

    /** The UTF-8 length of {@code text} as {@link String#getBytes} encodes it; sets {@link #ascii}. */
    private int utf8Length(String text) {
        int n = text.length();
        int i = 0;
        while (i < n && text.charAt(i) < 0x80) {
            i++;
        }
        ascii = i == n;
        int bytes = i;
        for (; i < n; i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                bytes++;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (!Character.isSurrogate(c)) {
                bytes += 3;
            } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(text.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else {
                bytes++; // an unpaired surrogate: '?'
            }
        }
        return bytes;
    }

    /** Writes {@code text}'s UTF-8 bytes at {@code at}; returns the position after them. */
    @SuppressWarnings("deprecation") // String.getBytes(int, int, byte[], int): the low byte of each char, no copy made
    private static int encode(String text, boolean ascii, byte[] out, int at) {
        int n = text.length();
        if (ascii) {
            // Every char is below 0x80: its low byte is its UTF-8 encoding. For a Latin-1 string this is one
            // arraycopy, where getBytes(UTF_8) would allocate the array it copies into.
            text.getBytes(0, n, out, at);
            return at + n;
        }
        int p = at;
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                out[p++] = (byte) c;
            } else if (c < 0x800) {
                out[p++] = (byte) (0xC0 | c >>> 6);
                out[p++] = (byte) (0x80 | c & 0x3F);
            } else if (!Character.isSurrogate(c)) {
                out[p++] = (byte) (0xE0 | c >>> 12);
                out[p++] = (byte) (0x80 | c >>> 6 & 0x3F);
                out[p++] = (byte) (0x80 | c & 0x3F);
            } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(text.charAt(i + 1))) {
                int codePoint = Character.toCodePoint(c, text.charAt(++i));
                out[p++] = (byte) (0xF0 | codePoint >>> 18);
                out[p++] = (byte) (0x80 | codePoint >>> 12 & 0x3F);
                out[p++] = (byte) (0x80 | codePoint >>> 6 & 0x3F);
                out[p++] = (byte) (0x80 | codePoint & 0x3F);
            } else {
                out[p++] = '?';
            }
        }
        return p;
    }

    static int varintSize(int value) {
        // Lengths are never negative here; 7 bits a byte.
        int bits = 32 - Integer.numberOfLeadingZeros(value | 1);
        return (bits + 6) / 7;
    }

    /** A nested message's tag and length. */
    private static int prefixSize(int length) {
        return 1 + varintSize(length);
    }

    private static int varint(byte[] out, int at, int value) {
        int p = at;
        int v = value;
        while ((v & ~0x7F) != 0) {
            out[p++] = (byte) (v & 0x7F | 0x80);
            v >>>= 7;
        }
        out[p++] = (byte) v;
        return p;
    }

    /**
     * A finished Get answer as a Record's payload: the Msg's header, the outer framing (body, response, get_resp) and
     * the written bytes with the marks' tags and lengths inserted, copied into the Record's array once.
     */
    static final class Written implements Payload {
        private static final byte MSG_HEADER = 0x0A; // Msg.header = 1
        private static final byte MSG_BODY = 0x12; // Msg.body = 2
        private static final byte BODY_RESPONSE = 0x12; // Body.response = 2
        private static final byte RESPONSE_GET_RESP = 0x0A; // Response.get_resp = 1

        private final byte[] header;
        private final byte[] body;
        private final int bodyLength;
        private final int[] marks;
        private final int markCount;
        private final boolean holdsObjects;
        private final int getRespSize;
        private final int responseSize;
        private final int messageBodySize;
        private final int size;

        private Written(byte[] header, byte[] body, int bodyLength, int[] marks, int markCount, boolean holdsObjects) {
            this.header = header;
            this.body = body;
            this.bodyLength = bodyLength;
            this.marks = marks;
            this.markCount = markCount;
            this.holdsObjects = holdsObjects;
            int getResp = bodyLength;
            for (int m = 0; m < markCount; m++) {
                getResp += prefixSize(marks[m * MARK + 2]);
            }
            this.getRespSize = getResp;
            this.responseSize = prefixSize(getResp) + getResp;
            this.messageBodySize = prefixSize(responseSize) + responseSize;
            this.size = prefixSize(header.length) + header.length + prefixSize(messageBodySize) + messageBodySize;
        }

        /** Whether a requested path answered without error holds at least one object (the audit's "carries data"). */
        boolean holdsObjects() {
            return holdsObjects;
        }

        @Override
        public int size() {
            return size;
        }

        @Override
        public void writeTo(byte[] out, int offset) {
            int end = Math.addExact(offset, size);
            if (offset < 0 || end > out.length) {
                throw new IndexOutOfBoundsException("payload of " + size + " bytes at " + offset
                        + " does not fit an array of " + out.length);
            }
            int p = offset;
            out[p++] = MSG_HEADER;
            p = varint(out, p, header.length);
            System.arraycopy(header, 0, out, p, header.length);
            p += header.length;
            out[p++] = MSG_BODY;
            p = varint(out, p, messageBodySize);
            out[p++] = BODY_RESPONSE;
            p = varint(out, p, responseSize);
            out[p++] = RESPONSE_GET_RESP;
            p = varint(out, p, getRespSize);
            int copied = 0;
            for (int m = 0; m < markCount; m++) {
                int at = marks[m * MARK];
                System.arraycopy(body, copied, out, p, at - copied);
                p += at - copied;
                copied = at;
                out[p++] = (byte) marks[m * MARK + 1];
                p = varint(out, p, marks[m * MARK + 2]);
            }
            System.arraycopy(body, copied, out, p, bodyLength - copied);
            p += bodyLength - copied;
            if (p != end) {
                throw new IllegalStateException("Get answer measured and written differently");
            }
        }
    }
}
