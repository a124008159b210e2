package org.cpebridge.mqtt.link;

/** Which MQTT version a link speaks. */
public enum MqttProtocol {
    /** MQTT 5, falling back to 3.1.1 when the broker refuses 5 on the first connect. */
    AUTO,
    V5,
    V3_1_1
}
