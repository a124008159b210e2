package org.cpebridge.core.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JsonTest {

    @Test
    void parsesAZigbee2MqttStatePayload() {
        Map<String, Object> state = Json.parseObject(
                "{\"state\":\"ON\",\"brightness\":254,\"color\":{\"x\":0.4573,\"y\":0.41},\"linkquality\":null,"
                        + "\"update\":{\"state\":\"idle\"},\"name\":\"K\\u00fcche \\\"1\\\"\"}");
        assertEquals("ON", state.get("state"));
        assertEquals(254L, state.get("brightness"));
        assertEquals(0.4573, ((Map<?, ?>) state.get("color")).get("x"));
        assertNull(state.get("linkquality"));
        assertEquals("Küche \"1\"", state.get("name"));
    }

    @Test
    void roundTrips() {
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("a", List.of(1L, 2.5, true, "x\ny"));
        value.put("b", null);
        value.put("c", Map.of());
        String text = Json.write(value);
        assertEquals("{\"a\":[1,2.5,true,\"x\\ny\"],\"b\":null,\"c\":{}}", text);
        assertEquals(value, Json.parse(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "{", "{\"a\":1,}", "[1,]", "{\"a\" 1}", "01", "1.", "-", "tru", "\"abc",
            "\"\\x\"", "{\"a\":1}{", "[\"\u0001\"]", "{\"a\":1,\"a\":2}", "1e", "\"\\u12\""})
    void rejectsInvalidJsonWithAJsonException(String text) {
        assertThrows(JsonException.class, () -> Json.parse(text));
    }

    @Test
    void boundsNesting() {
        String deep = "[".repeat(Json.MAX_DEPTH + 2) + "]".repeat(Json.MAX_DEPTH + 2);
        assertThrows(JsonException.class, () -> Json.parse(deep));
        String ok = "[".repeat(Json.MAX_DEPTH) + "]".repeat(Json.MAX_DEPTH);
        Json.parse(ok);
    }

    @Test
    void largeIntegersBecomeDoubles() {
        assertEquals(1.0E20, Json.parse("100000000000000000000"));
        assertEquals(123456789012345678L, Json.parse("123456789012345678"));
        assertThrows(JsonException.class, () -> Json.parse("1e999"));
    }
}
