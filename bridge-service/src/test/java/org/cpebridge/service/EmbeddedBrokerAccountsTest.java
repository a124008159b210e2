package org.cpebridge.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.SecureRandom;
import org.cpebridge.core.config.Config;
import org.cpebridge.core.store.FileDurableStore;
import org.cpebridge.usp.agent.UspSettings;
import org.cpebridge.zigbee.ZigbeeSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded broker's accounts: kept across starts, handed only to clients pointed at the embedded broker. */
class EmbeddedBrokerAccountsTest {

    private static final InetSocketAddress LISTEN = new InetSocketAddress("127.0.0.1", 1883);

    @TempDir
    Path dir;

    private Config config(String... assignments) {
        Config.Builder builder = Config.builder(Components.discover(getClass().getClassLoader()).schema());
        for (String assignment : assignments) {
            builder.set(assignment);
        }
        return builder.build();
    }

    @Test
    void passwordsAreGeneratedOnceAndKept() {
        FileDurableStore store = new FileDurableStore(dir);
        EmbeddedBrokerAccounts first = EmbeddedBrokerAccounts.loadOrCreate(store, new SecureRandom());
        EmbeddedBrokerAccounts again = EmbeddedBrokerAccounts.loadOrCreate(new FileDurableStore(dir),
                new SecureRandom());
        for (String account : new String[] {EmbeddedBrokerAccounts.USP_AGENT, EmbeddedBrokerAccounts.ZIGBEE,
                EmbeddedBrokerAccounts.CONTROLLER}) {
            assertTrue(first.password(account).length() >= 32, account);
            assertEquals(first.password(account), again.password(account), account);
        }
        assertNotEquals(first.password(EmbeddedBrokerAccounts.USP_AGENT),
                first.password(EmbeddedBrokerAccounts.ZIGBEE));
    }

    @Test
    void onlyClientsOfTheEmbeddedBrokerWithoutAUserNameGetAnAccount() {
        EmbeddedBrokerAccounts accounts = EmbeddedBrokerAccounts.loadOrCreate(new FileDurableStore(dir),
                new SecureRandom());
        Config filled = accounts.withClientCredentials(config(), LISTEN);
        assertEquals(EmbeddedBrokerAccounts.USP_AGENT, filled.get(UspSettings.MQTT_USERNAME));
        assertEquals(accounts.password(EmbeddedBrokerAccounts.USP_AGENT), filled.get(UspSettings.MQTT_PASSWORD));
        assertEquals(EmbeddedBrokerAccounts.ZIGBEE, filled.get(ZigbeeSettings.USERNAME));
        assertFalse(filled.describeGiven().toString().contains(accounts.password(EmbeddedBrokerAccounts.ZIGBEE)),
                "the filled-in passwords stay hidden secrets");

        // Another broker never sees these passwords; a configured user name is kept.
        Config elsewhere = accounts.withClientCredentials(config("usp.mqtt.url=ssl://isp.example:8883",
                "zigbee.mqtt.url=tcp://127.0.0.1:1884"), LISTEN);
        assertNull(elsewhere.get(UspSettings.MQTT_USERNAME));
        assertEquals("", elsewhere.get(ZigbeeSettings.USERNAME));
        Config own = accounts.withClientCredentials(config("zigbee.mqtt.username=mine",
                "zigbee.mqtt.password=secret"), LISTEN);
        assertEquals("mine", own.get(ZigbeeSettings.USERNAME));
        assertEquals("secret", own.get(ZigbeeSettings.PASSWORD));
    }

    @Test
    void aUrlNamesTheEmbeddedBrokerOnlyByItsPortOnLoopbackOrItsListenAddress() {
        assertTrue(EmbeddedBrokerAccounts.pointsAt("tcp://127.0.0.1:1883", LISTEN));
        assertTrue(EmbeddedBrokerAccounts.pointsAt("tcp://localhost:1883", LISTEN));
        assertTrue(EmbeddedBrokerAccounts.pointsAt("tcp://[::1]:1883", new InetSocketAddress("0.0.0.0", 1883)));
        assertFalse(EmbeddedBrokerAccounts.pointsAt("tcp://127.0.0.1:1884", LISTEN));
        assertFalse(EmbeddedBrokerAccounts.pointsAt("ssl://127.0.0.1:1883", LISTEN));
        assertFalse(EmbeddedBrokerAccounts.pointsAt("tcp://broker.example:1883", LISTEN), "names are not looked up");
        assertFalse(EmbeddedBrokerAccounts.pointsAt("tcp://192.0.2.1:1883", LISTEN));
        assertFalse(EmbeddedBrokerAccounts.pointsAt("not a url", LISTEN));
    }
}
