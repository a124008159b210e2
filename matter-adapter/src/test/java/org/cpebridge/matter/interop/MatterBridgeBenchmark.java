package org.cpebridge.matter.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.cpebridge.core.json.Json;
import org.cpebridge.matter.testing.BridgeDevicesProcess;
import org.cpebridge.matter.testing.NamespacedProcess;
import org.cpebridge.matter.testing.NetNsPair;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Not part of the test run (no *Test/*IT name): {@code bench/matter-bridge.sh} runs it. For each size N it measures
 * this bridge (N On/Off Lights 0x0100: core lights with On/Off only, the router's flags of {@code jvm.options} and
 * {@code bench.jvmArgs}) and a matter.js 0.17.9 bridge with N On/Off Lights ({@code bench-bridge.mjs}), both
 * commissioned and driven by the same matter.js controller script ({@code bridge.mjs}) over two network namespaces:
 * startup to READY, full wildcard read, subscription priming, command-to-report and device-change-to-report latency
 * (median and max of 20), and the bridge's peak RSS (VmHWM).
 * Read and priming are measured twice by the same controller: through the PairedNode's InteractionClient (matter.js's
 * legacy API), which stores every chunk into the client node model and resolves every attribute's name ("read",
 * "prime"), and through matter.js's protocol-level ClientInteraction on the same CASE session, which decodes every
 * value with its cluster's schema and delivers it, without the model ("plain"); the attribute values and chunks the
 * plain read received are logged too. Figures are logged, never asserted; only that
 * both reads delivered the same number of values, each decoded.
 */
class MatterBridgeBenchmark {

    private static final Logger LOG = LoggerFactory.getLogger(MatterBridgeBenchmark.class);
    private static final Path INTEROP = Path.of("src/test/interop");
    private static final Path PROTOCOL = Path.of("../matter-protocol/src");
    private static final Path JVM_OPTIONS = Path.of("../bridge-service/src/main/dist/jvm.options");
    private static final Path TEST_PAA = PROTOCOL.resolve("test/resources/attestation/Chip-Test-PAA-FFF1-Cert.pem");
    private static final Path TEST_CD_SIGNER = PROTOCOL.resolve(
            "main/resources/attestation/Chip-Test-CD-Signing-Cert.pem");
    private static final Duration STEP = Duration.ofSeconds(300);
    private static final int ROUNDS = 20;
    private static final long ON_OFF_LIGHT = 0x0100;

    @TempDir
    Path work;

    @Test
    void compareWithMatterJs() throws Exception {
        List<Integer> sizes = new ArrayList<>();
        for (String size : System.getProperty("bench.sizes", "1,50,200").split(",")) {
            sizes.add(Integer.parseInt(size.trim()));
        }
        LOG.info("bridge    N  startup_ms read_ms prime_ms cmd_med cmd_max chg_med chg_max peak_rss_kib"
                + " plain_rd plain_prm  attrs chunks");
        for (int n : sizes) {
            for (String side : List.of("cpe-bridge", "matter.js")) {
                measure(side, n);
            }
        }
    }

    private void measure(String side, int n) throws Exception {
        Path dir = Files.createDirectories(work.resolve(side + "-" + n));
        Path paaDir = Files.createDirectories(dir.resolve("paa"));
        Files.copy(TEST_PAA, paaDir.resolve(TEST_PAA.getFileName()));
        Files.write(paaDir.resolve("Chip-Test-PAA-NoVID-Cert.der"), noVidPaa());
        try (NetNsPair pair = NetNsPair.create()) {
            long start = System.nanoTime();
            NamespacedProcess bridge = side.equals("cpe-bridge")
                    ? NamespacedProcess.start(pair.namespaceA(), ourCommand(dir, n, pair), null, "cpe-bridge")
                    : NamespacedProcess.start(pair.namespaceA(), List.of("node", "bench-bridge.mjs", "--lights",
                            Integer.toString(n), "--state-dir", dir.resolve("bridge").toString(), "--interface",
                            pair.interfaceA()), INTEROP, "matter.js bridge");
            try (bridge) {
                bridge.awaitLine("READY"::equals, STEP);
                long startupMs = (System.nanoTime() - start) / 1_000_000;
                try (NamespacedProcess controller = NamespacedProcess.start(pair.namespaceB(),
                        controllerCommand(side, n, dir, paaDir, pair), INTEROP, "bridge.mjs")) {
                    Map<String, Object> read = event(controller, "read");
                    Map<String, Object> plainRead = event(controller, "plainRead");
                    Map<String, Object> plainSubscribed = event(controller, "plainSubscribed");
                    Map<String, Object> subscribed = event(controller, "subscribed");
                    List<Integer> lights = lightEndpoints(read);
                    assertEquals(n, lights.size(), "lights on " + side);
                    // The plain read delivered exactly what the model-backed read did, every value decoded.
                    assertEquals(number(read.get("attributes")), number(plainRead.get("attributes")), "plain read");
                    assertEquals(number(plainRead.get("attributes")), number(plainRead.get("withValue")), "values");
                    List<Double> command = new ArrayList<>();
                    List<Double> change = new ArrayList<>();
                    boolean on = false;
                    for (int i = 0; i < ROUNDS; i++) {
                        int index = i % n;
                        int endpoint = lights.get(index);
                        controller.send("{\"op\":\"invoke\",\"endpoint\":" + endpoint
                                + ",\"cluster\":\"onOff\",\"command\":\"toggle\"}");
                        Map<String, Object> result = event(controller, "result");
                        assertEquals(Boolean.TRUE, result.get("ok"), result.toString());
                        Map<String, Object> report = report(controller, endpoint);
                        command.add(number(report.get("at")) - number(result.get("sentAt")));

                        bridge.send("toggle " + (index + 1));
                        String changed = bridge.awaitLine(l -> l.startsWith("CHANGED "), STEP);
                        Map<String, Object> changeReport = report(controller, endpoint);
                        change.add(number(changeReport.get("at")) - Double.parseDouble(changed.substring(8)));
                        on = !on;
                    }
                    long rss = peakRssKib(bridge.pid());
                    LOG.info(String.format("%-10s %3d %10d %7d %8d %7.1f %7.1f %7.1f %7.1f %12d %8d %9d %6d %6d",
                            side, n, startupMs, ((Number) read.get("ms")).longValue(),
                            ((Number) subscribed.get("ms")).longValue(), median(command), max(command),
                            median(change), max(change), rss, ((Number) plainRead.get("ms")).longValue(),
                            ((Number) plainSubscribed.get("ms")).longValue(),
                            ((Number) plainRead.get("attributes")).longValue(),
                            ((Number) plainRead.get("chunks")).longValue()));
                    controller.send("{\"op\":\"quit\"}");
                    controller.awaitExit(STEP);
                }
                bridge.closeStdin();
                bridge.awaitExit(STEP);
            }
        }
    }

    /**
     * Our bridge's command line: the router's JVM flags as the shipped launcher gives them (every flag of
     * bridge-service's {@code jvm.options}, and {@code MALLOC_ARENA_MAX=1}; the flags left out with
     * {@code bench.routerFlags=false}, to measure the JVM's defaults against them), then {@code bench.jvmArgs}
     * (space-separated, {@code {N}} replaced by the size; e.g. a JFR recording or a debug log level for a profiling
     * run), then the bridge process. The launcher itself runs the shaded jar, which lacks the test devices.
     */
    private static List<String> ourCommand(Path dir, int n, NetNsPair pair) throws IOException {
        List<String> command = new ArrayList<>(List.of("env", "MALLOC_ARENA_MAX=1",
                Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        if (Boolean.parseBoolean(System.getProperty("bench.routerFlags", "true"))) {
            command.addAll(routerFlags());
        }
        String extra = System.getProperty("bench.jvmArgs", "").trim();
        if (!extra.isEmpty()) {
            for (String arg : extra.split("\\s+")) {
                command.add(arg.replace("{N}", Integer.toString(n)));
            }
        }
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), BridgeDevicesProcess.class.getName(),
                dir.resolve("bridge").toString(), n + ":onofflight", "matter.interface=" + pair.interfaceA(),
                "matter.discriminator=3840", "matter.passcode=20202021"));
        return command;
    }

    /** The flags of bridge-service's {@code jvm.options}: one per line, {@code #} starts a comment. */
    private static List<String> routerFlags() throws IOException {
        List<String> flags = new ArrayList<>();
        for (String line : Files.readAllLines(JVM_OPTIONS)) {
            String flag = line.replaceFirst("#.*", "").strip();
            if (!flag.isEmpty()) {
                flags.add(flag);
            }
        }
        if (!flags.contains("-XX:+UseSerialGC")) {
            throw new IllegalStateException(JVM_OPTIONS + " has no router flags: " + flags);
        }
        return flags;
    }

    /**
     * The controller's command line: {@code node}, then {@code bench.controllerNodeArgs} (space-separated, {@code {N}}
     * and {@code {SIDE}} replaced; e.g. {@code --cpu-prof} for a profile of the controller), then {@code bridge.mjs}.
     */
    private static List<String> controllerCommand(String side, int n, Path dir, Path paaDir, NetNsPair pair)
            throws Exception {
        List<String> command = new ArrayList<>(List.of("node"));
        String extra = System.getProperty("bench.controllerNodeArgs", "").trim();
        if (!extra.isEmpty()) {
            for (String arg : extra.split("\\s+")) {
                command.add(arg.replace("{N}", Integer.toString(n)).replace("{SIDE}", side));
            }
        }
        command.addAll(List.of("bridge.mjs", "--plain-too", "--interface", pair.interfaceB(), "--pairing-code",
                "34970112332",
                "--paa-dir", paaDir.toString(), "--cd-signer", TEST_CD_SIGNER.toAbsolutePath().toString(),
                "--fabric-dir", Files.createDirectories(dir.resolve("controller")).toString()));
        return command;
    }

    private static Map<String, Object> event(NamespacedProcess controller, String event) throws Exception {
        String line = controller.awaitLine(l -> l.startsWith("{\"event\":\"" + event + "\"")
                || l.startsWith("{\"event\":\"failed\""), STEP);
        Map<String, Object> parsed = Json.parseObject(line);
        assertEquals(event, parsed.get("event"), line);
        return parsed;
    }

    private static Map<String, Object> report(NamespacedProcess controller, int endpoint) throws Exception {
        return Json.parseObject(controller.awaitLine(l -> l.startsWith("{\"event\":\"report\"")
                && l.contains("\"endpoint\":" + endpoint + ",\"cluster\":6,\"attribute\":0,"), STEP));
    }

    @SuppressWarnings("unchecked")
    private static List<Integer> lightEndpoints(Map<String, Object> read) {
        List<Integer> lights = new ArrayList<>();
        Map<String, Map<String, Object>> endpoints = (Map<String, Map<String, Object>>) read.get("endpoints");
        endpoints.forEach((id, summary) -> {
            if (((List<Object>) summary.get("servers")).stream().anyMatch(s -> ((Number) s).longValue() == 6)) {
                // The same lights on both sides: On/Off Light 0x0100 (not a Dimmable Light, not a plug).
                assertTrue(((List<Object>) summary.get("deviceTypes")).stream()
                        .anyMatch(t -> ((Number) t).longValue() == ON_OFF_LIGHT), "endpoint " + id + ": " + summary);
                lights.add(Integer.parseInt(id));
            }
        });
        lights.sort(Integer::compare);
        return lights;
    }

    /** matter.js attests its devices with the SDK's test PAA without vendor id; taken from the installed package. */
    private static byte[] noVidPaa() throws Exception {
        String source = Files.readString(INTEROP.resolve(
                "node_modules/@matter/protocol/dist/esm/certificate/ChipPAAuthorities.js"));
        int at = source.indexOf("TestCert_PAA_NoVID_Cert = ");
        assertTrue(at >= 0, "matter.js test PAA not found");
        int open = source.indexOf('"', at);
        return HexFormat.of().parseHex(source.substring(open + 1, source.indexOf('"', open + 1)));
    }

    private static long peakRssKib(long pid) throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return -1;
    }

    private static double number(Object value) {
        return ((Number) value).doubleValue();
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }

    private static double max(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
    }
}
