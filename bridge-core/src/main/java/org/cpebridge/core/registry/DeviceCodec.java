package org.cpebridge.core.registry;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.cpebridge.core.json.Json;
import org.cpebridge.core.model.AttributeSpec;
import org.cpebridge.core.model.Capability;
import org.cpebridge.core.model.CapabilityType;
import org.cpebridge.core.model.CommandSpec;
import org.cpebridge.core.model.Device;
import org.cpebridge.core.model.DeviceId;
import org.cpebridge.core.model.DeviceKind;
import org.cpebridge.core.model.EventSpec;
import org.cpebridge.core.store.StoreException;

/**
 * The stored form of the device list (format version {@value #FORMAT_VERSION}): JSON, one object per device with
 * its capabilities as type key, part, attribute names with their ranges, command names and event names. The specs
 * themselves are not stored; they come from {@link CapabilityType}, so a build that changes a spec applies it to
 * stored devices too. {@code kind} is written only when the adapter knew it: a record without it (written before
 * kinds, or for an unspecified kind) reads as {@link DeviceKind#UNSPECIFIED}, and so does a kind this build does not
 * know (a newer build's), since the adapter reports the kind again when the device is next heard.
 * {@code excludedFromMatter} is written only when true (the household left the device out of Matter); a record
 * without it reads as false.
 */
final class DeviceCodec {

    static final int FORMAT_VERSION = 1;

    private DeviceCodec() {
    }

    static String encode(List<Device> devices) {
        List<Object> list = new ArrayList<>();
        for (Device device : devices) {
            Map<String, Object> object = new LinkedHashMap<>();
            object.put("id", device.id().toString());
            object.put("vendor", device.vendor());
            object.put("model", device.model());
            object.put("serial", device.serial());
            object.put("firmware", device.firmware());
            object.put("name", device.name());
            object.put("room", device.room());
            if (device.excludedFromMatter()) {
                object.put("excludedFromMatter", true);
            }
            if (device.kind() != DeviceKind.UNSPECIFIED) {
                object.put("kind", device.kind().key());
            }
            List<Object> capabilities = new ArrayList<>();
            for (Capability capability : device.capabilities()) {
                Map<String, Object> cap = new LinkedHashMap<>();
                cap.put("type", capability.type().key());
                cap.put("part", capability.part());
                Map<String, Object> attributes = new LinkedHashMap<>();
                for (AttributeSpec attribute : capability.attributes()) {
                    List<Object> range = new ArrayList<>();
                    range.add(attribute.spec().min());
                    range.add(attribute.spec().max());
                    attributes.put(attribute.name(), range);
                }
                cap.put("attributes", attributes);
                cap.put("commands", capability.commands().stream().map(CommandSpec::name).toList());
                cap.put("events", capability.events().stream().map(EventSpec::name).toList());
                capabilities.add(cap);
            }
            object.put("capabilities", capabilities);
            list.add(object);
        }
        return Json.write(list);
    }

    static List<Device> decode(String text) {
        try {
            List<Device> devices = new ArrayList<>();
            for (Object element : list(Json.parse(text), "devices")) {
                Map<String, Object> object = map(element, "device");
                Device.Builder builder = Device.builder(DeviceId.parse(string(object, "id")))
                        .vendor(string(object, "vendor")).model(string(object, "model"))
                        .serial(string(object, "serial")).firmware(string(object, "firmware"))
                        .name(string(object, "name")).room(string(object, "room")).kind(kind(object))
                        .excludedFromMatter(flag(object, "excludedFromMatter"));
                List<Capability> capabilities = new ArrayList<>();
                for (Object capElement : list(object.get("capabilities"), "capabilities")) {
                    capabilities.add(decodeCapability(map(capElement, "capability")));
                }
                devices.add(builder.capabilities(capabilities).build());
            }
            return devices;
        } catch (IllegalArgumentException | ClassCastException | IndexOutOfBoundsException e) {
            throw new StoreException(DeviceRegistry.RECORD + " is not a valid device list: " + e.getMessage(), e);
        }
    }

    private static Capability decodeCapability(Map<String, Object> object) {
        String typeKey = string(object, "type");
        CapabilityType type = CapabilityType.byKey(typeKey)
                .orElseThrow(() -> new IllegalArgumentException("unknown capability type " + typeKey));
        Map<String, Object> attributes = map(object.get("attributes"), "attributes");
        List<AttributeSpec> specs = new ArrayList<>();
        for (Map.Entry<String, Object> entry : attributes.entrySet()) {
            AttributeSpec base = type.attributes().stream().filter(a -> a.name().equals(entry.getKey())).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException(typeKey + " has no attribute " + entry.getKey()));
            List<Object> range = list(entry.getValue(), "range");
            specs.add(base.withRange(number(range.get(0)), number(range.get(1))));
        }
        List<Object> commandNames = list(object.get("commands"), "commands");
        List<Object> eventNames = list(object.get("events"), "events");
        return new Capability(type, string(object, "part"), specs,
                type.commands().stream().filter(c -> commandNames.contains(c.name())).toList(),
                type.events().stream().filter(e -> eventNames.contains(e.name())).toList());
    }

    private static boolean flag(Map<String, Object> object, String key) {
        Object value = object.get(key);
        if (value != null && !(value instanceof Boolean)) {
            throw new IllegalArgumentException("'" + key + "' must be true or false");
        }
        return Boolean.TRUE.equals(value);
    }

    private static DeviceKind kind(Map<String, Object> object) {
        Object value = object.get("kind");
        if (value == null) {
            return DeviceKind.UNSPECIFIED;
        }
        if (!(value instanceof String key)) {
            throw new IllegalArgumentException("'kind' must be a string");
        }
        return DeviceKind.byKey(key).orElse(DeviceKind.UNSPECIFIED);
    }

    private static Double number(Object value) {
        return value == null ? null : ((Number) value).doubleValue();
    }

    private static String string(Map<String, Object> object, String key) {
        Object value = object.get(key);
        if (!(value instanceof String s)) {
            throw new IllegalArgumentException("'" + key + "' must be a string");
        }
        return s;
    }

    private static Map<String, Object> map(Object value, String what) {
        return Json.asObject(value).orElseThrow(() -> new IllegalArgumentException(what + " must be an object"));
    }

    private static List<Object> list(Object value, String what) {
        return Json.asArray(value).orElseThrow(() -> new IllegalArgumentException(what + " must be an array"));
    }
}
