package org.cpebridge.usp.datamodel;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.cpebridge.usp.error.UspErrors;
import org.cpebridge.usp.error.UspReasons;

/**
 * Keeps the values and rows of a subtree in memory. Used for static objects ({@code Device.DeviceInfo.}) and tests.
 * Parameters never written read as their schema default. On Add it assigns {@code Alias} as {@code cpe-<n>} when the
 * Controller does not set it, and rejects duplicate unique keys with 7025. Owned by the data-model thread.
 */
public final class InMemoryObjectProvider implements ObjectProvider {

    /** Runs one command; see {@link ObjectProvider#operate}. */
    @FunctionalInterface
    public interface CommandHandler {
        CompletionStage<Map<String, String>> run(ObjectInstance object, Map<String, String> inputArgs);
    }

    private final Map<String, Map<String, String>> values = new HashMap<>();
    private final Map<String, TreeSet<Long>> rows = new HashMap<>();
    private final Map<String, Long> nextNumber = new HashMap<>();
    private final Map<String, CommandHandler> commands = new HashMap<>();

    /** Stores a value directly (for start-up state and for the owning component's own updates). */
    public InMemoryObjectProvider put(String objectPath, String parameter, String value) {
        values.computeIfAbsent(objectPath, k -> new LinkedHashMap<>()).put(parameter, value);
        return this;
    }

    /** Creates row {@code number} of the table at {@code tablePath} (e.g. {@code Device.X.}) with the given values. */
    public InMemoryObjectProvider putRow(String tablePath, long number, Map<String, String> rowValues) {
        rows.computeIfAbsent(tablePath, k -> new TreeSet<>()).add(number);
        nextNumber.merge(tablePath, number + 1, Math::max);
        values.computeIfAbsent(tablePath + number + ".", k -> new LinkedHashMap<>()).putAll(rowValues);
        return this;
    }

    /** Handles the command at the Supported Data Model path {@code commandPath}, e.g. {@code Device.Reboot()}. */
    public InMemoryObjectProvider onCommand(String commandPath, CommandHandler handler) {
        commands.put(commandPath, handler);
        return this;
    }

    @Override
    public List<Long> instances(ObjectInstance parent, ObjectSchema table) {
        TreeSet<Long> numbers = rows.get(parent.tablePath(table));
        return numbers == null ? List.of() : List.copyOf(numbers);
    }

    @Override
    public Map<String, String> values(ObjectInstance object) {
        Map<String, String> stored = values.getOrDefault(object.path(), Map.of());
        Map<String, String> result = new LinkedHashMap<>();
        for (ParameterSchema p : object.schema().parameters()) {
            result.put(p.name(), stored.getOrDefault(p.name(), p.defaultValue()));
        }
        return result;
    }

    @Override
    public CompletionStage<Void> set(ObjectInstance object, Map<String, String> newValues) {
        if (object.isTableRow()) {
            Map<String, String> merged = new HashMap<>(values(object));
            merged.putAll(newValues);
            try {
                checkUniqueKeys(object.schema(), object.tablePath(), merged, object.path());
            } catch (DataModelException e) {
                return CompletableFuture.failedFuture(e);
            }
        }
        values.computeIfAbsent(object.path(), k -> new LinkedHashMap<>()).putAll(newValues);
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public long add(ObjectInstance parent, ObjectSchema table, Map<String, String> given) throws DataModelException {
        String tablePath = parent.tablePath(table);
        long number = nextNumber.getOrDefault(tablePath, 1L);
        Map<String, String> row = new LinkedHashMap<>();
        for (ParameterSchema p : table.parameters()) {
            row.put(p.name(), p.defaultValue());
        }
        if (table.parameter("Alias").isPresent() && !given.containsKey("Alias")) {
            row.put("Alias", "cpe-" + number);
        }
        row.putAll(given);
        checkUniqueKeys(table, tablePath, row, null);
        nextNumber.put(tablePath, number + 1);
        rows.computeIfAbsent(tablePath, k -> new TreeSet<>()).add(number);
        values.put(tablePath + number + ".", row);
        return number;
    }

    @Override
    public CompletionStage<Void> delete(ObjectInstance row) {
        TreeSet<Long> numbers = rows.get(row.tablePath());
        long number = row.instanceNumbers().get(row.instanceNumbers().size() - 1);
        if (numbers == null || !numbers.remove(number)) {
            return CompletableFuture.failedFuture(new DataModelException(UspErrors.OBJECT_DOES_NOT_EXIST,
                    UspReasons.objectDoesNotExist(row.path())));
        }
        String prefix = row.path();
        values.keySet().removeIf(path -> path.startsWith(prefix));
        rows.keySet().removeIf(path -> path.startsWith(prefix));
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletionStage<Map<String, String>> operate(ObjectInstance object, CommandSchema command,
            Map<String, String> inputArgs) {
        CommandHandler handler = commands.get(object.schema().path() + command.name() + "()");
        if (handler == null) {
            return CompletableFuture.failedFuture(new DataModelException(UspErrors.COMMAND_FAILURE,
                    UspReasons.COMMAND_NOT_IMPLEMENTED));
        }
        return handler.run(object, inputArgs);
    }

    private void checkUniqueKeys(ObjectSchema table, String tablePath, Map<String, String> candidate,
            String ownPath) throws DataModelException {
        TreeSet<Long> numbers = rows.get(tablePath);
        if (numbers == null) {
            return;
        }
        for (List<String> key : table.uniqueKeys()) {
            for (long n : new ArrayList<>(numbers)) {
                String otherPath = tablePath + n + ".";
                if (otherPath.equals(ownPath)) {
                    continue;
                }
                Map<String, String> other = values.getOrDefault(otherPath, Map.of());
                boolean same = true;
                for (String k : key) {
                    String otherValue = other.getOrDefault(k, table.parameter(k).map(ParameterSchema::defaultValue)
                            .orElse(""));
                    if (!otherValue.equals(candidate.get(k))) {
                        same = false;
                        break;
                    }
                }
                if (same) {
                    throw new DataModelException(UspErrors.DUPLICATE_KEY, UspReasons.duplicateKey(key));
                }
            }
        }
    }
}
