package org.cpebridge.zigbee.z2m;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Bridge topics; payloads from Zigbee2MQTT 2.14.1 {@code extension/bridge.js}, {@code mqtt.js} and availability. */
class BridgeMessagesTest {

    @Test
    void topics() {
        assertEquals(new Z2mTopic.BridgeState(), BridgeMessages.classify("zigbee2mqtt", "zigbee2mqtt/bridge/state"));
        assertEquals(new Z2mTopic.BridgeDevices(), BridgeMessages.classify("zigbee2mqtt", "zigbee2mqtt/bridge/devices"));
        assertEquals(new Z2mTopic.BridgeEventTopic(), BridgeMessages.classify("zigbee2mqtt", "zigbee2mqtt/bridge/event"));
        assertEquals(new Z2mTopic.BridgeResponse("permit_join"),
                BridgeMessages.classify("zigbee2mqtt", "zigbee2mqtt/bridge/response/permit_join"));
        assertEquals(new Z2mTopic.BridgeInfoTopic(), BridgeMessages.classify("zigbee2mqtt", "zigbee2mqtt/bridge/info"));
        assertEquals(new Z2mTopic.BridgeOther("groups"),
                BridgeMessages.classify("zigbee2mqtt", "zigbee2mqtt/bridge/groups"));
        assertEquals(new Z2mTopic.DeviceState("living/ceiling"),
                BridgeMessages.classify("zigbee2mqtt", "zigbee2mqtt/living/ceiling"));
        assertEquals(new Z2mTopic.DeviceAvailability("living/ceiling"),
                BridgeMessages.classify("zigbee2mqtt", "zigbee2mqtt/living/ceiling/availability"));
        assertEquals(new Z2mTopic.DeviceRequest("lamp"), BridgeMessages.classify("zigbee2mqtt", "zigbee2mqtt/lamp/set"));
        assertEquals(new Z2mTopic.DeviceRequest("lamp"), BridgeMessages.classify("zigbee2mqtt", "zigbee2mqtt/lamp/get"));
        assertEquals(new Z2mTopic.DeviceRequest("lamp"),
                BridgeMessages.classify("zigbee2mqtt", "zigbee2mqtt/lamp/set/brightness"));
        assertEquals(new Z2mTopic.Foreign(), BridgeMessages.classify("zigbee2mqtt", "other/lamp"));
        assertEquals(new Z2mTopic.Foreign(), BridgeMessages.classify("zigbee2mqtt", "zigbee2mqtt/"));
    }

    @Test
    void onlineStates() {
        // mqtt.js publishes {"state":"online"} / {"state":"offline"} (also the will); 1.x published the bare word.
        assertEquals(Optional.of(true), BridgeMessages.parseOnline("{\"state\":\"online\"}"));
        assertEquals(Optional.of(false), BridgeMessages.parseOnline("{\"state\":\"offline\"}"));
        assertEquals(Optional.of(false), BridgeMessages.parseOnline("offline"));
        // availability.js clears the old topic with an empty retained payload on rename.
        assertEquals(Optional.empty(), BridgeMessages.parseOnline(""));
        for (String bad : List.of("{", "{\"state\":\"maybe\"}", "[]", "{\"state\":1}", "yes")) {
            assertThrows(Z2mFormatException.class, () -> BridgeMessages.parseOnline(bad), bad);
        }
    }

    @Test
    void events() {
        // bridge.js onDeviceJoined / onDeviceInterview / onDeviceLeave, keys sorted by util/stringify.
        assertEquals(new BridgeMessages.BridgeEvent.DeviceJoined("0x00158d0004a1b2c3", "0x00158d0004a1b2c3"),
                BridgeMessages.parseEvent("{\"data\":{\"friendly_name\":\"0x00158d0004a1b2c3\","
                        + "\"ieee_address\":\"0x00158d0004a1b2c3\"},\"type\":\"device_joined\"}"));
        assertEquals(new BridgeMessages.BridgeEvent.DeviceInterview("0x00158d0004a1b2c3", "plug", "started"),
                BridgeMessages.parseEvent("{\"data\":{\"friendly_name\":\"plug\",\"ieee_address\":"
                        + "\"0x00158d0004a1b2c3\",\"status\":\"started\"},\"type\":\"device_interview\"}"));
        assertEquals(new BridgeMessages.BridgeEvent.DeviceLeave("0x00158d0004a1b2c3", "kitchen/kettle_plug"),
                BridgeMessages.parseEvent("{\"data\":{\"friendly_name\":\"kitchen/kettle_plug\",\"ieee_address\":"
                        + "\"0x00158d0004a1b2c3\"},\"type\":\"device_leave\"}"));
        assertEquals(new BridgeMessages.BridgeEvent.Other("device_renamed"),
                BridgeMessages.parseEvent("{\"data\":{},\"type\":\"device_renamed\"}"));
        for (String bad : List.of("", "{}", "{\"type\":\"device_leave\"}",
                "{\"type\":\"device_leave\",\"data\":{\"ieee_address\":\"plug\"}}", "{\"type\":3,\"data\":{}}")) {
            assertThrows(Z2mFormatException.class, () -> BridgeMessages.parseEvent(bad), bad);
        }
    }

    @Test
    void responses() {
        // utils.js getResponse: {"data":{"time":254},"status":"ok","transaction":"abc"} (adapters.md C.5).
        BridgeMessages.Response ok = BridgeMessages.parseResponse(
                "{\"data\":{\"time\":254},\"status\":\"ok\",\"transaction\":\"abc\"}");
        assertTrue(ok.ok());
        assertEquals("abc", ok.transaction());
        assertEquals(Map.of("time", 254L), ok.data());
        BridgeMessages.Response error = BridgeMessages.parseResponse(
                "{\"data\":{},\"error\":\"Invalid payload\",\"status\":\"error\"}");
        assertFalse(error.ok());
        assertEquals("Invalid payload", error.error());
        assertThrows(Z2mFormatException.class, () -> BridgeMessages.parseResponse("{\"data\":{}}"));
    }

    @Test
    void badDeviceListsAreRejectedWhole() {
        for (String bad : List.of("", "{}", "[1]", "[{\"ieee_address\":\"nope\",\"friendly_name\":\"x\"}]",
                "[{\"ieee_address\":\"0x0000000000000001\"}]",
                "[{\"ieee_address\":\"0x0000000000000001\",\"friendly_name\":\"x\",\"definition\":{\"exposes\":[{}]}}]",
                "[{\"ieee_address\":\"0x0000000000000001\",\"friendly_name\":\"x\",\"definition\":"
                        + "{\"exposes\":[{\"type\":\"binary\",\"access\":99}]}}]")) {
            assertThrows(Z2mFormatException.class, () -> BridgeDevices.parse(bad), bad);
        }
        assertEquals(List.of(), BridgeDevices.parse("[]"));
    }

    @Test
    void deviceListElement() {
        Z2mDevice plug = Fixtures.device("ikea-plug");
        assertEquals("0x84fd27fffe1a2b3c", plug.ieeeAddress());
        assertEquals("IKEA", plug.vendor());
        assertEquals("INSPELNING Smart plug", plug.modelId());
        assertEquals("2.4.45", plug.softwareBuildId());
        assertTrue(plug.isReady());
        assertEquals(10, plug.exposes().size());
    }
}
