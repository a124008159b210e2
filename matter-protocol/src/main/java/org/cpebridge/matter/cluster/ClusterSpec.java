package org.cpebridge.matter.cluster;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Declaration of a server cluster as one endpoint exposes it: id, revision, feature map and the attributes,
 * commands and events present with those features. Data only; values live in {@link ClusterInstance}.
 *
 * @param attributes the cluster's own attributes; the global ones are added by {@link #attribute(long)}
 */
public record ClusterSpec(long id, String name, int revision, long featureMap, List<AttributeSpec> attributes,
        List<CommandSpec> commands, List<EventSpec> events) {

    public ClusterSpec {
        if (id < 0 || id > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("cluster id out of range: " + id);
        }
        Objects.requireNonNull(name, "name");
        if (revision < 1 || revision > 0xFFFF) {
            throw new IllegalArgumentException("cluster revision out of range 1..0xFFFF: " + revision);
        }
        if (featureMap < 0 || featureMap > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("feature map out of range: " + featureMap);
        }
        attributes = List.copyOf(attributes);
        commands = List.copyOf(commands);
        events = List.copyOf(events);
        Set<Long> ids = new HashSet<>();
        for (AttributeSpec attribute : attributes) {
            if (GlobalAttributes.isGlobal(attribute.id()) || !ids.add(attribute.id())) {
                throw new IllegalArgumentException(name + ": attribute id repeated or global: " + attribute.id());
            }
        }
        ids.clear();
        for (CommandSpec command : commands) {
            if (!ids.add(command.id())) {
                throw new IllegalArgumentException(name + ": command id repeated: " + command.id());
            }
        }
        ids.clear();
        for (EventSpec event : events) {
            if (!ids.add(event.id())) {
                throw new IllegalArgumentException(name + ": event id repeated: " + event.id());
            }
        }
    }

    /** Starts a declaration. */
    public static Builder builder(long id, String name, int revision) {
        return new Builder(id, name, revision);
    }

    /** The attribute with {@code attributeId}, global ones included (EventList only when asked for). */
    public Optional<AttributeSpec> attribute(long attributeId, boolean withEventList) {
        if (GlobalAttributes.isGlobal(attributeId)) {
            if (attributeId == GlobalAttributes.EVENT_LIST && !withEventList) {
                return Optional.empty();
            }
            return GlobalAttributes.ALL.stream().filter(a -> a.id() == attributeId).findFirst();
        }
        return attributes.stream().filter(a -> a.id() == attributeId).findFirst();
    }

    /** The attribute with {@code attributeId}, global ones included, EventList not. */
    public Optional<AttributeSpec> attribute(long attributeId) {
        return attribute(attributeId, false);
    }

    /** Every attribute id, global ones included, ascending: the AttributeList value. */
    public List<Long> attributeIds(boolean withEventList) {
        TreeSet<Long> ids = new TreeSet<>();
        attributes.forEach(a -> ids.add(a.id()));
        GlobalAttributes.ALL.stream().map(AttributeSpec::id)
                .filter(a -> withEventList || a != GlobalAttributes.EVENT_LIST).forEach(ids::add);
        return new ArrayList<>(ids);
    }

    /** The command with {@code commandId}. */
    public Optional<CommandSpec> command(long commandId) {
        return commands.stream().filter(c -> c.id() == commandId).findFirst();
    }

    /** Ids of the commands this server accepts, ascending: the AcceptedCommandList value. */
    public List<Long> acceptedCommands() {
        return commands.stream().map(CommandSpec::id).sorted().toList();
    }

    /** Ids of the response commands this server generates, ascending, no repeats: GeneratedCommandList. */
    public List<Long> generatedCommands() {
        return commands.stream().filter(c -> c.responseId().isPresent()).map(c -> c.responseId().getAsLong())
                .distinct().sorted().toList();
    }

    /** Ids of the events, ascending: the EventList value. */
    public List<Long> eventIds() {
        return events.stream().map(EventSpec::id).sorted().toList();
    }

    /** Fluent builder. */
    public static final class Builder {
        private final long id;
        private final String name;
        private final int revision;
        private long featureMap;
        private final List<AttributeSpec> attributes = new ArrayList<>();
        private final List<CommandSpec> commands = new ArrayList<>();
        private final List<EventSpec> events = new ArrayList<>();

        private Builder(long id, String name, int revision) {
            this.id = id;
            this.name = name;
            this.revision = revision;
        }

        /** Sets the feature map. */
        public Builder features(long bits) {
            this.featureMap = bits;
            return this;
        }

        /** Adds attributes. */
        public Builder attributes(AttributeSpec... specs) {
            attributes.addAll(List.of(specs));
            return this;
        }

        /** Adds commands. */
        public Builder commands(CommandSpec... specs) {
            commands.addAll(List.of(specs));
            return this;
        }

        /** Adds events. */
        public Builder events(EventSpec... specs) {
            events.addAll(List.of(specs));
            return this;
        }

        /** The declaration. */
        public ClusterSpec build() {
            return new ClusterSpec(id, name, revision, featureMap, attributes, commands, events);
        }
    }
}
