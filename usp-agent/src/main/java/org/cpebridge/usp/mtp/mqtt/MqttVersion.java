package org.cpebridge.usp.mtp.mqtt;

/** The MQTT protocol versions the USP MQTT binding knows (R-MQTT.1, R-MQTT.2). */
public enum MqttVersion {
    V3_1_1, V5
}
