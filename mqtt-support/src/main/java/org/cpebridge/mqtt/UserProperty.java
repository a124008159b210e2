package org.cpebridge.mqtt;

import java.util.List;
import java.util.Objects;

/** One MQTT 5 User Property; a packet may carry the same key more than once, so they travel as a list. */
public record UserProperty(String key, String value) {

    public UserProperty {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
    }

    /** The values of every property named {@code key}, in packet order. */
    public static List<String> values(List<UserProperty> properties, String key) {
        return properties.stream().filter(p -> p.key().equals(key)).map(UserProperty::value).toList();
    }
}
