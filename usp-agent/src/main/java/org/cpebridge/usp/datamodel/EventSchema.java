package org.cpebridge.usp.datamodel;

import java.util.List;
import java.util.Objects;

/** An event ({@code Name!}) in the Supported Data Model. */
public record EventSchema(String name, List<String> args) {
    public EventSchema {
        Objects.requireNonNull(name, "name");
        args = List.copyOf(args);
    }
}
