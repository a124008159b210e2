package org.cpebridge.securetime.wire;

/**
 * A Roughtime packet or message that breaks the wire rules (framing, offsets, tag order, lengths, a missing or
 * wrongly sized field). Checked, so that every decoder's caller decides: the server drops the datagram, the client
 * counts the answer as invalid.
 */
public final class MalformedMessageException extends Exception {

    public MalformedMessageException(String message) {
        super(message);
    }
}
