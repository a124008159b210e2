package org.cpebridge.usp.agent.model;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.cpebridge.core.model.CommandSpec;
import org.cpebridge.core.model.Device;
import org.cpebridge.core.model.DeviceField;
import org.cpebridge.core.model.DeviceId;
import org.cpebridge.core.model.PrivacyClass;
import org.cpebridge.core.registry.DeviceRegistry;
import org.cpebridge.privacy.policy.DeviceTarget;

/**
 * Maps a USP path under {@code Device.ProxiedDevice.{i}.} to the core data behind it, for the privacy policy, which
 * knows core devices and privacy classes but not TR-181. The mapping follows {@link ProxiedDeviceProvider} and
 * {@link IotCapabilities}:
 *
 * <ul>
 *   <li>{@code ProxiedDevice.{i}.Name} and {@code Description}: IDENTITY ({@link DeviceField#NAME}, {@code VENDOR});
 *   {@code Online} and {@code X_CPEBRIDGE_LastHealthContact}: HEALTH ({@code REACHABLE}); {@code LastTimeContacted}
 *   (newest state update, so it moves with activity): ACTIVITY; the row itself, Alias, Type,
 *   ProxyProtocol and the capability count: INVENTORY ({@code TYPE}).</li>
 *   <li>{@code IoTCapability.{k}.} rows and their Alias, Name, Class, and the class object's Type, Description, Unit,
 *   ranges and ValidValues: INVENTORY of that capability.</li>
 *   <li>The class object's {@code Value}, {@code LastChange} and {@code LastContactTime}: the core attribute's own
 *   class (STATE, ENERGY, HEALTH for a battery, ...), since the times tell when the value changed.</li>
 *   <li>Its commands ({@code Toggle()}, {@code StepUp()}): the core command's class (CONTROL).</li>
 *   <li>The device's {@code X_CPEBRIDGE_CapabilityEvent!}: ACTIVITY (every core event is the household's activity;
 *   without this it would count as the device's INVENTORY and reach roles that may only see inventory).</li>
 * </ul>
 *
 * Supported Data Model paths ({@code {i}} for the device) get the class the member usually has, the more private
 * one where rows differ. Other paths have no device. Called once per permission check that the roles allow (unless
 * {@link #classOfPath} already decided it); reads the registry only, and keeps the capability rows of the device it
 * was last asked about and, made with {@link #perRequest}, the device of the object instance it was last asked about
 * in the current request. Thread-safe.
 *
 * <p>The static factories ({@link #wholeDevice}, {@link #field}, {@link #attribute}, {@link #capabilityEvent}) are
 * the same mapping for callers that already hold the device: the notifier builds the target from the core event, so
 * a notification's path is never parsed back.
 */
public final class DeviceTargets {
    private static final String PREFIX = "Device.ProxiedDevice.";
    /** Stands for "any row" in a Supported Data Model path. */
    public static final DeviceId ANY_DEVICE = DeviceId.of("usp", "any-row");

    /** A device and its IoTCapability rows: a Get walks one device's items after another. */
    private record Rows(Device device, List<IotCapabilities.Row> rows) { }

    // A field's member name, made once: field() runs for every device-level item of an answer.
    private static final java.util.Map<DeviceField, String> MEMBER_NAMES = new java.util.EnumMap<>(DeviceField.class);

    static {
        for (DeviceField field : DeviceField.values()) {
            MEMBER_NAMES.put(field, field.name().toLowerCase(java.util.Locale.ROOT));
        }
    }

    private final DeviceRegistry registry;
    private final InstanceNumbers numbers;
    // The rows of the device asked about last (the registry hands out a new Device object when one changes).
    private volatile Rows lastRows = new Rows(null, List.of());
    private record LastNumber(long number, DeviceId device) { }

    private volatile LastNumber lastNumber = new LastNumber(-1, null);

    /** The device looked up for one object instance's items, in one request. */
    private record ObjectDevice(long request, String object, Device device) { }

    // Null: every item asks the registry. Else the number of the request being handled.
    private final java.util.function.LongSupplier request;
    private volatile ObjectDevice lastObject = new ObjectDevice(-1, "", null);

    /** Mapping that asks the registry for the device on every call (the notifier's, driven by core events). */
    public DeviceTargets(DeviceRegistry registry, InstanceNumbers numbers) {
        this(registry, numbers, null);
    }

    private DeviceTargets(DeviceRegistry registry, InstanceNumbers numbers, java.util.function.LongSupplier request) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.numbers = Objects.requireNonNull(numbers, "numbers");
        this.request = request;
    }

    /**
     * Mapping for requests: the items of one object instance (a capability's {@code Value}, {@code LastChange} and
     * {@code LastContactTime}, a row's parameters), asked about one after another while a Get walks that object,
     * share one registry lookup, as long as {@code request} (a number the agent changes for each message it
     * handles) stays the same: the device a check sees was looked up for that same object moments before, in the
     * same step of the walk that reads the object's values; the next object or message looks it up again.
     */
    public static DeviceTargets perRequest(DeviceRegistry registry, InstanceNumbers numbers,
            java.util.function.LongSupplier request) {
        return new DeviceTargets(registry, numbers, Objects.requireNonNull(request, "request"));
    }

    /** The device data behind {@code path}, if the path is under a ProxiedDevice row of a known device. */
    public Optional<DeviceTarget> of(String path) {
        if (!path.startsWith(PREFIX)) {
            return Optional.empty();
        }
        // Asked once per item of an answer: the tokens are read in place rather than split into an array.
        int rowStart = PREFIX.length();
        int rowEnd = tokenEnd(path, rowStart);
        if (path.startsWith("{i}", rowStart) && rowEnd == rowStart + 3) {
            return Optional.of(supported(path.substring(rowStart).split("\\.", -1)));
        }
        long number = number(path, rowStart, rowEnd);
        if (number < 0) {
            return Optional.empty();
        }
        Device device = device(path, number);
        if (device == null) {
            return Optional.empty();
        }
        String next = rowEnd < path.length() ? path.substring(rowEnd + 1, tokenEnd(path, rowEnd + 1)) : "";
        if (next.equals(Tr181Schema.CAPABILITY_EVENT + "!")) {
            return Optional.of(capabilityEvent(device.id()));
        }
        if (!next.equals("IoTCapability")) {
            return Optional.of(deviceLevel(device, next));
        }
        int kStart = rowEnd + 1 + next.length() + 1;
        int kEnd = kStart <= path.length() ? tokenEnd(path, kStart) : -1;
        long k = kEnd < 0 ? -1 : number(path, kStart, kEnd);
        List<IotCapabilities.Row> rows = rowsOf(device);
        if (k < 1 || k > rows.size()) {
            return Optional.of(wholeDevice(device.id()));
        }
        IotCapabilities.Row row = rows.get((int) (k - 1));
        String capability = row.capability().key();
        // The member is the fifth token (IoTCapability.{k}.<Class>.<member>).
        String member = "";
        int classStart = kEnd + 1;
        if (classStart < path.length()) {
            int classEnd = tokenEnd(path, classStart);
            if (classEnd < path.length()) {
                member = path.substring(classEnd + 1, tokenEnd(path, classEnd + 1));
            }
        }
        if (member.endsWith("()")) {
            String uspCommand = member.substring(0, member.length() - 2);
            IotCapabilities.CoreCommand core = row.commands().get(uspCommand);
            String name = core == null ? uspCommand : core.name();
            PrivacyClass privacy = row.capability().command(name).map(CommandSpec::privacy)
                    .orElse(PrivacyClass.CONTROL);
            return Optional.of(new DeviceTarget(device.id(), capability, name, privacy));
        }
        if (member.equals("Value") || member.equals("LastChange") || member.equals("LastContactTime")) {
            return Optional.of(attribute(device.id(), row));
        }
        return Optional.of(new DeviceTarget(device.id(), capability, "", DeviceField.TYPE.privacy()));
    }

    /**
     * The privacy class of {@code path} when the path alone decides it, without the registry: for every path it
     * returns a class for, {@link #of} is either empty (no such device) or a target of that class. That is so for the
     * device-level parameters, the rows, the capability rows and their class objects' descriptive parameters (the
     * schema fixes their class); it returns null where the class is the core attribute's or command's (a capability's
     * {@code Value}, {@code LastChange}, {@code LastContactTime}, its commands), for Supported Data Model paths and for
     * paths that are not a device's. The access policy asks this first on every item of an answer, so that a
     * Controller whose roles reach that class needs no device lookup (docs/privacy-policy.md, "Measured").
     * Allocates nothing.
     */
    public static PrivacyClass classOfPath(String path) {
        if (!path.startsWith(PREFIX)) {
            return null;
        }
        int rowStart = PREFIX.length();
        int rowEnd = tokenEnd(path, rowStart);
        if (number(path, rowStart, rowEnd) < 0) {
            return null;
        }
        if (rowEnd >= path.length()) {
            return DeviceField.TYPE.privacy(); // of(): deviceLevel(device, "") is the whole device
        }
        int nextStart = rowEnd + 1;
        int nextEnd = tokenEnd(path, nextStart);
        if (isToken(path, nextStart, nextEnd, CAPABILITY_EVENT_TOKEN)) {
            return PrivacyClass.ACTIVITY;
        }
        if (!isToken(path, nextStart, nextEnd, "IoTCapability")) {
            return deviceLevelClass(path, nextStart, nextEnd);
        }
        // of(): a row number out of range is the whole device; in range, the member (fifth token) decides.
        int kStart = nextEnd + 1;
        if (kStart > path.length()) {
            return DeviceField.TYPE.privacy();
        }
        int kEnd = tokenEnd(path, kStart);
        int classStart = kEnd + 1;
        if (classStart < path.length()) {
            int classEnd = tokenEnd(path, classStart);
            if (classEnd < path.length()) {
                int memberStart = classEnd + 1;
                int memberEnd = tokenEnd(path, memberStart);
                if (path.startsWith("()", memberEnd - 2) && memberEnd - 2 >= memberStart
                        || isToken(path, memberStart, memberEnd, "Value")
                        || isToken(path, memberStart, memberEnd, "LastChange")
                        || isToken(path, memberStart, memberEnd, "LastContactTime")) {
                    return null;
                }
            }
        }
        return DeviceField.TYPE.privacy();
    }

    private static final String CAPABILITY_EVENT_TOKEN = Tr181Schema.CAPABILITY_EVENT + "!";

    private static boolean isToken(String path, int start, int end, String token) {
        return end - start == token.length() && path.startsWith(token, start);
    }

    /** The class {@link #deviceLevel} gives the device-level parameter {@code path} holds from start to end. */
    private static PrivacyClass deviceLevelClass(String path, int start, int end) {
        if (isToken(path, start, end, "LastTimeContacted")) {
            return PrivacyClass.ACTIVITY;
        }
        if (isToken(path, start, end, "Name")) {
            return DeviceField.NAME.privacy();
        }
        if (isToken(path, start, end, "Description")) {
            return DeviceField.VENDOR.privacy();
        }
        if (isToken(path, start, end, "Online") || isToken(path, start, end, Tr181Schema.LAST_HEALTH_CONTACT)) {
            return DeviceField.REACHABLE.privacy();
        }
        return DeviceField.TYPE.privacy();
    }

    /** The device behind the path's row number, or null: see {@link #perRequest}. */
    private Device device(String path, long number) {
        if (request == null) {
            return deviceIdOf(number).flatMap(registry::device).orElse(null);
        }
        long current = request.getAsLong();
        // The object instance: the path up to its last dot (a parameter's object, or the object path itself).
        int objectEnd = path.lastIndexOf('.') + 1;
        ObjectDevice last = lastObject;
        if (last.request() == current && last.object().length() == objectEnd && path.startsWith(last.object())) {
            return last.device();
        }
        Device found = deviceIdOf(number).flatMap(registry::device).orElse(null);
        lastObject = new ObjectDevice(current, path.substring(0, objectEnd), found);
        return found;
    }

    /**
     * The device that has the instance number: a Get asks for one device's items after another, and a number is
     * never given to another device ({@link InstanceNumbers}), so the last answer is kept. Whether the device is still
     * there is the registry's answer, asked every time.
     */
    private Optional<DeviceId> deviceIdOf(long number) {
        LastNumber last = lastNumber;
        if (last.number() == number) {
            return Optional.of(last.device());
        }
        Optional<DeviceId> found = numbers.deviceOf(number);
        found.ifPresent(id -> lastNumber = new LastNumber(number, id));
        return found;
    }

    private static int tokenEnd(String path, int start) {
        int dot = path.indexOf('.', start);
        return dot < 0 ? path.length() : dot;
    }

    /** The device's row as an object (what its ObjectCreation and ObjectDeletion announce): INVENTORY. */
    public static DeviceTarget wholeDevice(DeviceId device) {
        return new DeviceTarget(device, "", "", DeviceField.TYPE.privacy());
    }

    /** A device-level parameter backed by {@code field} ({@code Name}, {@code Online}, ...). */
    public static DeviceTarget field(DeviceId device, DeviceField field) {
        return new DeviceTarget(device, "", MEMBER_NAMES.get(field), field.privacy());
    }

    /** The {@code Value}, {@code LastChange} and {@code LastContactTime} of an IoTCapability row's class object. */
    public static DeviceTarget attribute(DeviceId device, IotCapabilities.Row row) {
        return new DeviceTarget(device, row.capability().key(), row.attribute().name(), row.attribute().privacy());
    }

    /**
     * The device's {@code X_CPEBRIDGE_CapabilityEvent!}: one event name carries every capability event of the device
     * (door opened, motion, button), the household's activity whatever the capability.
     */
    public static DeviceTarget capabilityEvent(DeviceId device) {
        return new DeviceTarget(device, "", "event", PrivacyClass.ACTIVITY);
    }

    private List<IotCapabilities.Row> rowsOf(Device device) {
        Rows last = lastRows;
        if (last.device() != device) {
            last = new Rows(device, IotCapabilities.rowsOf(device));
            lastRows = last;
        }
        return last.rows();
    }

    /**
     * A Supported Data Model path ({@code Device.ProxiedDevice.{i}.…}, as GetSupportedDM asks): no device, so the
     * class is what the member usually reveals, taking the more private class where instances differ (a Value is
     * STATE, though a power meter's is ENERGY and a battery's HEALTH). So GetSupportedDM lists to a role what Get
     * could show it, or less.
     */
    private static DeviceTarget supported(String[] tokens) {
        String next = tokens.length > 1 ? tokens[1] : "";
        String member = tokens.length > 4 && next.equals("IoTCapability") ? tokens[4] : "";
        PrivacyClass privacy;
        if (next.equals(Tr181Schema.CAPABILITY_EVENT + "!") || next.equals("LastTimeContacted")) {
            privacy = PrivacyClass.ACTIVITY;
        } else if (next.equals("Name") || next.equals("Description")) {
            privacy = PrivacyClass.IDENTITY;
        } else if (next.equals("Online") || next.equals(Tr181Schema.LAST_HEALTH_CONTACT)) {
            privacy = PrivacyClass.HEALTH;
        } else if (member.endsWith("()")) {
            privacy = PrivacyClass.CONTROL;
        } else if (member.equals("Value") || member.equals("LastChange") || member.equals("LastContactTime")) {
            privacy = PrivacyClass.STATE;
        } else {
            privacy = PrivacyClass.INVENTORY;
        }
        return new DeviceTarget(ANY_DEVICE, "", member, privacy);
    }

    private static DeviceTarget deviceLevel(Device device, String parameter) {
        DeviceField field = switch (parameter) {
            case "Name" -> DeviceField.NAME;
            case "Description" -> DeviceField.VENDOR;
            case "Online", Tr181Schema.LAST_HEALTH_CONTACT -> DeviceField.REACHABLE;
            default -> DeviceField.TYPE;
        };
        if (parameter.equals("LastTimeContacted")) {
            // The newest state update of any attribute: it moves when someone switches the device, so it tells
            // when the household is active. X_CPEBRIDGE_LastHealthContact is the health-only time.
            return new DeviceTarget(device.id(), "", "lasttimecontacted", PrivacyClass.ACTIVITY);
        }
        return parameter.isEmpty() || parameter.equals("{i}") ? wholeDevice(device.id()) : field(device.id(), field);
    }

    /** The decimal number {@code path} holds from {@code start} to {@code end}, or -1 when it is not one. */
    private static long number(String path, int start, int end) {
        if (end <= start || end - start > 18) {
            return -1;
        }
        for (int i = start; i < end; i++) {
            if (!Character.isDigit(path.charAt(i))) {
                return -1;
            }
        }
        return Long.parseLong(path, start, end, 10);
    }
}
