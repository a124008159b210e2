package org.cpebridge.usp.mtp.mqtt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.cpebridge.mqtt.RetryPolicy;
import org.cpebridge.usp.mtp.mqtt.MqttLink.Action;
import org.cpebridge.usp.mtp.mqtt.MqttLink.State;
import org.cpebridge.bytes.Bytes;
import org.junit.jupiter.api.Test;

/** Every transition of {@link MqttLink}, with the TP-469 section 11 case each one serves. */
class MqttLinkTest {
    private static final Bytes RECORD = Bytes.of((byte) 1, (byte) 2);

    private static MqttLinkConfig config(MqttVersion version, List<String> subscriptions) {
        return new MqttLinkConfig("proto::agent", version, Optional.empty(), subscriptions,
                Optional.of("usp/agent/me"), Duration.ofSeconds(60), 1, RetryPolicy.DEFAULT);
    }

    private final MqttLink v5 = new MqttLink(config(MqttVersion.V5, List.of("usp/agent/me")), () -> 0.0);

    private static MqttLink.ConnAck connAck(Optional<String> responseInformation, List<String> subscribeTopics) {
        return new MqttLink.ConnAck(Optional.empty(), responseInformation, subscribeTopics);
    }

    private MqttLink up(MqttLink link) {
        link.on(new MqttLink.Start());
        link.on(connAck(Optional.empty(), List.of()));
        link.on(new MqttLink.SubAck(List.of(true)));
        assertEquals(State.UP, link.state());
        return link;
    }

    @Test
    void tp11_2_startSendsConnectWithUspProperties() {
        MqttLink.Step step = v5.on(new MqttLink.Start());
        assertEquals(State.CONNECTING, step.state());
        assertEquals(List.of(new MqttLink.Connect("", MqttVersion.V5, Duration.ofSeconds(60),
                Map.of("usp-endpoint-id", "proto::agent"), true)), step.actions(), "R-MQTT.8, .12, .13, .14");
        MqttLink v3 = new MqttLink(config(MqttVersion.V3_1_1, List.of("x")), () -> 0.0);
        assertEquals(List.of(new MqttLink.Connect("proto::agent", MqttVersion.V3_1_1, Duration.ofSeconds(60),
                Map.of(), false)), v3.on(new MqttLink.Start()).actions());
    }

    /**
     * TP-469 11.5: a stored Client Identifier (the one a broker assigned before a restart, or a configured one) goes
     * into the first CONNECT; the agent-side storage is in UspMqttTlsIT.tp11_5_….
     */
    @Test
    void tp11_5_aStoredClientIdIsUsedInTheFirstConnect() {
        MqttLink restarted = new MqttLink(new MqttLinkConfig("proto::agent", MqttVersion.V5, Optional.of("auto-9"),
                List.of("usp/agent/me"), Optional.of("usp/agent/me"), Duration.ofSeconds(60), 1,
                RetryPolicy.DEFAULT), () -> 0.0);
        assertEquals(List.of(new MqttLink.Connect("auto-9", MqttVersion.V5, Duration.ofSeconds(60),
                Map.of("usp-endpoint-id", "proto::agent"), true)), restarted.on(new MqttLink.Start()).actions());
    }

    /**
     * TP-469 11.7: the CONNECT carries the configured Keep Alive (KeepAliveTime, default 60 s; Paho sends the
     * PINGREQs within it).
     */
    @Test
    void tp11_7_connectCarriesTheConfiguredKeepAlive() {
        MqttLink link = new MqttLink(new MqttLinkConfig("proto::agent", MqttVersion.V5, Optional.empty(),
                List.of("usp/agent/me"), Optional.of("usp/agent/me"), Duration.ofSeconds(45), 1,
                RetryPolicy.DEFAULT), () -> 0.0);
        MqttLink.Connect connect = (MqttLink.Connect) link.on(new MqttLink.Start()).actions().get(0);
        assertEquals(Duration.ofSeconds(45), connect.keepAlive());
        assertEquals(Duration.ofSeconds(60),
                ((MqttLink.Connect) v5.on(new MqttLink.Start()).actions().get(0)).keepAlive());
    }

    @Test
    void tp11_4_assignedClientIdIsSavedAndReused() {
        v5.on(new MqttLink.Start());
        MqttLink.Step step = v5.on(new MqttLink.ConnAck(Optional.of("srv-7"), Optional.empty(), List.of()));
        assertEquals(new MqttLink.SaveClientId("srv-7"), step.actions().get(0));
        v5.on(new MqttLink.ConnectionLost("gone"));
        MqttLink.Step reconnect = v5.on(new MqttLink.RetryTimer());
        assertEquals(State.CONNECTING, reconnect.state());
        assertEquals(List.of(new MqttLink.Connect("srv-7", MqttVersion.V5, Duration.ofSeconds(60),
                Map.of("usp-endpoint-id", "proto::agent"), true)), reconnect.actions(), "R-MQTT.11");
    }

    @Test
    void tp11_8_connAckLeadsToSubscribe() {
        v5.on(new MqttLink.Start());
        MqttLink.Step step = v5.on(connAck(Optional.of("resp/agent"), List.of("srv/agent")));
        assertEquals(State.SUBSCRIBING, step.state());
        assertEquals(List.of(new MqttLink.Subscribe(List.of("usp/agent/me", "srv/agent", "resp/agent"))),
                step.actions());
    }

    @Test
    void tp11_10_nothingToSubscribeDisablesTheMtp() {
        MqttLink link = new MqttLink(config(MqttVersion.V5, List.of()), () -> 0.0);
        link.on(new MqttLink.Start());
        MqttLink.Step step = link.on(connAck(Optional.empty(), List.of()));
        assertEquals(State.DISABLED, step.state());
        assertEquals(new MqttLink.Disconnect(), step.actions().get(0));
        assertTrue(((MqttLink.LinkDown) step.actions().get(1)).disabled());
        assertEquals(State.DISABLED, link.on(new MqttLink.RetryTimer()).state(), "no retry");
    }

    @Test
    void tp11_11_failureToSubscribeDisconnectsAndPublishesNothing() {
        v5.on(new MqttLink.Start());
        v5.on(connAck(Optional.empty(), List.of()));
        assertEquals(List.of(new MqttLink.Dropped("MQTT link is SUBSCRIBING, not UP")),
                v5.on(new MqttLink.Send("/usp/controller", RECORD)).actions(), "R-MQTT.17");
        MqttLink.Step step = v5.on(new MqttLink.SubAck(List.of(false)));
        assertEquals(State.WAITING_RETRY, step.state());
        assertEquals(List.of(new MqttLink.Disconnect(), new MqttLink.StartTimer(Duration.ofSeconds(5))),
                step.actions());
    }

    @Test
    void grantedSubscriptionBringsTheLinkUp() {
        v5.on(new MqttLink.Start());
        v5.on(connAck(Optional.empty(), List.of()));
        MqttLink.Step step = v5.on(new MqttLink.SubAck(List.of(false, true)));
        assertEquals(State.UP, step.state());
        assertEquals(List.of(new MqttLink.LinkUp("usp/agent/me")), step.actions(), "send Connect Records (R-MTP.6)");
        assertEquals(Optional.of("usp/agent/me"), v5.replyTopic());
    }

    @Test
    void tp11_12_and_11_15_publishOnMqtt5() {
        up(v5);
        assertEquals(List.of(new MqttLink.Publish("/usp/controller", RECORD, 1, Optional.of("usp/agent/me"),
                Optional.of("usp.msg"))), v5.on(new MqttLink.Send("/usp/controller", RECORD)).actions());
    }

    @Test
    void tp11_14_publishOnMqtt311CarriesReplyTo() {
        MqttLink v3 = up(new MqttLink(config(MqttVersion.V3_1_1, List.of("usp/agent/me/#")), () -> 0.0));
        assertEquals(List.of(new MqttLink.Publish("/usp/controller/reply-to=usp%2Fagent%2Fme", RECORD, 1,
                Optional.empty(), Optional.empty())), v3.on(new MqttLink.Send("/usp/controller", RECORD)).actions());
        assertEquals(List.of(new MqttLink.Deliver(RECORD, Optional.of("ctl/reply"))), v3.on(new MqttLink.Received(
                "usp/agent/me/reply-to=ctl%2Freply", RECORD, Optional.empty(), Optional.empty())).actions());
    }

    @Test
    void receivedRecordsAreDeliveredWithTheirReplyTopic() {
        up(v5);
        assertEquals(List.of(new MqttLink.Deliver(RECORD, Optional.of("ctl/reply"))), v5.on(new MqttLink.Received(
                "usp/agent/me", RECORD, Optional.of("ctl/reply"), Optional.of("usp.msg"))).actions());
        assertEquals(List.of(new MqttLink.Deliver(RECORD, Optional.empty())), v5.on(new MqttLink.Received(
                "usp/agent/me", RECORD, Optional.empty(), Optional.empty())).actions(),
                "usp-js: no reply topic, the agent uses the Controller's configured topic");
        assertTrue(v5.on(new MqttLink.Received("usp/agent/me", RECORD, Optional.empty(), Optional.of("text/plain")))
                .actions().get(0) instanceof MqttLink.Dropped);
    }

    @Test
    void tp11_16_connectionRetryBacksOffAndResets() {
        MqttLink link = new MqttLink(config(MqttVersion.V5, List.of("t")), () -> 0.5);
        link.on(new MqttLink.Start());
        assertEquals(List.of(new MqttLink.StartTimer(Duration.ofMillis(7500))),
                link.on(new MqttLink.ConnectFailed("refused")).actions(), "retry #1: 5-10 s");
        link.on(new MqttLink.RetryTimer());
        assertEquals(List.of(new MqttLink.StartTimer(Duration.ofSeconds(15))),
                link.on(new MqttLink.ConnectionLost("reset")).actions(), "retry #2: 10-20 s");
        link.on(new MqttLink.RetryTimer());
        link.on(connAck(Optional.empty(), List.of()));
        link.on(new MqttLink.SubAck(List.of(true)));
        MqttLink.Step lost = link.on(new MqttLink.ConnectionLost("server closed"));
        assertEquals(State.WAITING_RETRY, lost.state());
        assertEquals(List.of(new MqttLink.LinkDown("server closed", false),
                new MqttLink.StartTimer(Duration.ofMillis(7500))), lost.actions(), "R-MQTT.33; count reset when up");
    }

    /**
     * TP-469 11.6 (MQTT Message Retry): after a reboot the broker is down; the first retry comes within
     * ConnectRetryTime..2x, the second within the multiplier's next range (R-MQTT.10), and once the broker is back
     * the link comes up. Waits with random 0 and 0.999 bound each range.
     */
    @Test
    void tp11_6_atBootTheDownBrokerIsRetriedInTheRetryTable() {
        for (double random : new double[] {0.0, 0.999}) {
            MqttLink link = new MqttLink(config(MqttVersion.V5, List.of("t")), () -> random);
            link.on(new MqttLink.Start());
            Duration first = ((MqttLink.StartTimer) link.on(new MqttLink.ConnectFailed("refused")).actions().get(0))
                    .delay();
            assertTrue(first.compareTo(Duration.ofSeconds(5)) >= 0 && first.compareTo(Duration.ofSeconds(10)) <= 0,
                    "retry #1 in 5-10 s: " + first);
            assertEquals(State.CONNECTING, link.on(new MqttLink.RetryTimer()).state());
            Duration second = ((MqttLink.StartTimer) link.on(new MqttLink.ConnectFailed("refused")).actions().get(0))
                    .delay();
            assertTrue(second.compareTo(Duration.ofSeconds(10)) >= 0 && second.compareTo(Duration.ofSeconds(20)) <= 0,
                    "retry #2 in 10-20 s: " + second);
            link.on(new MqttLink.RetryTimer());
            link.on(connAck(Optional.empty(), List.of()));
            link.on(new MqttLink.SubAck(List.of(true)));
            assertEquals(State.UP, link.state(), "the broker is back");
        }
    }

    @Test
    void lostWhileSubscribingRetries() {
        v5.on(new MqttLink.Start());
        v5.on(connAck(Optional.empty(), List.of()));
        assertEquals(State.WAITING_RETRY, v5.on(new MqttLink.ConnectionLost("x")).state());
    }

    @Test
    void stopFromEveryState() {
        assertEquals(List.of(new MqttLink.LinkDown("stopped", true)), v5.on(new MqttLink.Stop()).actions(),
                "from IDLE");
        MqttLink link = up(new MqttLink(config(MqttVersion.V5, List.of("t")), () -> 0.0));
        assertEquals(List.of(new MqttLink.Disconnect(), new MqttLink.LinkDown("stopped", true)),
                link.on(new MqttLink.Stop()).actions());
        assertEquals(List.of(), link.on(new MqttLink.Stop()).actions(), "already stopped");
        assertEquals(State.STOPPED, link.on(new MqttLink.Start()).state());
    }

    @Test
    void unexpectedEventsChangeNothing() {
        assertEquals(new MqttLink.Step(State.IDLE, List.of()), v5.on(new MqttLink.SubAck(List.of(true))));
        assertEquals(new MqttLink.Step(State.IDLE, List.of()), v5.on(new MqttLink.RetryTimer()));
        up(v5);
        assertEquals(new MqttLink.Step(State.UP, List.of()), v5.on(new MqttLink.Start()));
        assertEquals(new MqttLink.Step(State.UP, List.of()), v5.on(connAck(Optional.empty(), List.of())));
    }
}
