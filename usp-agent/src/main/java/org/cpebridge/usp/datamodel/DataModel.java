package org.cpebridge.usp.datamodel;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The agent's data model: the Supported Data Model tree plus the providers mounted on its subtrees. Immutable after
 * {@link Builder#build()}; the providers hold the mutable state.
 */
public final class DataModel {
    private final ObjectSchema root;
    private final Map<ObjectSchema, ObjectProvider> mounts;

    private DataModel(ObjectSchema root, Map<ObjectSchema, ObjectProvider> mounts) {
        this.root = root;
        this.mounts = Map.copyOf(mounts);
    }

    /** Starts a data model whose root object (usually {@code Device.}) is served by {@code rootProvider}. */
    public static Builder builder(ObjectSchema root, ObjectProvider rootProvider) {
        return new Builder(root).mount(root.path(), rootProvider);
    }

    public ObjectSchema root() {
        return root;
    }

    /** The root object instance. */
    public ObjectInstance rootInstance() {
        return ObjectInstance.root(root);
    }

    /** The provider serving {@code schema}: the one mounted on it or on its nearest ancestor. */
    public ObjectProvider providerFor(ObjectSchema schema) {
        for (ObjectSchema s = schema; s != null; s = s.parent().orElse(null)) {
            ObjectProvider p = mounts.get(s);
            if (p != null) {
                return p;
            }
        }
        throw new IllegalStateException("no provider for " + schema);
    }

    /** Finds a schema node by its Supported Data Model path, e.g. {@code Device.LocalAgent.Controller.{i}.}. */
    public ObjectSchema schemaAt(String supportedPath) {
        String[] parts = supportedPath.split("\\.");
        if (parts.length == 0 || !parts[0].equals(root.name())) {
            throw new IllegalArgumentException("not under " + root.path() + ": " + supportedPath);
        }
        ObjectSchema node = root;
        for (int i = 1; i < parts.length; i++) {
            if (parts[i].equals("{i}") && node.multiInstance()) {
                continue;
            }
            String name = parts[i];
            node = node.child(name).orElseThrow(() -> new IllegalArgumentException("no object " + name
                    + " in " + supportedPath));
        }
        return node;
    }

    /** Collects mounts; not thread-safe. */
    public static final class Builder {
        private final ObjectSchema root;
        private final Map<ObjectSchema, ObjectProvider> mounts = new HashMap<>();

        private Builder(ObjectSchema root) {
            this.root = Objects.requireNonNull(root, "root");
        }

        /** Serves the subtree at {@code supportedPath} (e.g. {@code Device.ProxiedDevice.{i}.}) by {@code provider}. */
        public Builder mount(String supportedPath, ObjectProvider provider) {
            Objects.requireNonNull(provider, "provider");
            DataModel partial = new DataModel(root, Map.of());
            ObjectSchema node = partial.schemaAt(supportedPath);
            if (mounts.putIfAbsent(node, provider) != null) {
                throw new IllegalArgumentException("already mounted: " + supportedPath);
            }
            return this;
        }

        public DataModel build() {
            return new DataModel(root, mounts);
        }
    }
}
