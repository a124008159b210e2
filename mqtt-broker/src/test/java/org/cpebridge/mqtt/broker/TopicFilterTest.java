package org.cpebridge.mqtt.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Cases from MQTT 3.1.1 section 4.7.1 / MQTT 5 section 4.7.1 (the spec's own examples) and edge cases. */
class TopicFilterTest {

    @ParameterizedTest
    @CsvSource({
            "sport/tennis/player1/#, sport/tennis/player1, true",
            "sport/tennis/player1/#, sport/tennis/player1/ranking, true",
            "sport/tennis/player1/#, sport/tennis/player1/score/wimbledon, true",
            "sport/#, sport, true",
            "#, sport/tennis, true",
            "sport/tennis/+, sport/tennis/player1, true",
            "sport/tennis/+, sport/tennis/player1/tournament, false",
            "sport/+, sport, false",
            "sport/+, sport/, true",
            "+/+, /finance, true",
            "/+, /finance, true",
            "+, /finance, false",
            "#, $SYS/broker, false",
            "+/monitor/Clients, $SYS/monitor/Clients, false",
            "$SYS/#, $SYS/broker, true",
            "$SYS/monitor/+, $SYS/monitor/Clients, true",
            "usp/agent/+, usp/agent/os::1234, true",
            "zigbee2mqtt/+/availability, zigbee2mqtt/Kitchen lamp/availability, true",
            "zigbee2mqtt/+/availability, zigbee2mqtt/bridge/state, false"})
    void matchesAsTheSpecSays(String filter, String topic, boolean expected) {
        assertEquals(expected, TopicFilter.matches(filter, topic));
    }

    @ParameterizedTest
    @CsvSource({"sport/tennis/#, true", "sport/tennis#, false", "sport/tennis/#/ranking, false", "+, true",
            "+/tennis/#, true", "sport+, false", "sport/+/player1, true", "#, true", "'', false"})
    void validatesFilters(String filter, boolean valid) {
        assertEquals(valid, TopicFilter.isValidFilter(filter));
    }

    @ParameterizedTest
    @CsvSource({"a/b, true", "a/+, false", "a/#, false", "'', false", "/, true"})
    void validatesTopicNames(String topic, boolean valid) {
        assertEquals(valid, TopicFilter.isValidTopicName(topic));
    }

    @ParameterizedTest
    @CsvSource({
            "usp/agent/#, usp/agent/#, true",
            "usp/agent/#, usp/agent, true",
            "usp/agent/#, usp/agent/os::1/status, true",
            "usp/agent/#, usp/agent/+, true",
            "usp/agent/#, #, false",
            "usp/agent/#, usp/#, false",
            "usp/agent/#, usp/+/x, false",
            "usp/agent/#, +/agent/x, false",
            "usp/+/status, usp/a/status, true",
            "usp/+/status, usp/+/status, true",
            "usp/+/status, usp/#, false",
            "usp/+/status, usp/a/status/x, false",
            "usp/controller, usp/controller, true",
            "usp/controller, usp/+, false",
            "#, #, true",
            "+/x, +/x, true"})
    void coversOnlyNarrowerFilters(String allowed, String requested, boolean expected) {
        assertEquals(expected, TopicFilter.covers(allowed, requested));
    }
}
