package org.cpebridge.matter.message;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import org.cpebridge.bytes.Bytes;

/**
 * The unencrypted message header (Core spec 4.4.1): session id, security flags, message counter, optional source node
 * id, optional destination and optional message extensions. The message format version is always 0; the MX flag is
 * set exactly when {@code extensions} is present.
 *
 * @param sessionId 16-bit session id; 0 with {@link SessionType#UNICAST} means an unsecured message
 * @param sessionType unicast or group
 * @param privacy P flag: header fields after the security flags are obfuscated on the wire
 * @param control C flag: a secure-session control message (message counter synchronisation)
 * @param messageCounter 32-bit message counter, 0..0xFFFFFFFF
 * @param sourceNodeId the S flag's 64-bit source node id, if present
 * @param destination no destination, a node id or a group id
 * @param extensions opaque message extensions (MX), if present; skipped by the receiver
 */
public record MessageHeader(int sessionId, SessionType sessionType, boolean privacy, boolean control,
        long messageCounter, OptionalLong sourceNodeId, Destination destination, Optional<Bytes> extensions) {

    /** Largest message counter value. */
    public static final long MAX_COUNTER = 0xFFFF_FFFFL;

    public MessageHeader {
        if (sessionId < 0 || sessionId > 0xFFFF) {
            throw new IllegalArgumentException("session id out of range 0..0xFFFF: " + sessionId);
        }
        Objects.requireNonNull(sessionType, "sessionType");
        if (messageCounter < 0 || messageCounter > MAX_COUNTER) {
            throw new IllegalArgumentException("message counter out of range 0..0xFFFFFFFF: " + messageCounter);
        }
        Objects.requireNonNull(sourceNodeId, "sourceNodeId");
        Objects.requireNonNull(destination, "destination");
        Objects.requireNonNull(extensions, "extensions");
        boolean groupDestination = destination instanceof Destination.Group;
        if (groupDestination != (sessionType == SessionType.GROUP)) {
            throw new IllegalArgumentException("a group id destination goes with, and only with, a group session");
        }
        if (extensions.isPresent() && extensions.get().length() > 0xFFFF) {
            throw new IllegalArgumentException("message extensions longer than 65535 bytes");
        }
    }

    /** An unsecured unicast header (session id 0) with no node ids, as PASE and CASE requests use. */
    public static MessageHeader unsecured(long messageCounter) {
        return new MessageHeader(0, SessionType.UNICAST, false, false, messageCounter, OptionalLong.empty(),
                Destination.none(), Optional.empty());
    }

    /** A secured unicast header with no node ids, as operational and PASE messages use. */
    public static MessageHeader secureUnicast(int sessionId, long messageCounter) {
        return new MessageHeader(sessionId, SessionType.UNICAST, false, false, messageCounter, OptionalLong.empty(),
                Destination.none(), Optional.empty());
    }

    /** True for an unsecured message: unicast session type with session id 0 (Core spec 4.4.1.2). */
    public boolean isUnsecured() {
        return sessionId == 0 && sessionType == SessionType.UNICAST;
    }

    /** The security flags octet as encoded. */
    public int securityFlags() {
        return (privacy ? 0x80 : 0) | (control ? 0x40 : 0) | (extensions.isPresent() ? 0x20 : 0) | sessionType.code();
    }

    /** The same header with another message counter. */
    public MessageHeader withMessageCounter(long counter) {
        return new MessageHeader(sessionId, sessionType, privacy, control, counter, sourceNodeId, destination,
                extensions);
    }
}
