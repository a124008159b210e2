package org.cpebridge.core.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The typed views of parsed values that spare callers their own unchecked casts. */
class JsonTypedViewsTest {

    @Test
    void anObjectMemberReadsAsAnObjectAndAnArrayMemberAsAnArray() {
        Map<String, Object> document = Json.parseObject("{\"definition\":{\"exposes\":[{\"property\":\"state\"}]}}");
        Map<String, Object> definition = Json.asObject(document.get("definition")).orElseThrow();
        List<Object> exposes = Json.asArray(definition.get("exposes")).orElseThrow();
        assertEquals("state", Json.asObject(exposes.get(0)).orElseThrow().get("property"));
    }

    @Test
    void anythingElseIsEmpty() {
        assertEquals(Optional.empty(), Json.asObject(Json.parse("[1]")));
        assertEquals(Optional.empty(), Json.asObject("text"));
        assertEquals(Optional.empty(), Json.asObject(null));
        assertEquals(Optional.empty(), Json.asObject(Map.of(1, "a key that is no string")));
        assertEquals(Optional.empty(), Json.asArray(Json.parse("{}")));
        assertEquals(Optional.empty(), Json.asArray(7L));
        assertEquals(Optional.empty(), Json.asArray(null));
    }

    @Test
    void requiredViewsReturnTheValueOrFailNamingTheMember() {
        Map<String, Object> document = Json.parseObject("{\"grants\":[{\"number\":1}],\"next\":2}");
        List<Object> grants = Json.requireArray(document.get("grants"), "grants");
        assertEquals(Map.of("number", 1L), Json.requireObject(grants.get(0), "grant"));

        JsonException notAnArray =
                assertThrows(JsonException.class, () -> Json.requireArray(document.get("next"), "next"));
        assertEquals("next: expected a JSON array", notAnArray.getMessage());
        JsonException missing =
                assertThrows(JsonException.class, () -> Json.requireObject(document.get("gone"), "gone"));
        assertEquals("gone: expected a JSON object", missing.getMessage());
        assertThrows(JsonException.class, () -> Json.requireObject(grants, "grants"));
        assertThrows(JsonException.class, () -> Json.requireArray(Map.of(), "map"));
    }

    @Test
    void parseObjectStillRefusesOtherValues() {
        assertThrows(JsonException.class, () -> Json.parseObject("[]"));
        assertEquals(Map.of("a", 1L), Json.parseObject("{\"a\":1}"));
    }
}
