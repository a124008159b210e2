package org.cpebridge.core.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A capability of one device: a type, the part of the device it belongs to ("" for the whole device, or an endpoint
 * name such as {@code l1} for a multi-gang switch), and the attributes, commands and events this device really has
 * (a subset of the type's, ranges possibly narrowed).
 */
public record Capability(CapabilityType type, String part, List<AttributeSpec> attributes,
                         List<CommandSpec> commands, List<EventSpec> events) {

    private static final Pattern PART = Pattern.compile("[a-z0-9_]{0,16}");

    public Capability {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(part, "part");
        if (!PART.matcher(part).matches()) {
            throw new IllegalArgumentException("part must match " + PART + ": '" + part + "'");
        }
        attributes = List.copyOf(attributes);
        commands = List.copyOf(commands);
        events = List.copyOf(events);
        for (AttributeSpec attribute : attributes) {
            if (type.attributes().stream().noneMatch(a -> a.name().equals(attribute.name())
                    && a.privacy() == attribute.privacy() && a.spec().type() == attribute.spec().type())) {
                throw new IllegalArgumentException(type + " has no attribute " + attribute.name());
            }
        }
        for (CommandSpec command : commands) {
            if (!type.commands().contains(command)) {
                throw new IllegalArgumentException(type + " has no command " + command.name());
            }
        }
        for (EventSpec event : events) {
            if (!type.events().contains(event)) {
                throw new IllegalArgumentException(type + " has no event " + event.name());
            }
        }
    }

    /** The whole capability type on the whole device. */
    public static Capability of(CapabilityType type) {
        return new Capability(type, "", type.attributes(), type.commands(), type.events());
    }

    /** The same capability on a named part of the device. */
    public Capability onPart(String newPart) {
        return new Capability(type, newPart, attributes, commands, events);
    }

    /** Keeps only the named attributes (a plug that meters power but not voltage). */
    public Capability withAttributes(String... names) {
        Set<String> keep = Set.of(names);
        for (String name : keep) {
            if (attribute(name).isEmpty()) {
                throw new IllegalArgumentException(type + " has no attribute " + name);
            }
        }
        return new Capability(type, part, attributes.stream().filter(a -> keep.contains(a.name())).toList(),
                commands, events);
    }

    /** Narrows one attribute's range (a bulb whose colour temperature spans 153–500 mired). */
    public Capability withRange(String attributeName, double min, double max) {
        List<AttributeSpec> narrowed = new ArrayList<>();
        boolean found = false;
        for (AttributeSpec attribute : attributes) {
            if (attribute.name().equals(attributeName)) {
                narrowed.add(attribute.withRange(min, max));
                found = true;
            } else {
                narrowed.add(attribute);
            }
        }
        if (!found) {
            throw new IllegalArgumentException(type + " has no attribute " + attributeName);
        }
        return new Capability(type, part, narrowed, commands, events);
    }

    /** Unique within a device: the type's key, then {@code /part} when there is one. */
    public String key() {
        return part.isEmpty() ? type.key() : type.key() + "/" + part;
    }

    public Optional<AttributeSpec> attribute(String name) {
        return attributes.stream().filter(a -> a.name().equals(name)).findFirst();
    }

    public Optional<CommandSpec> command(String name) {
        return commands.stream().filter(c -> c.name().equals(name)).findFirst();
    }

    public Optional<EventSpec> event(String name) {
        return events.stream().filter(e -> e.name().equals(name)).findFirst();
    }
}
