package org.cpebridge.mqtt;

/** The MQTT protocol version a {@link MqttClientPort} speaks. */
public enum MqttVersion {
    V3_1_1, V5
}
