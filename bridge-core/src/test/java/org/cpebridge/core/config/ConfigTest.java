package org.cpebridge.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigTest {

    enum Mode { FAST, SLOW_AND_STEADY }

    static final ConfigKey<Integer> PORT = ConfigKey.integer("matter.port", 5540, 1, 65535, "UDP port");
    static final ConfigKey<Boolean> ENABLED = ConfigKey.bool("dect.enabled", true, "run the DECT adapter");
    static final ConfigKey<Duration> WINDOW = ConfigKey.duration("matter.window", Duration.ofMinutes(15),
            Duration.ofMinutes(3), Duration.ofMinutes(15), "commissioning window");
    static final ConfigKey<InetSocketAddress> LISTEN = ConfigKey.hostPort("dect.link.listen", "127.0.0.1:8000",
            "where the base listens");
    static final ConfigKey<List<String>> DEVICES = ConfigKey.list("dect.simulator.devices", List.of("plug:1"),
            "simulated devices");
    static final ConfigKey<Mode> MODE = ConfigKey.enumeration("test.mode", Mode.class, Mode.FAST, "mode");
    static final ConfigKey<String> PASSCODE = ConfigKey.string("matter.passcode", null, "passcode").secret();

    @TempDir
    Path dir;

    private final ConfigSchema schema = new ConfigSchema()
            .addAll(List.of(PORT, ENABLED, WINDOW, LISTEN, DEVICES, MODE, PASSCODE));

    @Test
    void defaultsFileAndOverridesInThatOrder() throws Exception {
        Path file = dir.resolve("bridge.conf");
        Files.writeString(file, "# comment\n\nmatter.port = 5541\ndect.enabled=off\ntest.mode = slow-and-steady\n");
        Config config = Config.builder(schema).file(file).set("matter.port=5542").set("dect.link.listen=[::1]:9")
                .build();
        assertEquals(5542, config.get(PORT));
        assertFalse(config.get(ENABLED));
        assertEquals(Duration.ofMinutes(15), config.get(WINDOW));
        assertEquals("::1", config.get(LISTEN).getHostString());
        assertEquals(9, config.get(LISTEN).getPort());
        assertEquals(Mode.SLOW_AND_STEADY, config.get(MODE));
        assertEquals("--set", config.sourceOf(PORT).orElseThrow());
        assertEquals("bridge.conf:4", config.sourceOf(ENABLED).orElseThrow());
        assertTrue(config.find(PASSCODE).isEmpty());
        assertEquals(List.of("plug:2", "light:1"),
                Config.builder(schema).set("dect.simulator.devices= plug:2, light:1,").build().get(DEVICES));
    }

    @Test
    void anUnknownKeyInAFileNamesTheKeyAndLine() throws Exception {
        Path file = dir.resolve("bridge.conf");
        Files.writeString(file, "matter.port = 5541\nmatter.prot = 5542\n");
        ConfigException error = assertThrows(ConfigException.class, () -> Config.builder(schema).file(file));
        assertEquals("bridge.conf:2: unknown key 'matter.prot' (--help lists the keys)", error.getMessage());
    }

    @Test
    void aBadValueNamesTheKeyAndWhy() {
        assertMessage("--set: bad value for key 'matter.port': '70000': must be between 1 and 65535",
                "matter.port=70000");
        assertMessage("--set: bad value for key 'matter.port': 'fast': expected an integer", "matter.port=fast");
        assertMessage("--set: bad value for key 'dect.enabled': 'maybe': expected true or false",
                "dect.enabled=maybe");
        assertMessage("--set: bad value for key 'matter.window': '1m': must be between PT3M and PT15M",
                "matter.window=1m");
        assertMessage("--set: bad value for key 'dect.link.listen': 'localhost': expected host:port or [ipv6]:port",
                "dect.link.listen=localhost");
        assertMessage("--set: bad value for key 'test.mode': 'medium': expected one of fast|slow_and_steady",
                "test.mode=medium");
        assertMessage("--set expects key=value, got 'matter.port'", "matter.port");
    }

    @Test
    void secretValuesAreNeverEchoed() {
        ConfigKey<Integer> pin = ConfigKey.integer("matter.pin", 1, 1, 99, "pin").secret();
        ConfigException error = assertThrows(ConfigException.class,
                () -> Config.builder(new ConfigSchema().add(pin)).set("matter.pin=20202021"));
        assertFalse(error.getMessage().contains("20202021"), error.getMessage());
        Config config = Config.builder(schema).set("matter.passcode=20202021").build();
        assertEquals("(hidden)", config.describeGiven().get("matter.passcode"));
        assertFalse(schema.describe().contains("20202021"));
    }

    @Test
    void aKeyTwiceInOneFileIsAnError() throws Exception {
        Path file = dir.resolve("bridge.conf");
        Files.writeString(file, "matter.port = 1\nmatter.port = 2\n");
        ConfigException error = assertThrows(ConfigException.class, () -> Config.builder(schema).file(file));
        assertTrue(error.getMessage().contains("already set on line 1"), error.getMessage());
    }

    @Test
    void helpListsEveryKeyWithTypeAndDefault() {
        String help = schema.describe();
        assertTrue(help.contains("matter.port = 5540    [integer 1..65535]"), help);
        assertTrue(help.contains("dect.link.listen = 127.0.0.1:8000"), help);
        assertTrue(help.contains("dect.simulator.devices = plug:1"), help);
    }

    private void assertMessage(String expected, String assignment) {
        ConfigException error = assertThrows(ConfigException.class, () -> Config.builder(schema).set(assignment));
        assertEquals(expected, error.getMessage());
    }
}
