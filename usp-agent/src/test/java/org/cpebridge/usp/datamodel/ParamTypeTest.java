package org.cpebridge.usp.datamodel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** TR-106 section 3.2 literal rules as used by Set/Add checks and search expressions. */
class ParamTypeTest {

    @Test
    void validity() {
        assertTrue(ParamType.BOOLEAN.isValid("1"));
        assertFalse(ParamType.BOOLEAN.isValid("TRUE"));
        assertTrue(ParamType.UNSIGNED_INT.isValid("4294967295"));
        assertFalse(ParamType.UNSIGNED_INT.isValid("4294967296"));
        assertFalse(ParamType.UNSIGNED_INT.isValid("-1"));
        assertTrue(ParamType.INT.isValid("-2147483648"));
        assertFalse(ParamType.INT.isValid("2147483648"));
        assertTrue(ParamType.UNSIGNED_LONG.isValid("18446744073709551615"));
        assertFalse(ParamType.UNSIGNED_LONG.isValid("18446744073709551616"));
        assertTrue(ParamType.DATE_TIME.isValid("0001-01-01T00:00:00Z"));
        assertTrue(ParamType.DATE_TIME.isValid("2021-06-06T08:00:00+02:00"));
        assertFalse(ParamType.DATE_TIME.isValid("yesterday"));
        assertTrue(ParamType.HEX_BINARY.isValid("00ff"));
        assertFalse(ParamType.HEX_BINARY.isValid("0f0"));
        assertTrue(ParamType.BASE64.isValid("AAE="));
        assertFalse(ParamType.BASE64.isValid("*"));
        assertTrue(ParamType.DECIMAL.isValid("-1.50"));
        assertFalse(ParamType.STRING.isValid(null));
    }

    @Test
    void comparisonIsByValue() {
        // "int values 123, +123 and 0123 all represent the same value, and so do boolean values 1 and true"
        // (TR-369 "Searching with Expressions")
        assertEquals(0, ParamType.INT.compare("123", "+123"));
        assertEquals(0, ParamType.INT.compare("123", "0123"));
        assertEquals(0, ParamType.BOOLEAN.compare("1", "true"));
        assertTrue(ParamType.UNSIGNED_LONG.compare("18446744073709551615", "9") > 0);
        assertEquals(0, ParamType.DECIMAL.compare("1.5", "1.50"));
        assertTrue(ParamType.DATE_TIME.compare("2021-06-06T08:00:00Z", "2021-06-06T09:00:00+02:00") > 0);
        assertThrows(IllegalArgumentException.class, () -> ParamType.INT.compare("x", "1"));
    }

    @Test
    void enumerationsAndLists() {
        ParameterSchema protocol = ParameterSchema.readWrite("Protocol", ParamType.STRING)
                .withEnumeration("MQTT", "WebSocket");
        assertTrue(protocol.accepts("MQTT"));
        assertFalse(protocol.accepts("CoAP"));
        ParameterSchema list = new ParameterSchema("Modes", ParamType.STRING, ParamAccess.READ_WRITE, false, true,
                java.util.List.of("A", "B"), "", true);
        assertTrue(list.accepts("A, B"));
        assertFalse(list.accepts("A,C"));
    }
}
