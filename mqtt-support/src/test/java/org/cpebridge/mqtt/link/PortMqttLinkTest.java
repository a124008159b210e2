package org.cpebridge.mqtt.link;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.cpebridge.mqtt.ConnAck;
import org.cpebridge.mqtt.ConnectOptions;
import org.cpebridge.mqtt.MessageProperties;
import org.cpebridge.mqtt.MqttClientPort;
import org.cpebridge.mqtt.MqttPortException;
import org.cpebridge.mqtt.MqttVersion;
import org.junit.jupiter.api.Test;

/**
 * The reconnecting link's connection life cycle (the Zigbee adapter's and simulator's) over a scripted client port
 * and a manual clock: connect then subscribe,
 * the doubling back-off and its reset, the watchdog, stale callbacks, the protocol hand-over, close and kill.
 */
class PortMqttLinkTest {
    private static final List<String> FILTERS = List.of("zigbee2mqtt/#");

    private final ManualTimer scheduler = new ManualTimer();
    private final List<FakePort> ports = new ArrayList<>();
    private final List<String> heard = new ArrayList<>();

    private PortMqttLink link(String username, Duration min, Duration max) {
        MqttLinkSettings settings = new MqttLinkSettings("tcp://127.0.0.1:1883", "cpe-bridge-zigbee", username, "pw",
                FILTERS, "bridge/will", "offline".getBytes(StandardCharsets.UTF_8), true, min, max, 30);
        return new PortMqttLink(settings, MqttVersion.V5, scheduler, new MqttLink.Listener() {
            @Override
            public void connected() {
                heard.add("connected");
            }

            @Override
            public void disconnected(String reason) {
                heard.add("down: " + reason);
            }

            @Override
            public void message(String topic, byte[] payload, boolean retained) {
                heard.add(topic + "=" + new String(payload, StandardCharsets.UTF_8) + (retained ? " (retained)" : ""));
            }
        }, (options, listener) -> {
            FakePort port = new FakePort(options, listener);
            ports.add(port);
            return port;
        });
    }

    private PortMqttLink link() {
        return link("", Duration.ofSeconds(1), Duration.ofSeconds(5));
    }

    private FakePort last() {
        return ports.get(ports.size() - 1);
    }

    /** The current attempt's port accepts the CONNECT and grants every filter. */
    private void accept() {
        FakePort port = last();
        port.connected = true;
        port.listener.connected(ConnAck.EMPTY);
        port.listener.subscribed(List.of(true));
    }

    @Test
    void connectsThenSubscribesThenReportsConnected() {
        PortMqttLink link = link();
        assertEquals(1, ports.size(), "the first client is made up front, so a bad URI fails at once");
        ConnectOptions options = last().options;
        assertEquals(MqttVersion.V5, options.version());
        assertEquals("cpe-bridge-zigbee", options.clientId());
        assertEquals(Duration.ofSeconds(30), options.keepAlive());
        assertEquals(1000, options.maxInflight());
        assertTrue(options.cleanStart());
        assertEquals(Optional.empty(), options.username(), "no username: no credentials at all");
        assertEquals(Optional.empty(), options.password());
        assertEquals("bridge/will", options.will().orElseThrow().topic());
        assertTrue(options.will().orElseThrow().retained());

        link.start();
        assertEquals(1, last().connects);
        last().listener.connected(ConnAck.EMPTY);
        assertEquals(List.of(FILTERS), last().subscriptions);
        assertEquals(List.of(), heard, "not connected before the SUBACK");
        last().listener.subscribed(List.of(true));
        assertEquals(List.of("connected"), heard);

        last().listener.message("zigbee2mqtt/bridge/state", "online".getBytes(StandardCharsets.UTF_8), true,
                MessageProperties.NONE);
        assertEquals("zigbee2mqtt/bridge/state=online (retained)", heard.get(1));
    }

    @Test
    void credentialsGoOnlyWithAUsername() {
        link("bridge", Duration.ofSeconds(1), Duration.ofSeconds(5));
        assertEquals(Optional.of("bridge"), last().options.username());
        assertEquals(Optional.of("pw"), last().options.password());
    }

    @Test
    void failuresBackOffDoublingUpToTheMaxAndAConnectResetsIt() {
        PortMqttLink link = link();
        link.start();
        long[] expectedMillis = {1000, 2000, 4000, 5000, 5000};
        for (long wait : expectedMillis) {
            int before = ports.size();
            last().listener.connectFailed("refused", false);
            scheduler.advance(Duration.ofMillis(wait - 1));
            assertEquals(before, ports.size(), "no new attempt before " + wait + " ms");
            scheduler.advance(Duration.ofMillis(1));
            assertEquals(before + 1, ports.size(), "a fresh client after " + wait + " ms");
            assertTrue(ports.get(before - 1).closed, "the failed attempt's client is released");
            assertEquals(1, last().connects);
        }
        assertEquals("down: cannot connect to tcp://127.0.0.1:1883: refused", heard.get(0));

        accept();
        last().connected = false;
        last().listener.lost("broker went away");
        assertEquals("down: connection lost: broker went away", heard.get(heard.size() - 1));
        int before = ports.size();
        scheduler.advance(Duration.ofMillis(1000));
        assertEquals(before + 1, ports.size(), "after a connect the back-off starts again at the minimum");
    }

    @Test
    void aSubackGrantingNothingIsAFailedConnect() {
        PortMqttLink link = link();
        link.start();
        last().listener.connected(ConnAck.EMPTY);
        last().listener.subscribed(List.of(false));
        assertTrue(last().closed);
        assertEquals(List.of("down: subscribe failed: no filter granted"), heard);
        scheduler.advance(Duration.ofSeconds(1));
        assertEquals(2, ports.size());
    }

    @Test
    void callbacksOfAReplacedAttemptAreIgnored() {
        PortMqttLink link = link();
        link.start();
        FakePort first = last();
        first.listener.connectFailed("refused", false);
        scheduler.advance(Duration.ofSeconds(1));
        accept();
        heard.clear();
        int pending = scheduler.pendingTasks();

        first.listener.message("zigbee2mqtt/x", new byte[] {'1'}, false, MessageProperties.NONE);
        first.listener.lost("late news from the old connection");
        first.listener.connected(ConnAck.EMPTY);
        assertEquals(List.of(), heard);
        assertEquals(List.of(), first.subscriptions);
        assertEquals(pending, scheduler.pendingTasks(), "no retry scheduled by a stale callback");
    }

    @Test
    void anAttemptWithoutAnswerIsAbandonedAfter15Seconds() {
        PortMqttLink link = link();
        link.start();
        scheduler.advance(Duration.ofSeconds(15));
        assertTrue(ports.get(0).closed);
        assertEquals(List.of("down: cannot connect to tcp://127.0.0.1:1883: no answer within 15 s"), heard);
        scheduler.advance(Duration.ofSeconds(1));
        assertEquals(2, ports.size());
    }

    @Test
    void aProtocolRefusalOnTheFirstAttemptHandsOverInsteadOfRetrying() {
        PortMqttLink link = link();
        List<String> handedOver = new ArrayList<>();
        link.onProtocolRejected(() -> handedOver.add("3.1.1"));
        link.start();
        last().listener.connectFailed("Invalid Return code", true);
        assertEquals(List.of("3.1.1"), handedOver);
        assertTrue(last().closed);
        assertEquals(List.of(), heard, "the next protocol's link reports instead");
        scheduler.advance(Duration.ofMinutes(1));
        assertEquals(1, ports.size(), "this link is done");
    }

    @Test
    void aProtocolRefusalAfterHavingConnectedIsAnOrdinaryFailure() {
        PortMqttLink link = link();
        List<String> handedOver = new ArrayList<>();
        link.onProtocolRejected(() -> handedOver.add("3.1.1"));
        link.start();
        accept();
        last().connected = false;
        last().listener.lost("restart");
        scheduler.advance(Duration.ofSeconds(1));
        last().listener.connectFailed("Invalid Return code", true);
        assertEquals(List.of(), handedOver);
        assertTrue(heard.get(heard.size() - 1).startsWith("down: cannot connect"), heard.toString());
    }

    @Test
    void closeSendsDisconnectKillDoesNotAndNeitherRetries() {
        PortMqttLink polite = link();
        polite.start();
        accept();
        polite.close();
        assertTrue(last().disconnected);
        assertTrue(last().closed);
        last().listener.lost("closed");
        scheduler.advance(Duration.ofMinutes(1));
        assertEquals(1, ports.size());

        ports.clear();
        PortMqttLink abrupt = link();
        abrupt.start();
        accept();
        abrupt.kill();
        assertFalse(last().disconnected, "no DISCONNECT, so the broker publishes the will");
        assertTrue(last().closed);
    }

    @Test
    void aPublishTheClientRefusesIsAnMqttLinkException() {
        PortMqttLink link = link();
        link.start();
        accept();
        link.publish("zigbee2mqtt/plug/set", new byte[] {'{', '}'}, 0, false);
        assertEquals(List.of("zigbee2mqtt/plug/set"), last().published);

        last().inflightFull = true;
        MqttLinkException full = assertThrows(MqttLinkException.class,
                () -> link.publish("zigbee2mqtt/plug/set", new byte[] {'{', '}'}, 1, false));
        assertTrue(full.getMessage().contains("in flight"), full.getMessage());

        last().refuse = true;
        assertThrows(MqttLinkException.class, () -> link.publish("zigbee2mqtt/plug/set", new byte[0], 0, false));
    }

    /** A client port that records what the link asks and lets the test play the broker's answers. */
    private static final class FakePort implements MqttClientPort {
        final ConnectOptions options;
        final Listener listener;
        final List<List<String>> subscriptions = new ArrayList<>();
        final List<String> published = new ArrayList<>();
        int connects;
        boolean connected;
        boolean disconnected;
        boolean closed;
        boolean inflightFull;
        boolean refuse;

        FakePort(ConnectOptions options, Listener listener) {
            this.options = options;
            this.listener = listener;
        }

        @Override
        public void connect() {
            connects++;
        }

        @Override
        public void subscribe(List<String> filters, int qos) {
            subscriptions.add(filters);
        }

        @Override
        public boolean publish(String topic, byte[] payload, int qos, boolean retained, MessageProperties properties)
                throws MqttPortException {
            if (refuse) {
                throw new MqttPortException("not connected", null);
            }
            if (inflightFull) {
                return false;
            }
            published.add(topic);
            return true;
        }

        @Override
        public boolean isConnected() {
            return connected && !closed;
        }

        @Override
        public void disconnect(Duration quiesce) {
            disconnected = true;
            connected = false;
        }

        @Override
        public void close() {
            closed = true;
            connected = false;
        }
    }
}
