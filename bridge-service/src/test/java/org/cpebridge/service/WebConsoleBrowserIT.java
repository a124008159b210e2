package org.cpebridge.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.cpebridge.core.json.Json;
import org.cpebridge.matter.onboarding.QrCodePayload;
import org.cpebridge.usp.proto.UspMsg;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * The web console in a real browser: the service runs as a process on its embedded defaults (DECT simulator with its
 * HTTP control, Matter on loopback, the embedded broker), and {@code web-console/src/test/browser/console.mjs}
 * drives Debian's chromium through playwright-core (both installed by {@code scripts/setup-test-peers.sh}; missing,
 * the test fails). Checks the first-visit password, login, that the QR image decodes to the {@code MT:} payload the
 * terminal printed, that stopping pairing and opening a second window shows a new code (another passcode), that a
 * plug pressed in the simulator changes on the page within a second without reload, that a rename shows in USP
 * ({@code Device.ProxiedDevice.{i}.Name}, read by the household Controller over the embedded broker), that a
 * rename, a room and leaving the plug out of Matter persist across a restart of the bridge, that "Add a Zigbee
 * device" opens Zigbee2MQTT's permit_join (the Zigbee simulator's confirmation), that "Add a DECT-ULE device" opens
 * the DECT base's registration window (a new device the simulator adds is refused before, registers after and
 * appears on the page without a reload), that an ISP-Operations
 * Controller's refused Get shows in the page's log with decision Denied (found with the log's filters), and that a
 * grant made on the privacy page is USP's grant ({@code Device.X_CPEBRIDGE_Privacy.Grant.{i}.}, and the ISP now
 * reads the value) until its revoke. Screenshots at phone and desktop widths go to
 * {@code bridge-service/target/console-screenshots}.
 */
class WebConsoleBrowserIT {

    private static final String PASSWORD = "a household password";
    private static final String NEW_NAME = "Hall lamp";
    private static final String AGENT_ID = "os::000000-CONSOLE-IT";
    private static final String AGENT_TOPIC = "usp/agent/" + AGENT_ID;
    private static final String HOUSEHOLD = "proto::cpe-bridge-controller";
    private static final String ISP = "proto::isp-test";
    private static final String ISP_TOPIC = "usp/controller/isp-test";
    private static final String GRANT_REASON = "repair visit";
    private static final Path BROWSER_TESTS = Paths.get("..", "web-console", "src", "test", "browser")
            .toAbsolutePath().normalize();
    private static final Path SCREENSHOTS = Paths.get("target", "console-screenshots").toAbsolutePath();

    @TempDir
    Path dir;

    private int ids;

    /** A check the test makes over USP when the browser script reaches a step; throws when it fails. */
    @FunctionalInterface
    private interface Step {
        void check(Map<String, Object> data) throws Exception;
    }

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
        int brokerPort = ServiceProcess.freePort();
        String broker = "tcp://127.0.0.1:" + brokerPort;
        List<String> args = List.of("--data-dir", data.toString(), "--set", "web.listen=127.0.0.1:" + webPort,
                "--set", "dect.simulator.control=127.0.0.1:" + simulatorPort,
                "--set", "zigbee.simulator.devices=aqara-contact:1", "--set", "zigbee.mqtt.url=" + broker,
                "--set", "mqtt.embedded.listen=127.0.0.1:" + brokerPort,
                "--set", "usp.mqtt.url=" + broker, "--set", "usp.endpointId=" + AGENT_ID);
        String deviceId;
        try (ServiceProcess bridge = ServiceProcess.start(dir, args.toArray(String[]::new))) {
            bridge.awaitLine("READY", 90);
            bridge.awaitLine("MTP up at", 60);
            bridge.awaitLine("adapter zigbee is online", 60);
            Matcher printed = Pattern.compile("QR code: (MT:[0-9A-Z.\\-]+)").matcher(bridge.output());
            assertTrue(printed.find(), bridge.output());
            String controllerPassword = (String) Json.parseObject(MqttProbe.storedPayload(
                    data.resolve("core/mqtt-accounts.rec"))).get("cpe-bridge-controller");
            try (MqttProbe household = new MqttProbe(broker, "console-it-household");
                 MqttProbe isp = new MqttProbe(broker, "console-it-isp")) {
                assertEquals(0, household.connect(MqttProbe.login("cpe-bridge-controller", controllerPassword)));
                assertEquals(1, household.subscribe("usp/controller"));
                assertEquals(0, isp.connect(MqttProbe.login("cpe-bridge-controller", controllerPassword)));
                assertEquals(1, isp.subscribe(ISP_TOPIC));

                // The household adds its provider's Controller with the ISP-Operations role; the ISP asks for a
                // plug's on/off value (STATE, which its role does not see) and gets nothing: a Denied log entry.
                String plugValue = firstOnOffValue(household, bridge);
                String plugRow = plugValue.substring(0, plugValue.indexOf(".IoTCapability.") + 1);
                String controllerRow = created(household.call(AGENT_TOPIC, AGENT_ID, HOUSEHOLD, add(
                        "Device.LocalAgent.Controller.", "EndpointID", ISP, "Enable", "true",
                        "AssignedRole", "Device.LocalAgent.ControllerTrust.Role.3")));
                created(household.call(AGENT_TOPIC, AGENT_ID, HOUSEHOLD, add(controllerRow + "MTP.",
                        "Protocol", "MQTT", "MQTT.Topic", ISP_TOPIC)));
                assertFalse(ispSees(isp, plugValue), "the ISP's role does not see the plug's state");

                Map<String, Step> steps = Map.of(
                        "renamed", step -> assertTrue(names(household).contains(NEW_NAME),
                                "the rename shows in USP: " + names(household)),
                        "granted", step -> {
                            List<Map<String, String>> grants = grants(household);
                            assertTrue(grants.stream().anyMatch(g -> ISP.equals(g.get("Controller"))
                                    && plugRow.equals(g.get("Target")) && g.get("Classes").contains("STATE")),
                                    "the page's grant is in Device.X_CPEBRIDGE_Privacy.Grant.: " + grants);
                            assertTrue(ispSees(isp, plugValue), "with the grant, the ISP reads the plug's state");
                        },
                        "revoked", step -> {
                            List<Map<String, String>> grants = grants(household);
                            assertTrue(grants.stream().noneMatch(g -> GRANT_REASON.equals(g.get("Reason"))),
                                    "the revoked grant is gone from USP: " + grants);
                            assertFalse(ispSees(isp, plugValue), "after the revoke, the ISP sees nothing again");
                        });
                Map<String, Object> first = runBrowser("first", webPort, simulatorPort, plugRow, steps);
                String printedQr = printed.group(1);
                assertEquals(printedQr, first.get("qrPayload"), "the QR image decodes to the printed payload");
                assertTrue(bridge.output().contains("Manual pairing code: " + first.get("manualCode")),
                        "the page shows the printed manual code");
                String secondQr = (String) first.get("secondQrPayload");
                assertNotEquals(QrCodePayload.decode(printedQr).passcode(), QrCodePayload.decode(secondQr).passcode(),
                        "the second window has a passcode of its own");
                assertFalse(bridge.output().contains((String) first.get("secondManualCode")),
                        "the second window's code is not the printed one");
                assertNotEquals(first.get("before"), first.get("after"));
                long changeMs = ((Number) first.get("changeMs")).longValue();
                LoggerFactory.getLogger(WebConsoleBrowserIT.class).info("simulator press to page: {} ms", changeMs);
                assertTrue(changeMs < 1_000, "the press reached the page after " + changeMs + " ms");
                assertEquals(NEW_NAME, first.get("renamed"));
                assertEquals(true, first.get("renameInUsp"));
                assertEquals(true, first.get("leftOutOfMatter"));
                assertTrue(String.valueOf(first.get("zigbeeJoin")).startsWith("Zigbee accepts new devices until"),
                        "Zigbee2MQTT (the simulator) confirmed permit_join: " + first.get("zigbeeJoin"));
                assertEquals(409L, ((Number) first.get("dectAddWhileClosed")).longValue(),
                        "the DECT base refuses a new device while its registration window is closed");
                assertTrue(String.valueOf(first.get("dectAddWhileClosedError")).contains("not in registration mode"),
                        first.toString());
                assertTrue(String.valueOf(first.get("dectJoin")).startsWith("DECT-ULE accepts new devices until"),
                        "the DECT base confirmed its registration window: " + first.get("dectJoin"));
                // the simulator's IPUI of its second light: 0F | type 02 | 5E | n 0002 (docs/dect-ule-link.md)
                assertEquals("dect:0F025E0002", first.get("dectAddedId"),
                        "a second light registered while the window was open");
                LoggerFactory.getLogger(WebConsoleBrowserIT.class).info("DECT registration to page: {} ms",
                        first.get("dectAppearedMs"));
                assertTrue(String.valueOf(first.get("logVerification")).startsWith("intact"), first.toString());
                assertTrue(((Number) first.get("controllers")).intValue() >= 2, "both Controllers listed: " + first);
                assertTrue(String.valueOf(first.get("ispWords")).contains("It cannot see:"), first.toString());
                assertEquals("Denied", first.get("deniedDecision"));
                assertTrue(String.valueOf(first.get("deniedRow")).contains(ISP)
                        && String.valueOf(first.get("deniedRow")).contains("Get"), first.toString());
                assertEquals(0L, ((Number) first.get("futureRows")).longValue());
                assertEquals(0L, ((Number) first.get("allowedIspRows")).longValue());
                assertEquals(true, first.get("grantShown"));
                assertEquals(true, first.get("grantInUsp"));
                assertEquals(true, first.get("grantRevoked"));
                assertEquals(true, first.get("revokeInUsp"));
                deviceId = (String) first.get("deviceId");
            }
            assertEquals(0, bridge.terminate(30), bridge.errors());
        }
        try (ServiceProcess bridge = ServiceProcess.start(dir, args.toArray(String[]::new))) {
            bridge.awaitLine("READY", 90);
            Map<String, Object> again = runBrowser("again", webPort, simulatorPort, "", Map.of());
            assertEquals(deviceId, again.get("deviceId"));
            assertEquals(NEW_NAME, again.get("name"), "the rename survived the restart");
            assertEquals("Hall", again.get("room"), "the room survived the restart");
            assertEquals("left out", again.get("matter"), "leaving the plug out of Matter survived the restart");
            assertEquals(0, bridge.terminate(30), bridge.errors());
        }
    }

    /** The path of the first on/off value in the model, once the simulator's plugs are there. */
    private String firstOnOffValue(MqttProbe household, ServiceProcess bridge) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            UspMsg.Msg answer = household.get(AGENT_TOPIC, AGENT_ID, HOUSEHOLD, "it-" + ids++,
                    "Device.ProxiedDevice.*.IoTCapability.*.BinaryControl.Value");
            for (UspMsg.GetResp.RequestedPathResult result : answer.getBody().getResponse().getGetResp()
                    .getReqPathResultsList()) {
                for (UspMsg.GetResp.ResolvedPathResult row : result.getResolvedPathResultsList()) {
                    if (row.getResultParamsMap().containsKey("Value")) {
                        return row.getResolvedPath() + "Value";
                    }
                }
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no on/off value in Device.ProxiedDevice.; the bridge said:\n" + bridge.output());
    }

    /** Whether the ISP's Get of {@code path} comes back with its value. */
    private boolean ispSees(MqttProbe isp, String path) throws Exception {
        UspMsg.Msg answer = isp.get(AGENT_TOPIC, AGENT_ID, ISP, "isp-" + ids++, path);
        return answer.getBody().getResponse().getGetResp().getReqPathResultsList().stream()
                .flatMap(r -> r.getResolvedPathResultsList().stream())
                .anyMatch(row -> row.getResultParamsMap().containsKey("Value"));
    }

    private List<String> names(MqttProbe household) throws Exception {
        return rows(household, "Device.ProxiedDevice.*.Name").stream().map(row -> row.get("Name")).toList();
    }

    private List<Map<String, String>> grants(MqttProbe household) throws Exception {
        return rows(household, "Device.X_CPEBRIDGE_Privacy.Grant.");
    }

    private List<Map<String, String>> rows(MqttProbe household, String path) throws Exception {
        UspMsg.Msg answer = household.get(AGENT_TOPIC, AGENT_ID, HOUSEHOLD, "it-" + ids++, path);
        assertTrue(answer.getBody().getResponse().hasGetResp(), answer.toString());
        List<Map<String, String>> rows = new ArrayList<>();
        answer.getBody().getResponse().getGetResp().getReqPathResultsList().forEach(r ->
                r.getResolvedPathResultsList().forEach(row -> rows.add(row.getResultParamsMap())));
        return rows;
    }

    private UspMsg.Msg add(String objPath, String... params) {
        UspMsg.Add.CreateObject.Builder create = UspMsg.Add.CreateObject.newBuilder().setObjPath(objPath);
        for (int i = 0; i < params.length; i += 2) {
            create.addParamSettings(UspMsg.Add.CreateParamSetting.newBuilder().setParam(params[i])
                    .setValue(params[i + 1]).setRequired(true));
        }
        return UspMsg.Msg.newBuilder().setHeader(UspMsg.Header.newBuilder().setMsgId("it-add-" + ids++)
                .setMsgType(UspMsg.Header.MsgType.ADD)).setBody(UspMsg.Body.newBuilder().setRequest(
                UspMsg.Request.newBuilder().setAdd(UspMsg.Add.newBuilder().addCreateObjs(create)))).build();
    }

    private static String created(UspMsg.Msg reply) {
        UspMsg.AddResp.CreatedObjectResult.OperationStatus status = reply.getBody().getResponse().getAddResp()
                .getCreatedObjResults(0).getOperStatus();
        assertTrue(status.hasOperSuccess(), reply.toString());
        return status.getOperSuccess().getInstantiatedPath();
    }

    /**
     * Runs the browser script for one phase. At each "STEP name {json}" line it runs that step's check and answers
     * on the script's stdin; a failed check is answered as such (the script stops) and rethrown here.
     */
    private Map<String, Object> runBrowser(String phase, int webPort, int simulatorPort, String grantTarget,
                                           Map<String, Step> steps) throws Exception {
        ProcessBuilder builder = new ProcessBuilder("node", "console.mjs").directory(BROWSER_TESTS.toFile())
                .redirectErrorStream(true);
        builder.environment().putAll(Map.of("CONSOLE_URL", "http://127.0.0.1:" + webPort,
                "SIMULATOR_URL", "http://127.0.0.1:" + simulatorPort, "PASSWORD", PASSWORD, "PHASE", phase,
                "NEW_NAME", NEW_NAME, "SCREENSHOTS", SCREENSHOTS.toString(), "ISP_CONTROLLER", ISP,
                "GRANT_TARGET", grantTarget));
        Process process = builder.start();
        StringBuilder output = new StringBuilder();
        List<Throwable> failures = new ArrayList<>();
        CompletableFuture<Void> reading = CompletableFuture.runAsync(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8)); Writer answers = process.outputWriter(StandardCharsets.UTF_8)) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    synchronized (output) {
                        output.append(line).append('\n');
                    }
                    if (line.startsWith("STEP ")) {
                        answers.write(answer(line, steps, failures) + "\n");
                        answers.flush();
                    }
                }
            } catch (java.io.IOException e) {
                failures.add(e);
            }
        });
        boolean finished = process.waitFor(240, TimeUnit.SECONDS);
        if (!finished) {
            process.destroyForcibly();
        }
        reading.get(30, TimeUnit.SECONDS);
        String text;
        synchronized (output) {
            text = output.toString();
        }
        if (!failures.isEmpty()) {
            AssertionError error = new AssertionError("a check at a browser step failed; the script said:\n" + text,
                    failures.get(0));
            throw error;
        }
        assertTrue(finished, "the browser script did not finish: " + text);
        assertEquals(0, process.exitValue(), text);
        String line = text.lines().filter(l -> l.startsWith("RESULT ")).findFirst()
                .orElseThrow(() -> new AssertionError("no RESULT line: " + text));
        return Json.parseObject(line.substring("RESULT ".length()));
    }

    private static String answer(String line, Map<String, Step> steps, List<Throwable> failures) {
        String rest = line.substring("STEP ".length());
        int space = rest.indexOf(' ');
        String name = space < 0 ? rest : rest.substring(0, space);
        Step step = steps.get(name);
        try {
            if (step == null) {
                throw new AssertionError("the script reached an unknown step " + name);
            }
            step.check(Json.parseObject(space < 0 ? "{}" : rest.substring(space + 1)));
            return "{\"ok\":true}";
        } catch (Exception | AssertionError e) {
            failures.add(e);
            return Json.write(Map.of("ok", false, "error", String.valueOf(e.getMessage())));
        }
    }
}
