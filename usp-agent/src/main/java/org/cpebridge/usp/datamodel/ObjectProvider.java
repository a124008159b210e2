package org.cpebridge.usp.datamodel;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.BiConsumer;
import org.cpebridge.usp.error.UspErrors;
import org.cpebridge.usp.error.UspReasons;

/**
 * Serves the instances and values of a subtree of the data model. A {@link DataModel} mounts one provider per subtree:
 * static objects such as {@code Device.DeviceInfo.} use an {@link InMemoryObjectProvider}; objects backed by the core
 * device registry (e.g. {@code Device.ProxiedDevice.{i}.}) plug in their own implementation.
 *
 * <p>The message layer has already checked paths, types, access and permissions when it calls a provider. Calls come
 * from the agent's data-model thread; implementations need no locking unless they share state with other threads.
 * Write operations that are not supported fail with {@link DataModelException} (the defaults do). Add is synchronous
 * because only agent-owned tables (LocalAgent, subscriptions) accept it; Set, Delete and Operate may reach devices.
 */
public interface ObjectProvider {

    /** The instance numbers, in ascending order, of table {@code table} under the object {@code parent}. */
    List<Long> instances(ObjectInstance parent, ObjectSchema table);

    /** The current parameter values of {@code object} (names without path). Unknown parameters may be omitted. */
    Map<String, String> values(ObjectInstance object);

    /**
     * The same values as {@link #values}, handed to {@code sink} one by one instead of gathered in a map: a Get's
     * walk asks this for every object it answers (about 1,400 objects for 200 devices), and a map per object was a
     * large share of what such a Get allocated. By default the entries of {@link #values}.
     */
    default void forEachValue(ObjectInstance object, BiConsumer<String, String> sink) {
        values(object).forEach(sink);
    }

    /**
     * Whether a single-instance object exists. TR-181 has objects that exist only in some rows (an
     * {@code IoTCapability.{i}.} row has just the sub-object its {@code Class} names); Get, GetInstances and path
     * resolution skip an object for which this is false. Tables and static objects exist by default.
     */
    default boolean exists(ObjectInstance object) {
        return true;
    }

    /**
     * Sets parameters of one object, all or none (the values already match their types). The stage completes when the
     * values are applied, or fails with a {@link DataModelException}; a device-backed provider completes it when the
     * device has confirmed, so the data-model thread never waits on device I/O.
     */
    default CompletionStage<Void> set(ObjectInstance object, Map<String, String> values) {
        return CompletableFuture.failedFuture(new DataModelException(UspErrors.OBJECT_NOT_UPDATED,
                UspReasons.objectNotUpdated(object.path())));
    }

    /**
     * Creates a row of table {@code table} under {@code parent} with the given parameters and returns its instance
     * number. The provider assigns values to unique keys the Controller did not set (R-ADD.5).
     */
    default long add(ObjectInstance parent, ObjectSchema table, Map<String, String> values)
            throws DataModelException {
        throw new DataModelException(UspErrors.OBJECT_NOT_CREATED,
                UspReasons.objectNotCreated(parent.tablePath(table)));
    }

    /** Deletes a table row; the stage fails with a {@link DataModelException} if it cannot. */
    default CompletionStage<Void> delete(ObjectInstance row) {
        return CompletableFuture.failedFuture(new DataModelException(UspErrors.DELETE_FAILURE,
                UspReasons.couldNotDelete(row.path())));
    }

    /**
     * Runs {@code command} on {@code object}; the stage completes with the output arguments or fails with a
     * {@link DataModelException}. Synchronous commands should complete quickly; asynchronous ones may take long.
     */
    default CompletionStage<Map<String, String>> operate(ObjectInstance object, CommandSchema command,
            Map<String, String> inputArgs) {
        return CompletableFuture.failedFuture(new DataModelException(UspErrors.COMMAND_FAILURE,
                UspReasons.COMMAND_FAILED));
    }
}
