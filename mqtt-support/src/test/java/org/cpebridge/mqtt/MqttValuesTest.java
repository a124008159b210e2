package org.cpebridge.mqtt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The port's value types: ranges checked on construction, defensive copies, no password in any text. */
class MqttValuesTest {

    @Test
    void builderDefaultsAreCleanStartWithNothingOptional() {
        ConnectOptions options = ConnectOptions.builder("tcp://127.0.0.1:1883", "c1", MqttVersion.V5).build();
        assertTrue(options.cleanStart());
        assertEquals(Duration.ofSeconds(60), options.keepAlive());
        assertEquals(Duration.ofSeconds(30), options.connectTimeout());
        assertEquals(Optional.empty(), options.will());
        assertEquals(List.of(), options.userProperties());
        assertFalse(options.requestResponseInformation());
        assertEquals(20, options.maxInflight());
    }

    @Test
    void connectOptionsNeverShowThePassword() {
        ConnectOptions options = ConnectOptions.builder("tcp://127.0.0.1:1883", "c1", MqttVersion.V3_1_1)
                .credentials(Optional.of("bridge"), Optional.of("s3cret-pass")).build();
        assertTrue(options.toString().contains("bridge"), options.toString());
        assertFalse(options.toString().contains("s3cret-pass"), options.toString());
    }

    @Test
    void connectOptionsRejectOutOfRangeValues() {
        ConnectOptions.Builder builder = ConnectOptions.builder("tcp://127.0.0.1:1883", "c1", MqttVersion.V5);
        // Keep Alive is a two-byte field (MQTT 5 §3.1.2.10).
        assertThrows(IllegalArgumentException.class, () -> builder.keepAlive(Duration.ofSeconds(65536)).build());
        assertThrows(IllegalArgumentException.class, () -> builder.keepAlive(Duration.ofSeconds(-1)).build());
        builder.keepAlive(Duration.ofSeconds(30));
        assertThrows(IllegalArgumentException.class, () -> builder.connectTimeout(Duration.ofMillis(500)).build());
        builder.connectTimeout(Duration.ofSeconds(10));
        assertThrows(IllegalArgumentException.class, () -> builder.maxInflight(0).build());
        assertEquals(1000, builder.maxInflight(1000).build().maxInflight());
    }

    @Test
    void willComparesByContentAndKeepsItsOwnCopy() {
        byte[] text = "offline".getBytes(StandardCharsets.UTF_8);
        Will will = new Will("status", text, 1, true, Optional.of("text/plain"));
        text[0] = 'X';
        assertEquals("offline", new String(will.payload(), StandardCharsets.UTF_8));
        will.payload()[0] = 'Y';
        assertEquals("offline", new String(will.payload(), StandardCharsets.UTF_8));
        Will same = new Will("status", "offline".getBytes(StandardCharsets.UTF_8), 1, true, Optional.of("text/plain"));
        assertEquals(same, will);
        assertEquals(same.hashCode(), will.hashCode());
        assertNotEquals(new Will("status", "online".getBytes(StandardCharsets.UTF_8), 1, true,
                Optional.of("text/plain")), will);
        assertThrows(IllegalArgumentException.class, () -> new Will("status", text, 3, false, Optional.empty()));
        assertThrows(IllegalArgumentException.class, () -> new Will("", text, 1, false, Optional.empty()));
    }

    @Test
    void userPropertiesMayRepeatAKey() {
        // A CONNACK may name several topics with the same key (TR-369 R-MQTT.15 "subscribe-topic").
        List<UserProperty> properties = List.of(new UserProperty("subscribe-topic", "a"),
                new UserProperty("other", "x"), new UserProperty("subscribe-topic", "b"));
        assertEquals(List.of("a", "b"), UserProperty.values(properties, "subscribe-topic"));
        assertEquals(List.of(), UserProperty.values(properties, "missing"));
    }

    @Test
    void subackCodesBelow0x80AreGranted() {
        // MQTT 5 §3.9.3: 0x00-0x02 granted QoS, 0x80 and above refusals; 3.1.1 §3.9.3: 0x80 is Failure.
        assertEquals(List.of(true, true, true, false, false), Grants.of(5, new int[] {0x00, 0x01, 0x02, 0x80, 0x87}));
        assertEquals(List.of(true, true), Grants.of(2, null));
        assertEquals(List.of(false, false), Grants.none(2));
    }
}
