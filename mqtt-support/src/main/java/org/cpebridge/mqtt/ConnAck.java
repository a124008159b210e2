package org.cpebridge.mqtt;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A successful CONNACK. Over 3.1.1 every field is empty.
 *
 * @param assignedClientId    the broker's Assigned Client Identifier (MQTT 5 §3.2.2.3.7)
 * @param responseInformation the Response Information asked for with Request Response Information (§3.2.2.3.15)
 */
public record ConnAck(Optional<String> assignedClientId, Optional<String> responseInformation,
        List<UserProperty> userProperties) {

    /** A CONNACK without properties (always so over 3.1.1). */
    public static final ConnAck EMPTY = new ConnAck(Optional.empty(), Optional.empty(), List.of());

    public ConnAck {
        Objects.requireNonNull(assignedClientId, "assignedClientId");
        Objects.requireNonNull(responseInformation, "responseInformation");
        userProperties = List.copyOf(userProperties);
    }
}
