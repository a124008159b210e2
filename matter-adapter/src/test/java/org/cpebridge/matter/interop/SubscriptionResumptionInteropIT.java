package org.cpebridge.matter.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.cpebridge.core.json.Json;
import org.cpebridge.core.store.FileDurableStore;
import org.cpebridge.matter.sigma.ResumptionStore;
import org.cpebridge.matter.testing.BridgeDevicesProcess;
import org.cpebridge.matter.testing.NamespacedProcess;
import org.cpebridge.matter.testing.NetNsPair;
import org.cpebridge.matter.testing.TestDevices;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bridge restarts under a live subscription of the matter.js 0.17.9 controller (two network namespaces, strict
 * attestation; {@value #DEFAULT_DEVICES} devices unless {@code -DresumptionInterop.devices} says otherwise): the
 * bridge is stopped cleanly (a reboot) and started again on the same data, then killed (SIGKILL, as a router losing
 * power) and started again; each time it opens CASE to the controller by itself, resuming its last CASE session with
 * it (Sigma1 with the resumption record, matter.js answers Sigma2_Resume; {@code -DresumptionInterop.fullCase=true}
 * removes the record before each restart, for a full handshake to compare with), and reports on the subscription the
 * controller still holds. The controller script never subscribes again (it subscribes once, at start, and matter.js does not renew a subscription made
 * through the InteractionClient: it would only end it, printed as {@code subscriptionClosed}); the restarted bridge
 * logs no new subscription, and a device change after the restart reaches the controller's listener of the old
 * subscription, which matter.js looks up by the subscription id of the report.
 */
class SubscriptionResumptionInteropIT {

    private static final Path INTEROP = Path.of("src/test/interop");
    private static final Path PROTOCOL = Path.of("../matter-protocol/src");
    private static final Path TEST_PAA = PROTOCOL.resolve("test/resources/attestation/Chip-Test-PAA-FFF1-Cert.pem");
    private static final Path TEST_CD_SIGNER = PROTOCOL.resolve(
            "main/resources/attestation/Chip-Test-CD-Signing-Cert.pem");
    /** Test devices of mixed kinds (device 1 is a plug); {@code -DresumptionInterop.devices=200} for the full bridge. */
    private static final int DEFAULT_DEVICES = 3;
    private static final int DEVICES = Integer.getInteger("resumptionInterop.devices", DEFAULT_DEVICES);
    /** Removes the bridge's CASE resumption record before each restart: the "before" of CASE resumption. */
    private static final boolean FULL_CASE = Boolean.getBoolean("resumptionInterop.fullCase");
    private static final Duration STEP = Duration.ofSeconds(120);
    private static final Duration REPORT = Duration.ofSeconds(20);
    private static final Pattern KEPT = Pattern.compile("subscription ([0-9a-f]+) of node ([0-9a-f]+) on fabric "
            + "(\\d+) at \\S+ established; kept for restarts");

    @TempDir
    Path work;

    @Test
    void theBridgeRestartsAndTheSubscriptionResumesWithoutTheControllerSubscribingAgain() throws Exception {
        assertTrue(Files.isDirectory(INTEROP.resolve("node_modules/@project-chip/matter.js")),
                "matter.js is not installed in " + INTEROP.toAbsolutePath() + ": run scripts/setup-test-peers.sh");
        Path paaDir = Files.createDirectories(work.resolve("paa"));
        Files.copy(TEST_PAA, paaDir.resolve(TEST_PAA.getFileName()));
        Path controllerData = Files.createDirectories(work.resolve("controller"));
        Path bridgeData = work.resolve("bridge");
        List<String> controllerLines = new ArrayList<>();

        try (NetNsPair pair = NetNsPair.create()) {
            NamespacedProcess first = startBridge(pair, bridgeData);
            NamespacedProcess second = null;
            try (NamespacedProcess controller = NamespacedProcess.start(pair.namespaceB(), List.of("node",
                    "bridge.mjs", "--interface", pair.interfaceB(), "--pairing-code", "34970112332", "--paa-dir",
                    paaDir.toString(), "--cd-signer", TEST_CD_SIGNER.toAbsolutePath().toString(), "--fabric-dir",
                    controllerData.toString()), INTEROP, "bridge.mjs")) {
                awaitEvent(controller, "commissioned", controllerLines);
                int plug = endpointOf(awaitEvent(controller, "read", controllerLines), 1);
                awaitEvent(controller, "subscribed", controllerLines);
                // matter.js subscribes once itself while it connects; the script's subscription (KeepSubscriptions
                // false) replaces it, so the last one kept is the script's.
                String lastKept = awaitStderr(first, KEPT).group();
                Matcher all = KEPT.matcher(first.stderr());
                while (all.find()) {
                    lastKept = all.group();
                }
                Matcher kept = KEPT.matcher(lastKept);
                assertTrue(kept.find());
                String subscriptionId = kept.group(1);

                first.send("toggle 1");
                awaitReport(controller, plug, true, controllerLines, REPORT);

                // The router reboots (a clean stop), then loses power (SIGKILL), each time under the live
                // subscription; it comes back on the same data both times.
                NamespacedProcess running = first;
                for (boolean kill : new boolean[] {false, true}) {
                    if (kill) {
                        running.close();
                    } else {
                        running.closeStdin();
                        assertEquals(0, running.awaitExit(STEP), running.stderr());
                    }
                    if (FULL_CASE) {
                        // The "before" of CASE resumption: without its resumption record the bridge has nothing to
                        // offer in Sigma1, so its CASE to the controller is a full handshake.
                        new FileDurableStore(bridgeData).delete(ResumptionStore.RECORD_NAME);
                    }
                    long restartedAt = System.nanoTime();
                    second = startBridge(pair, bridgeData);
                    running = second;
                    Matcher resumed = awaitStderr(second, Pattern.compile("subscription " + subscriptionId
                            + " of node " + kept.group(2) + " on fabric " + kept.group(3) + " at \\S+ resumed after "
                            + "(\\d+) tr"));
                    long resumedMs = (System.nanoTime() - restartedAt) / 1_000_000;
                    // The bridge offered the resumption record of its last session with the controller in Sigma1,
                    // and matter.js's CASE responder answered Sigma2_Resume (no certificates, no signatures).
                    assertEquals(!FULL_CASE, Pattern.compile("CASE session \\d+ resumed on fabric")
                                    .matcher(second.stderr()).find(),
                            "the bridge's CASE session with the controller was resumed, unless its record was "
                                    + "removed:\n" + second.stderr());
                    Matcher caseTime = awaitStderr(second, Pattern.compile("resumed after \\d+ tr\\S+, reached at "
                            + "\\S+, CASE in (\\d+) ms"));

                    // After the restart the plug is off again (the test devices start off); a person switches it on.
                    int before = controllerLines.size();
                    second.send("toggle 1");
                    double changedAt = Double.parseDouble(second.awaitLine(l -> l.startsWith("CHANGED "), STEP)
                            .substring(8));
                    // The full report of the resumption goes first; with many devices it takes a while.
                    Map<String, Object> report = awaitReport(controller, plug, true, controllerLines, STEP);
                    long reportedMs = (System.nanoTime() - restartedAt) / 1_000_000;
                    double changeToReportMs = ((Number) report.get("at")).doubleValue() - changedAt;
                    long reportsBetween = controllerLines.subList(before, controllerLines.size()).stream()
                            .filter(l -> l.startsWith("{\"event\":\"report\"")).count();

                    assertFalse(KEPT.matcher(second.stderr()).find(),
                            "no SubscribeRequest reached the restarted bridge:\n" + second.stderr());
                    assertTrue(controllerLines.stream().noneMatch(l -> l.contains("\"subscriptionClosed\"")),
                            "the controller's subscription never timed out: " + controllerLines);
                    // Whether the matter.js controller advertises its operational instance (the resolve runs
                    // whether or not the last address answers; it is logged either way).
                    String resolve = awaitStderr(second, Pattern.compile(
                            "its operational instance (does not resolve|resolves to [^\\n]*)")).group(1);
                    System.err.printf("controller's operational instance: %s%n", resolve);
                    System.err.printf("%s: subscription %s resumed %d ms after the restart began (%s tr%s, %s CASE "
                            + "in %s ms); a change after it reported %.1f ms after the change (%d ms after the restart "
                            + "began; %d report lines up to it)%n", kill ? "SIGKILL" : "clean stop", subscriptionId,
                            resumedMs, resumed.group(1), "1".equals(resumed.group(1)) ? "y" : "ies",
                            FULL_CASE ? "full" : "resumed", caseTime.group(1), changeToReportMs,
                            reportedMs, reportsBetween);
                }

                controller.send("{\"op\":\"quit\"}");
                assertEquals(0, controller.awaitExit(STEP), controller.stderr());
                second.closeStdin();
                assertEquals(0, second.awaitExit(STEP), second.stderr());
            } catch (Exception | AssertionError e) {
                throw new AssertionError(e.getMessage() + "\nfirst bridge stderr:\n" + first.stderr()
                        + (second == null ? "" : "\nrestarted bridge stderr:\n" + second.stderr()), e);
            } finally {
                first.close();
                if (second != null) {
                    second.close();
                }
            }
        }
    }

    private static NamespacedProcess startBridge(NetNsPair pair, Path data) throws Exception {
        NamespacedProcess bridge = NamespacedProcess.startJvm(pair.namespaceA(), BridgeDevicesProcess.class,
                data.toString(), Integer.toString(DEVICES), "matter.interface=" + pair.interfaceA(),
                "matter.discriminator=3840", "matter.passcode=20202021");
        bridge.awaitLine("READY"::equals, STEP);
        return bridge;
    }

    /** Waits until the process's stderr has a line matching {@code pattern}. */
    private static Matcher awaitStderr(NamespacedProcess process, Pattern pattern) throws Exception {
        long deadline = System.nanoTime() + STEP.toNanos();
        while (System.nanoTime() < deadline) {
            Matcher matcher = pattern.matcher(process.stderr());
            if (matcher.find()) {
                return matcher;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no stderr line matching " + pattern + " within " + STEP);
    }

    @SuppressWarnings("unchecked")
    private static int endpointOf(Map<String, Object> read, int device) {
        Map<String, Map<String, Object>> endpoints = (Map<String, Map<String, Object>>) read.get("endpoints");
        return endpoints.entrySet().stream()
                .filter(e -> TestDevices.id(device).toString().equals(e.getValue().get("uniqueId")))
                .map(e -> Integer.parseInt(e.getKey())).findFirst().orElseThrow();
    }

    private static Map<String, Object> awaitEvent(NamespacedProcess controller, String event, List<String> seen)
            throws Exception {
        String line = controller.awaitLine(l -> {
            seen.add(l);
            return l.startsWith("{\"event\":\"" + event + "\"") || l.startsWith("{\"event\":\"failed\"");
        }, STEP);
        Map<String, Object> parsed = Json.parseObject(line);
        assertEquals(event, parsed.get("event"), line);
        return parsed;
    }

    private static Map<String, Object> awaitReport(NamespacedProcess controller, int endpoint, Object value,
            List<String> seen, Duration timeout) throws Exception {
        return Json.parseObject(controller.awaitLine(l -> {
            seen.add(l);
            if (!l.startsWith("{\"event\":\"report\"")) {
                return false;
            }
            Map<String, Object> report = Json.parseObject(l);
            return ((Number) report.get("endpoint")).intValue() == endpoint
                    && ((Number) report.get("cluster")).longValue() == 0x0006
                    && ((Number) report.get("attribute")).longValue() == 0 && value.equals(report.get("value"));
        }, timeout));
    }
}
