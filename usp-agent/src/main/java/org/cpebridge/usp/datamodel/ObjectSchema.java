package org.cpebridge.usp.datamodel;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An object in the Supported Data Model: single-instance or a table ({@code {i}}), with its parameters, commands,
 * events, unique keys and child objects. Immutable once built; build a tree with {@link #builder} and
 * {@link Builder#build()} on the root.
 */
public final class ObjectSchema {
    private final String name;
    private final boolean multiInstance;
    private final ObjectAccess access;
    private final List<List<String>> uniqueKeys;
    private final Map<String, ParameterSchema> parameters;
    /** Each parameter's position in {@link #parameters()}, for a walk that files values by position. */
    private final Map<String, Integer> parameterIndexes;
    /** The parameters as a list: read by index, without the iterator (a wrapper and the map's own) a loop makes. */
    private final List<ParameterSchema> parameterList;
    /** The children as a list, likewise. */
    private final List<ObjectSchema> childList;
    private final Map<String, CommandSchema> commands;
    private final Map<String, EventSchema> events;
    private final Map<String, ObjectSchema> children;
    private final ObjectSchema parent;
    /** {@link #parent()}, made once: the Get walk asks for it at every object, and C1 does not elide the allocation. */
    private final Optional<ObjectSchema> parentOrEmpty;
    private final String path;

    private ObjectSchema(Builder b, ObjectSchema parent) {
        this.name = b.name;
        this.multiInstance = b.multiInstance;
        this.access = b.access;
        this.uniqueKeys = List.copyOf(b.uniqueKeys);
        this.parameters = Collections.unmodifiableMap(new LinkedHashMap<>(b.parameters));
        Map<String, Integer> indexes = new java.util.HashMap<>();
        for (String parameterName : b.parameters.keySet()) {
            indexes.put(parameterName, indexes.size());
        }
        this.parameterIndexes = Map.copyOf(indexes);
        this.parameterList = List.copyOf(b.parameters.values());
        this.commands = Collections.unmodifiableMap(new LinkedHashMap<>(b.commands));
        this.events = Collections.unmodifiableMap(new LinkedHashMap<>(b.events));
        this.parent = parent;
        this.parentOrEmpty = Optional.ofNullable(parent);
        this.path = (parent == null ? "" : parent.path) + name + "." + (multiInstance ? "{i}." : "");
        Map<String, ObjectSchema> built = new LinkedHashMap<>();
        for (Builder child : b.children) {
            built.put(child.name, new ObjectSchema(child, this));
        }
        this.children = Collections.unmodifiableMap(built);
        this.childList = List.copyOf(built.values());
    }

    /** Starts an object named {@code name}. */
    public static Builder builder(String name) {
        return new Builder(name);
    }

    public String name() {
        return name;
    }

    /** True for a table (Multi-Instance Object). */
    public boolean multiInstance() {
        return multiInstance;
    }

    public ObjectAccess access() {
        return access;
    }

    /** Each inner list is one unique key (one or more parameter names). */
    public List<List<String>> uniqueKeys() {
        return uniqueKeys;
    }

    public Optional<ParameterSchema> parameter(String parameterName) {
        return Optional.ofNullable(parameters.get(parameterName));
    }

    public Collection<ParameterSchema> parameters() {
        return parameters.values();
    }

    /** {@link #parameters()} as a list, in the same order (read it by index where every object of a Get reads it). */
    public List<ParameterSchema> parameterList() {
        return parameterList;
    }

    /** The position of parameter {@code parameterName} in {@link #parameters()}, or -1 if this object has none such. */
    public int parameterIndex(String parameterName) {
        Integer index = parameterIndexes.get(parameterName);
        return index == null ? -1 : index;
    }

    public Optional<CommandSchema> command(String commandName) {
        return Optional.ofNullable(commands.get(commandName));
    }

    public Collection<CommandSchema> commands() {
        return commands.values();
    }

    public Optional<EventSchema> event(String eventName) {
        return Optional.ofNullable(events.get(eventName));
    }

    public Collection<EventSchema> events() {
        return events.values();
    }

    public Optional<ObjectSchema> child(String childName) {
        return Optional.ofNullable(children.get(childName));
    }

    public Collection<ObjectSchema> children() {
        return children.values();
    }

    /** {@link #children()} as a list, in the same order (read it by index where every object of a Get reads it). */
    public List<ObjectSchema> childList() {
        return childList;
    }

    /** The enclosing object, or empty for the root. */
    public Optional<ObjectSchema> parent() {
        return parentOrEmpty;
    }

    /** The Supported Data Model path, e.g. {@code Device.LocalAgent.Controller.{i}.}. */
    public String path() {
        return path;
    }

    /** The Supported Data Model path without the trailing {@code {i}.} of a table, e.g. {@code Device.X.}. */
    public String tablePath() {
        return multiInstance ? path.substring(0, path.length() - 4) : path;
    }

    /** True if the named parameters form one of this table's unique keys. */
    public boolean isUniqueKey(Collection<String> names) {
        for (List<String> key : uniqueKeys) {
            if (key.size() == names.size() && names.containsAll(key)) {
                return true;
            }
        }
        return false;
    }

    /** True if the parameter belongs to some unique key. */
    public boolean isUniqueKeyParameter(String parameterName) {
        return uniqueKeys.stream().anyMatch(key -> key.contains(parameterName));
    }

    @Override
    public String toString() {
        return "ObjectSchema[" + path + "]";
    }

    /** Collects an object's definition; not thread-safe. */
    public static final class Builder {
        private final String name;
        private boolean multiInstance;
        private ObjectAccess access = ObjectAccess.READ_ONLY;
        private final List<List<String>> uniqueKeys = new ArrayList<>();
        private final Map<String, ParameterSchema> parameters = new LinkedHashMap<>();
        private final Map<String, CommandSchema> commands = new LinkedHashMap<>();
        private final Map<String, EventSchema> events = new LinkedHashMap<>();
        private final List<Builder> children = new ArrayList<>();

        private Builder(String name) {
            this.name = Objects.requireNonNull(name, "name");
        }

        /** Makes this object a table with the given access. */
        public Builder table(ObjectAccess tableAccess) {
            this.multiInstance = true;
            this.access = Objects.requireNonNull(tableAccess, "tableAccess");
            return this;
        }

        /** Adds a unique key made of the named parameters (declare them first). */
        public Builder uniqueKey(String... parameterNames) {
            for (String p : parameterNames) {
                if (!parameters.containsKey(p)) {
                    throw new IllegalArgumentException("unique key parameter not declared: " + p);
                }
            }
            uniqueKeys.add(List.of(parameterNames));
            return this;
        }

        public Builder parameter(ParameterSchema parameter) {
            requireUnused(parameter.name());
            parameters.put(parameter.name(), parameter);
            return this;
        }

        public Builder command(CommandSchema command) {
            // A command may share its name with a child object: paths tell them apart ("Grant()" and "Grant."),
            // and the vendor privacy object has both (Grant() makes Grant.{i}. rows).
            if (parameters.containsKey(command.name()) || commands.containsKey(command.name())
                    || events.containsKey(command.name())) {
                throw new IllegalArgumentException("duplicate name " + command.name() + " in " + name);
            }
            commands.put(command.name(), command);
            return this;
        }

        public Builder event(EventSchema event) {
            requireUnused(event.name());
            events.put(event.name(), event);
            return this;
        }

        public Builder child(Builder child) {
            if (parameters.containsKey(child.name) || events.containsKey(child.name)
                    || children.stream().anyMatch(c -> c.name.equals(child.name))) {
                throw new IllegalArgumentException("duplicate name " + child.name + " in " + name);
            }
            children.add(child);
            return this;
        }

        /** Builds this object as a root (no parent). */
        public ObjectSchema build() {
            if (multiInstance) {
                throw new IllegalStateException("the root object cannot be a table");
            }
            return new ObjectSchema(this, null);
        }

        private void requireUnused(String itemName) {
            if (parameters.containsKey(itemName) || commands.containsKey(itemName) || events.containsKey(itemName)
                    || children.stream().anyMatch(c -> c.name.equals(itemName))) {
                throw new IllegalArgumentException("duplicate name " + itemName + " in " + name);
            }
        }
    }
}
