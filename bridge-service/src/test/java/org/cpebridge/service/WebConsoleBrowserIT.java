package org.cpebridge.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.cpebridge.core.json.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * The web console in a real browser: the service runs as a process on its embedded defaults (DECT simulator with its
 * HTTP control, Matter on loopback), and {@code web-console/src/test/browser/console.mjs} drives Debian's chromium
 * through playwright-core (both installed by {@code scripts/setup-test-peers.sh}; missing, the test fails). Checks
 * the first-visit password, login, that the QR image decodes to the {@code MT:} payload the terminal printed, that a
 * plug pressed in the simulator changes on the page within a second without reload, and that a rename and a room
 * persist across a restart of the bridge, and that a grant made on the privacy page is listed and goes on revoke
 * (that it is USP's own grant is {@code HostileControllerTest}'s part). Screenshots at phone and desktop widths go
 * to {@code bridge-service/target/console-screenshots}.
 */
class WebConsoleBrowserIT {

    private static final String PASSWORD = "a household password";
    private static final String NEW_NAME = "Hall lamp";
    private static final Path BROWSER_TESTS = Paths.get("..", "web-console", "src", "test", "browser")
            .toAbsolutePath().normalize();
    private static final Path SCREENSHOTS = Paths.get("target", "console-screenshots").toAbsolutePath();

    @TempDir
    Path dir;

    @Test
    void aPersonPairsWatchesAndRenamesThroughTheConsole() throws Exception {
        assertTrue(Files.isDirectory(BROWSER_TESTS.resolve("node_modules/playwright-core")),
                "playwright-core is missing: run scripts/setup-test-peers.sh");
        assertTrue(Files.isExecutable(Paths.get("/usr/bin/chromium")),
                "Debian's chromium is missing: run scripts/setup-test-peers.sh");
        Files.createDirectories(SCREENSHOTS);
        Path data = dir.resolve("data");
        int webPort = ServiceProcess.freePort();
        int simulatorPort = ServiceProcess.freePort();
        List<String> args = List.of("--data-dir", data.toString(), "--set", "web.listen=127.0.0.1:" + webPort,
                "--set", "dect.simulator.control=127.0.0.1:" + simulatorPort, "--set", "zigbee.enabled=false",
                "--set", "zigbee.simulator.devices=");
        String deviceId;
        try (ServiceProcess bridge = ServiceProcess.start(dir, args.toArray(String[]::new))) {
            bridge.awaitLine("READY", 90);
            Matcher printed = Pattern.compile("QR code: (MT:[0-9A-Z.\\-]+)").matcher(bridge.output());
            assertTrue(printed.find(), bridge.output());
            Map<String, Object> first = runBrowser("first", webPort, simulatorPort);
            assertEquals(printed.group(1), first.get("qrPayload"), "the QR image decodes to the printed payload");
            assertTrue(bridge.output().contains("Manual pairing code: " + first.get("manualCode")),
                    "the page shows the printed manual code");
            assertNotEquals(first.get("before"), first.get("after"));
            long changeMs = ((Number) first.get("changeMs")).longValue();
            LoggerFactory.getLogger(WebConsoleBrowserIT.class).info("simulator press to page: {} ms", changeMs);
            assertTrue(changeMs < 1_000, "the press reached the page after " + changeMs + " ms");
            assertEquals(NEW_NAME, first.get("renamed"));
            assertTrue(String.valueOf(first.get("logVerification")).startsWith("intact"), first.toString());
            assertEquals(true, first.get("grantShown"));
            assertTrue(((Number) first.get("controllers")).intValue() >= 1, "the local Controller is listed: " + first);
            assertEquals(true, first.get("grantRevoked"));
            deviceId = (String) first.get("deviceId");
            assertEquals(0, bridge.terminate(30), bridge.errors());
        }
        try (ServiceProcess bridge = ServiceProcess.start(dir, args.toArray(String[]::new))) {
            bridge.awaitLine("READY", 90);
            Map<String, Object> again = runBrowser("again", webPort, simulatorPort);
            assertEquals(deviceId, again.get("deviceId"));
            assertEquals(NEW_NAME, again.get("name"), "the rename survived the restart");
            assertEquals("Hall", again.get("room"), "the room survived the restart");
            assertEquals(0, bridge.terminate(30), bridge.errors());
        }
    }

    private Map<String, Object> runBrowser(String phase, int webPort, int simulatorPort) throws Exception {
        ProcessBuilder builder = new ProcessBuilder("node", "console.mjs").directory(BROWSER_TESTS.toFile())
                .redirectErrorStream(true);
        builder.environment().putAll(Map.of("CONSOLE_URL", "http://127.0.0.1:" + webPort,
                "SIMULATOR_URL", "http://127.0.0.1:" + simulatorPort, "PASSWORD", PASSWORD, "PHASE", phase,
                "NEW_NAME", NEW_NAME, "SCREENSHOTS", SCREENSHOTS.toString()));
        Process process = builder.start();
        process.getOutputStream().close();
        boolean finished = process.waitFor(180, TimeUnit.SECONDS);
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!finished) {
            process.destroyForcibly();
        }
        assertTrue(finished, "the browser script did not finish: " + output);
        assertEquals(0, process.exitValue(), output);
        String line = output.lines().filter(l -> l.startsWith("RESULT ")).findFirst()
                .orElseThrow(() -> new AssertionError("no RESULT line: " + output));
        return Json.parseObject(line.substring("RESULT ".length()));
    }
}
