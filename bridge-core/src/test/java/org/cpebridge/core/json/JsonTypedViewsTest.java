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
    void parseObjectStillRefusesOtherValues() {
        assertThrows(JsonException.class, () -> Json.parseObject("[]"));
        assertEquals(Map.of("a", 1L), Json.parseObject("{\"a\":1}"));
    }
}
