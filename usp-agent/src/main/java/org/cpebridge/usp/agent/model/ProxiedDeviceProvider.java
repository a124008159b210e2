package org.cpebridge.usp.agent.model;

import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.BiConsumer;
import java.util.function.Function;
import org.cpebridge.core.model.AttributeRef;
import org.cpebridge.core.model.AttributeState;
import org.cpebridge.core.model.Device;
import org.cpebridge.core.model.PrivacyClass;
import org.cpebridge.core.model.DeviceException;
import org.cpebridge.core.model.DeviceId;
import org.cpebridge.core.model.ErrorKind;
import org.cpebridge.core.model.Value;
import org.cpebridge.core.model.ValueSpec;
import org.cpebridge.core.registry.CommandRouter;
import org.cpebridge.core.registry.DeviceRegistry;
import org.cpebridge.usp.agent.model.IotCapabilities.IotClass;
import org.cpebridge.usp.agent.model.IotCapabilities.Row;
import org.cpebridge.usp.datamodel.CommandSchema;
import org.cpebridge.usp.datamodel.DataModelException;
import org.cpebridge.usp.datamodel.ObjectInstance;
import org.cpebridge.usp.datamodel.ObjectSchema;
import org.cpebridge.usp.error.UspErrors;
import org.cpebridge.usp.error.UspReasons;

/**
 * Serves {@code Device.ProxiedDevice.{i}.} and its {@code IoTCapability.{i}.} rows from the core registry: reads come
 * from the registry's devices and states, a Set of {@code Name} renames the device, a Set of a control's
 * {@code Value} and every command go to the device through the {@link CommandRouter}. Core failures become USP
 * codes through {@link DeviceErrors}. Device answers are handed back on the agent's executor, so the message
 * handlers continue on their own thread.
 *
 * <p>A Get of the table asks for every row's objects one after another, and each capability row's objects (the row,
 * its five possible class objects, their values) need the device's IoTCapability rows: they are made once per device
 * object the registry hands out (it hands out a new one when the device changes) and kept for the last device asked
 * about, instead of once per question (issue 20). Called on the agent's data-model thread; the kept rows are
 * published through a volatile field, so a call from another thread sees either the old or the new pair.
 */
public final class ProxiedDeviceProvider implements org.cpebridge.usp.datamodel.ObjectProvider {
    /** TR-106's "unknown time". */
    static final String UNKNOWN_TIME = "0001-01-01T00:00:00Z";

    private final DeviceRegistry registry;
    private final CommandRouter commands;
    private final InstanceNumbers numbers;
    private final Executor agentExecutor;
    private final Function<DeviceId, Optional<String>> interfaceReference;

    /** A device object and its IoTCapability rows. */
    private record Rows(Device device, List<Row> rows) { }

    private volatile Rows lastRows = new Rows(null, List.of());

    private final InstantTexts instantTexts = new InstantTexts();

    /** The IoTCapability classes by their object's name. */
    private static final Map<String, IotClass> CLASSES_BY_NAME;

    static {
        Map<String, IotClass> byName = new java.util.HashMap<>();
        for (IotClass c : IotClass.values()) {
            byName.put(c.name(), c);
        }
        CLASSES_BY_NAME = Map.copyOf(byName);
    }

    public ProxiedDeviceProvider(DeviceRegistry registry, CommandRouter commands, InstanceNumbers numbers,
            Executor agentExecutor) {
        this(registry, commands, numbers, agentExecutor, id -> Optional.empty());
    }

    /** @param interfaceReference the protocol object a device is reached through ({@code InterfaceReference}) */
    public ProxiedDeviceProvider(DeviceRegistry registry, CommandRouter commands, InstanceNumbers numbers,
            Executor agentExecutor, Function<DeviceId, Optional<String>> interfaceReference) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.commands = Objects.requireNonNull(commands, "commands");
        this.numbers = Objects.requireNonNull(numbers, "numbers");
        this.agentExecutor = Objects.requireNonNull(agentExecutor, "agentExecutor");
        this.interfaceReference = Objects.requireNonNull(interfaceReference, "interfaceReference");
    }

    /** The instance number of a device, assigning one if the device is new. */
    public long numberOf(DeviceId id) {
        return numbers.numberOf(id);
    }

    /** How many devices the table has now. */
    public int count() {
        return registry.devices().size();
    }

    @Override
    public List<Long> instances(ObjectInstance parent, ObjectSchema table) {
        if (table.name().equals("ProxiedDevice")) {
            List<Long> result = new ArrayList<>();
            for (Device device : registry.devices()) {
                result.add(numbers.numberOf(device.id()));
            }
            result.sort(null);
            return result;
        }
        if (table.name().equals("IoTCapability")) {
            Optional<Device> device = device(parent);
            int rows = device.isPresent() ? rowsOf(device.get()).size() : 0;
            List<Long> result = new ArrayList<>();
            for (long k = 1; k <= rows; k++) {
                result.add(k);
            }
            return result;
        }
        return List.of();
    }

    @Override
    public boolean exists(ObjectInstance object) {
        IotClass iotClass = CLASSES_BY_NAME.get(object.schema().name());
        if (iotClass == null) {
            return true;
        }
        Row row = rowOrNull(object);
        return row != null && row.iotClass() == iotClass;
    }

    @Override
    public Map<String, String> values(ObjectInstance object) {
        Map<String, String> values = new LinkedHashMap<>();
        forEachValue(object, values::put);
        return values;
    }

    /** The values of {@link #values}, in the same order, without the map (a Get's walk files them itself). */
    @Override
    public void forEachValue(ObjectInstance object, BiConsumer<String, String> values) {
        Optional<Device> found = device(object);
        if (found.isEmpty()) {
            return;
        }
        Device device = found.get();
        String name = object.schema().name();
        if (name.equals("ProxiedDevice")) {
            values.accept("Alias", "cpe-" + object.instanceNumbers().get(0));
            values.accept("Type", IotCapabilities.deviceType(device));
            values.accept("Description", (device.vendor() + " " + device.model()).strip());
            values.accept("Name", device.name());
            values.accept("Online", Boolean.toString(device.reachable()));
            // LastTimeContacted: the newest update of any attribute. The health contact: the newest update of a
            // HEALTH-class attribute (battery, link quality), a contact time that does not move when someone switches
            // the device, for Controllers that may see health but not activity; rounded down to the hour, so even a
            // battery report sent along with a state change tells at most the hour.
            DeviceRegistry.LastUpdates contacts = registry.lastUpdates(device.id(), PrivacyClass.HEALTH);
            values.accept("LastTimeContacted", contacts.any().map(instantTexts::textOf).orElse(UNKNOWN_TIME));
            values.accept(Tr181Schema.LAST_HEALTH_CONTACT, contacts.ofClass()
                    .map(at -> instantTexts.textOf(at.truncatedTo(ChronoUnit.HOURS))).orElse(UNKNOWN_TIME));
            values.accept("InterfaceReference", interfaceReference.apply(device.id()).orElse(""));
            values.accept("ProxyProtocol", IotCapabilities.proxyProtocol(device.id().adapter()));
            values.accept("IoTCapabilityNumberOfEntries", Integer.toString(rowsOf(device).size()));
            return;
        }
        Row r = rowOf(device, object);
        if (r == null) {
            return;
        }
        if (name.equals("IoTCapability")) {
            values.accept("Alias", "cpe-" + object.instanceNumbers().get(1));
            values.accept("Name", r.name());
            values.accept("Class", r.iotClass().name());
            return;
        }
        if (CLASSES_BY_NAME.get(name) != r.iotClass()) {
            return;
        }
        Optional<AttributeState> state = registry.state(new AttributeRef(device.id(), r.capability().key(),
                r.attribute().name()));
        ValueSpec spec = r.attribute().spec();
        values.accept("Type", r.type());
        values.accept("Description", r.name());
        values.accept("Value", state.map(s -> format(s.value())).orElse(""));
        switch (r.iotClass()) {
            case LevelControl -> {
                values.accept("Unit", r.unit());
                values.accept("MinValue", spec.min() == null ? "" : trim(spec.min()));
                values.accept("MaxValue", spec.max() == null ? "" : trim(spec.max()));
                values.accept("StepValue", spec.type() == org.cpebridge.core.model.ValueType.INTEGER ? "1" : "0.5");
            }
            case EnumControl -> values.accept("ValidValues", String.join(",", spec.choices()));
            case BinarySensor, LevelSensor -> {
                String at = state.map(s -> instantTexts.textOf(s.updatedAt())).orElse(UNKNOWN_TIME);
                values.accept("LastChange", at);
                values.accept("LastContactTime", at);
                if (r.iotClass() == IotClass.LevelSensor) {
                    values.accept("Unit", r.unit());
                }
            }
            default -> {
                // BinaryControl has nothing beyond Type, Description and Value.
            }
        }
    }

    @Override
    public CompletionStage<Void> set(ObjectInstance object, Map<String, String> newValues) {
        Optional<Device> found = device(object);
        if (found.isEmpty()) {
            return CompletableFuture.failedFuture(new DataModelException(UspErrors.OBJECT_DOES_NOT_EXIST,
                    UspReasons.rowGone(object.path())));
        }
        Device device = found.get();
        try {
            if (object.schema().name().equals("ProxiedDevice")) {
                String name = newValues.get("Name");
                if (name != null) {
                    registry.rename(device.id(), name);
                }
                return CompletableFuture.completedFuture(null);
            }
            Optional<Row> row = row(object);
            String text = newValues.get("Value");
            if (row.isEmpty() || text == null) {
                return CompletableFuture.completedFuture(null);
            }
            Row r = row.get();
            Value value = parse(r.attribute().spec(), text);
            CompletableFuture<Void> write = commands.write(new AttributeRef(device.id(), r.capability().key(),
                    r.attribute().name()), value);
            return onAgent(write, DeviceErrors.Context.READ_WRITE);
        } catch (DeviceException e) {
            return CompletableFuture.failedFuture(DeviceErrors.toDataModel(e, DeviceErrors.Context.READ_WRITE));
        }
    }

    @Override
    public CompletionStage<Map<String, String>> operate(ObjectInstance object, CommandSchema command,
            Map<String, String> inputArgs) {
        Optional<Device> device = device(object);
        Optional<Row> row = row(object);
        if (device.isEmpty() || row.isEmpty()) {
            return CompletableFuture.failedFuture(new DataModelException(UspErrors.OBJECT_DOES_NOT_EXIST,
                    UspReasons.rowGone(object.path())));
        }
        IotCapabilities.CoreCommand core = row.get().commands().get(command.name());
        if (core == null) {
            return CompletableFuture.failedFuture(new DataModelException(UspErrors.COMMAND_FAILURE,
                    UspReasons.hasNoCommand(row.get().name(), command.name())));
        }
        CompletableFuture<Void> run = commands.invoke(device.get().id(), row.get().capability().key(), core.name(),
                core.arguments());
        return onAgent(run, DeviceErrors.Context.OPERATE).thenApply(ok -> Map.of());
    }

    private CompletableFuture<Void> onAgent(CompletableFuture<Void> pending, DeviceErrors.Context context) {
        CompletableFuture<Void> result = new CompletableFuture<>();
        pending.whenCompleteAsync((ok, failure) -> {
            if (failure == null) {
                result.complete(null);
            } else {
                result.completeExceptionally(DeviceErrors.toDataModel(failure, context));
            }
        }, agentExecutor);
        return result;
    }

    private Optional<Device> device(ObjectInstance object) {
        if (object.instanceNumbers().isEmpty()) {
            return Optional.empty();
        }
        // Not deviceOf(...).flatMap(registry::device): an Optional and a method reference fewer per call, and the
        // Get's walk calls this for every object it answers (C1 does not elide them).
        DeviceId id = numbers.deviceOrNull(object.instanceNumbers().get(0));
        return id == null ? Optional.empty() : registry.device(id);
    }

    private Optional<Row> row(ObjectInstance object) {
        return Optional.ofNullable(rowOrNull(object));
    }

    /** The IoTCapability row {@code object} is (or is under), or null. */
    private Row rowOrNull(ObjectInstance object) {
        if (object.instanceNumbers().size() < 2) {
            return null;
        }
        Optional<Device> device = device(object);
        return device.isPresent() ? rowOf(device.get(), object) : null;
    }

    /** The row of {@code device} that {@code object}'s second instance number names, or null. */
    private Row rowOf(Device device, ObjectInstance object) {
        if (object.instanceNumbers().size() < 2) {
            return null;
        }
        long k = object.instanceNumbers().get(1);
        List<Row> rows = rowsOf(device);
        return k >= 1 && k <= rows.size() ? rows.get((int) k - 1) : null;
    }

    /** {@link IotCapabilities#rowsOf}, kept for the device object asked about last. */
    private List<Row> rowsOf(Device device) {
        Rows last = lastRows;
        if (last.device() != device) {
            last = new Rows(device, IotCapabilities.rowsOf(device));
            lastRows = last;
        }
        return last.rows();
    }

    /** A USP string as the core value the attribute's spec expects (TR-106 literals). */
    static Value parse(ValueSpec spec, String text) {
        try {
            return switch (spec.type()) {
                case BOOLEAN -> switch (text) {
                    case "true", "1" -> Value.of(true);
                    case "false", "0" -> Value.of(false);
                    default -> throw new NumberFormatException(text);
                };
                case INTEGER, DECIMAL -> {
                    double number = Double.parseDouble(text);
                    if (Double.isNaN(number) || Double.isInfinite(number)) {
                        throw new NumberFormatException(text);
                    }
                    yield number == Math.rint(number) ? Value.of((long) number) : Value.of(number);
                }
                case TEXT, ENUM -> Value.of(text);
            };
        } catch (NumberFormatException e) {
            throw new DeviceException(ErrorKind.INVALID_VALUE, "'" + text + "' is not a " + spec.type());
        }
    }

    /** A core value as a TR-106 literal. */
    public static String format(Value value) {
        if (value instanceof Value.Decimal d) {
            return trim(d.value());
        }
        return value.toString();
    }

    private static String trim(double number) {
        return number == Math.rint(number) && Math.abs(number) < 1e15 ? Long.toString((long) number)
                : Double.toString(number);
    }
}
