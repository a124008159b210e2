package org.cpebridge.mqtt;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A successful CONNACK. Over 3.1.1 every field is empty.
 *
 * @param assignedClientId    the broker's Assigned Client Identifier (MQTT 5 §3.2.2.3.7)
 * @param responseInformation the Response Information asked for with Request Response Information (§3.2.2.3.15)
 * @param maximumPacketSize   the largest packet the broker accepts (§3.2.2.3.6); empty: no limit announced, which
 *                            over 5.0 means the protocol's own limit of 268,435,455 bytes
 */
public record ConnAck(Optional<String> assignedClientId, Optional<String> responseInformation,
        List<UserProperty> userProperties, OptionalLong maximumPacketSize) {

    /** A CONNACK without properties (always so over 3.1.1). */
    public static final ConnAck EMPTY = new ConnAck(Optional.empty(), Optional.empty(), List.of());

    public ConnAck {
        Objects.requireNonNull(assignedClientId, "assignedClientId");
        Objects.requireNonNull(responseInformation, "responseInformation");
        userProperties = List.copyOf(userProperties);
        Objects.requireNonNull(maximumPacketSize, "maximumPacketSize");
        if (maximumPacketSize.isPresent() && maximumPacketSize.getAsLong() <= 0) {
            throw new IllegalArgumentException("Maximum Packet Size must be positive (§3.2.2.3.6): "
                    + maximumPacketSize.getAsLong());
        }
    }

    /** A CONNACK that announced no Maximum Packet Size. */
    public ConnAck(Optional<String> assignedClientId, Optional<String> responseInformation,
            List<UserProperty> userProperties) {
        this(assignedClientId, responseInformation, userProperties, OptionalLong.empty());
    }
}
