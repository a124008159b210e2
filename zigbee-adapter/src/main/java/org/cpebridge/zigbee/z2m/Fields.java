package org.cpebridge.zigbee.z2m;

import java.util.List;
import java.util.Map;
import org.cpebridge.core.json.Json;
import org.cpebridge.core.json.JsonException;

/** Typed reads of parsed JSON members; a member of the wrong type is a {@link Z2mFormatException}. */
final class Fields {

    private Fields() {
    }

    static Object parse(String text) {
        try {
            return Json.parse(text);
        } catch (JsonException e) {
            throw new Z2mFormatException("not JSON: " + e.getMessage(), e);
        }
    }

    static Map<String, Object> object(Object value, String what) {
        return Json.asObject(value).orElseThrow(() -> new Z2mFormatException(what + ": expected an object"));
    }

    static Map<String, Object> parseObject(String text, String what) {
        return object(parse(text), what);
    }

    static List<Object> list(Object value, String what) {
        return Json.asArray(value).orElseThrow(() -> new Z2mFormatException(what + ": expected an array"));
    }

    static String string(Map<String, Object> object, String name, String what) {
        Object value = object.get(name);
        if (value instanceof String s) {
            return s;
        }
        throw new Z2mFormatException(what + ": '" + name + "' must be a string");
    }

    static String optString(Map<String, Object> object, String name) {
        return object.get(name) instanceof String s ? s : "";
    }

    static Double optNumber(Map<String, Object> object, String name) {
        return object.get(name) instanceof Number n ? n.doubleValue() : null;
    }

    static boolean optBoolean(Map<String, Object> object, String name, boolean otherwise) {
        return object.get(name) instanceof Boolean b ? b : otherwise;
    }
}
