package org.cpebridge.mqtt;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The MQTT 5 PUBLISH properties the bridge uses. Over 3.1.1 they are not sent, and received messages carry
 * {@link #NONE}.
 */
public record MessageProperties(Optional<String> responseTopic, Optional<String> contentType,
        List<UserProperty> userProperties) {

    /** No properties. */
    public static final MessageProperties NONE = new MessageProperties(Optional.empty(), Optional.empty(), List.of());

    public MessageProperties {
        Objects.requireNonNull(responseTopic, "responseTopic");
        Objects.requireNonNull(contentType, "contentType");
        userProperties = List.copyOf(userProperties);
    }

    /** Only a Response Topic and a Content Type. */
    public static MessageProperties of(Optional<String> responseTopic, Optional<String> contentType) {
        return new MessageProperties(responseTopic, contentType, List.of());
    }
}
