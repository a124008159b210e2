package org.cpebridge.matter.tlv;

/**
 * Malformed TLV input: truncation, a bad length, a reserved type, a misplaced tag, an unclosed or too deep
 * container.
 */
public final class TlvException extends Exception {

    private static final long serialVersionUID = 1L;

    /** Creates an exception whose message says what was wrong and where. */
    public TlvException(String message) {
        super(message);
    }
}
