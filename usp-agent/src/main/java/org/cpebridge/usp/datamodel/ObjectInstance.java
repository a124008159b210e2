package org.cpebridge.usp.datamodel;

import java.util.List;
import java.util.Objects;

/**
 * A concrete object in the Instantiated Data Model: its schema, its path with instance numbers (e.g.
 * {@code Device.LocalAgent.Controller.2.MTP.1.}), and the instance number of every table on the way.
 */
public record ObjectInstance(ObjectSchema schema, String path, List<Long> instanceNumbers) {

    public ObjectInstance {
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(path, "path");
        instanceNumbers = List.copyOf(instanceNumbers);
        if (!path.endsWith(".")) {
            throw new IllegalArgumentException("object paths end in '.': " + path);
        }
    }

    /** The instance of the root object. */
    public static ObjectInstance root(ObjectSchema root) {
        return new ObjectInstance(root, root.path(), List.of());
    }

    /** A single-instance child object. */
    public ObjectInstance child(ObjectSchema child) {
        if (child.multiInstance() || child.parent().orElse(null) != schema) {
            throw new IllegalArgumentException(child + " is not a single-instance child of " + schema);
        }
        return new ObjectInstance(child, path + child.name() + ".", instanceNumbers);
    }

    /** Instance {@code number} of the child table {@code table}. */
    public ObjectInstance instance(ObjectSchema table, long number) {
        if (!table.multiInstance() || table.parent().orElse(null) != schema) {
            throw new IllegalArgumentException(table + " is not a child table of " + schema);
        }
        // One array, then the immutable list the constructor keeps as it is (an ArrayList copy grew and was copied
        // again, for every row of every Get).
        Long[] numbers = instanceNumbers.toArray(new Long[instanceNumbers.size() + 1]);
        numbers[instanceNumbers.size()] = number;
        return new ObjectInstance(table, path + table.name() + "." + number + ".", List.of(numbers));
    }

    /** The path of child table {@code table} without an instance number, e.g. {@code Device.X.}. */
    public String tablePath(ObjectSchema table) {
        return path + table.name() + ".";
    }

    /** True if this is a row of a table. */
    public boolean isTableRow() {
        return schema.multiInstance();
    }

    /** The path of the table this row belongs to; only for {@link #isTableRow() rows}. */
    public String tablePath() {
        String withoutNumber = path.substring(0, path.length() - 1);
        return withoutNumber.substring(0, withoutNumber.lastIndexOf('.') + 1);
    }
}
