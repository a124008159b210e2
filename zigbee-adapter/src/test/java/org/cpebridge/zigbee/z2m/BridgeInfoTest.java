package org.cpebridge.zigbee.z2m;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class BridgeInfoTest {

    @Test
    void zigbee2mqtt2xBridgeInfo() {
        // Shape of Zigbee2MQTT 2.x bridge/info (docs "MQTT topics and messages", bridge/info): pan_id a number,
        // extended_pan_id a 0x string; config and config_schema trimmed here.
        BridgeInfo info = BridgeInfo.parse("{\"commit\":\"9a2b1c4\",\"coordinator\":{\"ieee_address\":"
                + "\"0x00124B0018E1F2A3\",\"meta\":{\"revision\":20230507},\"type\":\"zStack3x0\"},"
                + "\"log_level\":\"info\",\"network\":{\"channel\":15,\"extended_pan_id\":\"0xdddddddddddddddd\","
                + "\"pan_id\":6754},\"permit_join\":false,\"restart_required\":false,\"version\":\"2.1.3\"}");
        assertEquals(new BridgeInfo("0x00124b0018e1f2a3", "zStack3x0", Optional.of(15), "1a62",
                "dddddddddddddddd", "2.1.3"), info);
    }

    @Test
    void zigbee2mqtt1xNumericExtendedPanId() {
        // 1.x sent extended_pan_id as a JSON number.
        BridgeInfo info = BridgeInfo.parse("{\"coordinator\":{\"ieee_address\":\"0x00124b0018e1f2a3\","
                + "\"type\":\"EZSP v8\"},\"network\":{\"channel\":11,\"extended_pan_id\":1234605616436508552,"
                + "\"pan_id\":65534},\"version\":\"1.35.1\"}");
        assertEquals("fffe", info.panId());
        assertEquals(16, info.extendedPanId().length());
        assertEquals(Optional.of(11), info.channel());
    }

    @Test
    void oddMembersAreLeftEmpty() {
        BridgeInfo info = BridgeInfo.parse("{\"coordinator\":{\"ieee_address\":\"nope\"},\"network\":{\"channel\":"
                + "\"eleven\",\"pan_id\":70000,\"extended_pan_id\":[1]},\"version\":3}");
        assertEquals(new BridgeInfo("", "", Optional.empty(), "", "", ""), info);
        assertEquals(new BridgeInfo("", "", Optional.empty(), "", "", ""), BridgeInfo.parse("{}"));
        assertThrows(Z2mFormatException.class, () -> BridgeInfo.parse("[1,2]"));
        assertThrows(Z2mFormatException.class, () -> BridgeInfo.parse("{\"coordinator\":"));
    }
}
