package org.cpebridge.usp.record;

import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.MessageLite;
import java.io.IOException;
import java.util.Objects;

/**
 * A Record's payload whose encoded size is known before it is written: the agent checks an answer's size against the
 * MTP's limit, then {@link RecordCodec#encodeMessage(String, String, Payload)} writes the Record around it into one
 * array of exactly the right size, the payload straight into its field. Immutable once made; a payload made by
 * {@link #of} writes what the message holds at that time.
 */
public interface Payload {
    /** Encoded size in bytes. */
    int size();

    /**
     * Writes exactly {@link #size()} bytes into {@code out} from {@code offset}.
     *
     * @throws IndexOutOfBoundsException if they do not fit
     */
    void writeTo(byte[] out, int offset);

    /** The payload alone, in a new array of exactly {@link #size()} bytes. */
    default byte[] toByteArray() {
        byte[] bytes = new byte[size()];
        writeTo(bytes, 0);
        return bytes;
    }

    /** A message that protobuf encodes (its size is memoised by the message). */
    static Payload of(MessageLite message) {
        Objects.requireNonNull(message, "message");
        return new Payload() {
            @Override
            public int size() {
                return message.getSerializedSize();
            }

            @Override
            public void writeTo(byte[] out, int offset) {
                int size = size();
                CodedOutputStream writer = CodedOutputStream.newInstance(out, offset, size);
                try {
                    message.writeTo(writer);
                    writer.checkNoSpaceLeft();
                } catch (IOException e) {
                    // Room for exactly the message's own size: anything else is a bug in protobuf's sizes.
                    throw new IllegalStateException("message size computed wrongly", e);
                }
            }
        };
    }
}
