package org.cpebridge.matter.message;

import java.util.Objects;
import org.cpebridge.bytes.Bytes;

/**
 * Message protection for one PASE or CASE session, in the order of Core spec 4.7 "Message Processing": on receipt,
 * de-obfuscate (P flag), decrypt and authenticate, then classify the counter and commit it only once authenticated;
 * on sending, encrypt and obfuscate. Keys come from session establishment (I2R/R2I); privacy keys are derived from
 * them. Finding the session by id is the caller's job ({@link MessageCodec#peekSessionId}).
 *
 * <p>Not thread-safe: owned by the session's serial executor. {@link #toString()} shows no key.
 */
public final class SecureSessionCodec {

    /**
     * A received message and the verdict on its counter.
     *
     * @param message the decrypted message
     * @param duplicate true if its counter was seen before: acknowledge it if asked, do not process it again
     */
    public record Opened(Message message, boolean duplicate) {
        public Opened {
            Objects.requireNonNull(message, "message");
        }
    }

    private final Bytes sendKey;
    private final Bytes receiveKey;
    private final Bytes sendPrivacyKey;
    private final Bytes receivePrivacyKey;
    private final long localNodeId;
    private final long peerNodeId;
    private final MessageReceptionState reception;

    /**
     * @param sendKey key for messages this node sends
     * @param receiveKey key for messages the peer sends
     * @param localNodeId this node's id for the nonce of what it sends (0 for PASE)
     * @param peerNodeId the peer's id for the nonce of what it sends (0 for PASE)
     */
    public SecureSessionCodec(Bytes sendKey, Bytes receiveKey,
            long localNodeId, long peerNodeId) {
        this.sendKey = checkKey(sendKey);
        this.receiveKey = checkKey(receiveKey);
        this.sendPrivacyKey = MessagePrivacy.privacyKey(sendKey);
        this.receivePrivacyKey = MessagePrivacy.privacyKey(receiveKey);
        this.localNodeId = localNodeId;
        this.peerNodeId = peerNodeId;
        this.reception = MessageReceptionState.fresh(MessageReceptionState.Policy.ENCRYPTED_UNICAST);
    }

    /** The responder's side: sends with R2I, receives with I2R. */
    public static SecureSessionCodec responder(Bytes i2rKey,
            Bytes r2iKey, long localNodeId, long peerNodeId) {
        return new SecureSessionCodec(r2iKey, i2rKey, localNodeId, peerNodeId);
    }

    /** The initiator's side: sends with I2R, receives with R2I. */
    public static SecureSessionCodec initiator(Bytes i2rKey,
            Bytes r2iKey, long localNodeId, long peerNodeId) {
        return new SecureSessionCodec(i2rKey, r2iKey, localNodeId, peerNodeId);
    }

    /** Encrypts (and obfuscates, if the header has the privacy flag) a message for the peer. */
    public byte[] seal(Message message) {
        byte[] sealed = MessageSecurity.encrypt(message, sendKey, localNodeId);
        if (!message.header().privacy()) {
            return sealed;
        }
        try {
            return MessagePrivacy.obfuscate(sealed, sendPrivacyKey);
        } catch (MessageException e) {
            throw new IllegalStateException("a message this codec just encrypted must parse", e);
        }
    }

    /**
     * Opens a datagram addressed to this session.
     *
     * @throws MessageException if it is malformed, not a unicast message, or fails authentication; the counter
     *     window is not touched then
     */
    public Opened open(byte[] datagram) throws MessageException {
        byte[] clear = (MessageCodec.peekSecurityFlags(datagram) & 0x80) != 0
                ? MessagePrivacy.deobfuscate(datagram, receivePrivacyKey) : datagram;
        MessageFrame frame = MessageCodec.decodeFrame(clear);
        if (frame.header().sessionType() != SessionType.UNICAST || frame.header().isUnsecured()) {
            throw new MessageException("not a secure unicast message");
        }
        long nonceNodeId = frame.header().sourceNodeId().orElse(peerNodeId);
        Message message = MessageSecurity.decrypt(frame, receiveKey, nonceNodeId);
        long counter = message.header().messageCounter();
        boolean duplicate = reception.check(counter) == MessageReceptionState.Verdict.DUPLICATE;
        if (!duplicate) {
            reception.commit(counter);
        }
        return new Opened(message, duplicate);
    }

    /** The duplicate-detection state of the peer's counter. */
    public MessageReceptionState reception() {
        return reception;
    }

    @Override
    public String toString() {
        return "SecureSessionCodec[local=" + Long.toHexString(localNodeId) + ", peer=" + Long.toHexString(peerNodeId)
                + ", keys=<redacted>]";
    }

    private static Bytes checkKey(Bytes key) {
        Objects.requireNonNull(key, "key");
        if (key.length() != MessageSecurity.KEY_LENGTH) {
            throw new IllegalArgumentException("session keys are 16 bytes, got " + key.length());
        }
        return key;
    }
}
