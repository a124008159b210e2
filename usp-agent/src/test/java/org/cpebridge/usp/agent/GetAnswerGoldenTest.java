package org.cpebridge.usp.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.cpebridge.usp.message.ResponseBudget;
import org.cpebridge.usp.proto.UspMsg;
import org.cpebridge.usp.testing.Msgs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Get answers of a model of 200 proxied devices of every kind, byte for byte, and what each charged to its
 * response budget, against {@code get-answers-200.golden}: the file was written by the Get path before issue 20's
 * per-object rework (commit {@code 061c378}), so a faster Get that answers one byte differently, lets the privacy
 * policy decide one item differently, or charges the budget differently fails here. The requests cover the household's
 * and an ISP-Operations Controller's whole-table Get, max_depth, wildcard, search and addressed paths, commands,
 * missing rows, a repeated path, an ISP Controller's grants (one device, and a search target), and the radio
 * networks' rows that {@code InterfaceReference} names.
 *
 * <p>A changed answer is written to {@code target/get-answers/NAME.txt} (object path and parameters, one a line) to
 * compare with a run of the old code. {@code -Dgolden.write=DIR} writes the golden file into DIR instead of checking.
 */
class GetAnswerGoldenTest {
    private static final String GOLDEN = "get-answers-200.golden";

    @TempDir
    Path dir;

    /** The requests: a name, the Controller, max_depth and the paths. */
    private record Request(String name, String controller, int maxDepth, List<String> paths) { }

    private static final List<String> MIXED = List.of(
            "Device.ProxiedDevice.*.Name",
            "Device.ProxiedDevice.*.IoTCapability.*.BinaryControl.Value",
            "Device.ProxiedDevice.*.IoTCapability.*.LevelSensor.",
            "Device.ProxiedDevice.[Type==\"Light\"].IoTCapability.1.",
            "Device.ProxiedDevice.[Online==false].LastTimeContacted",
            "Device.ProxiedDevice.7.IoTCapability.",
            "Device.ProxiedDevice.3.IoTCapability.1.Name",
            "Device.ProxiedDevice.3.IoTCapability.1.EnumControl.Value",
            "Device.ProxiedDevice.6.IoTCapability.2.BinarySensor.Value",
            "Device.ProxiedDevice.7.IoTCapability.2.BinarySensor.Value",
            "Device.ProxiedDevice.6.",
            "Device.ProxiedDevice.9999.",
            "Device.ProxiedDevice.1.IoTCapability.1.BinaryControl.Toggle()",
            "Device.ProxiedDevice.2.Nonsense",
            "Device.ProxiedDevice.*.Name",
            "Device.ProxiedDeviceNumberOfEntries");

    private static final List<Request> REQUESTS = List.of(
            new Request("household-all", ProxiedDevicesFixture.HOUSEHOLD, 0, List.of("Device.ProxiedDevice.")),
            new Request("isp-all", ProxiedDevicesFixture.ISP, 0, List.of("Device.ProxiedDevice.")),
            new Request("household-depth-2", ProxiedDevicesFixture.HOUSEHOLD, 2,
                    List.of("Device.ProxiedDevice.", "Device.ProxiedDevice.3.")),
            new Request("isp-depth-3", ProxiedDevicesFixture.ISP, 3, List.of("Device.ProxiedDevice.")),
            new Request("household-mixed", ProxiedDevicesFixture.HOUSEHOLD, 0, MIXED),
            new Request("isp-mixed", ProxiedDevicesFixture.ISP, 0, MIXED),
            new Request("household-radio", ProxiedDevicesFixture.HOUSEHOLD, 0,
                    List.of("Device.ProxiedDevice.*.InterfaceReference", "Device.ZigBee.", "Device.X_CPEBRIDGE_ULE.")),
            new Request("household-trust", ProxiedDevicesFixture.HOUSEHOLD, 0,
                    List.of("Device.LocalAgent.ControllerTrust.", "Device.LocalAgent.Subscription.")),
            new Request("isp-trust", ProxiedDevicesFixture.ISP, 0,
                    List.of("Device.LocalAgent.ControllerTrust.", "Device.LocalAgent.Subscription.")));

    @Test
    void getAnswersAndTheirChargesAreTheGoldenOnes() throws Exception {
        Map<String, String> actual = new LinkedHashMap<>();
        Map<String, UspMsg.Msg> answers = new LinkedHashMap<>();
        try (ProxiedDevicesFixture fixture = new ProxiedDevicesFixture(dir, 200)) {
            for (Request r : REQUESTS) {
                ResponseBudget budget = ResponseBudget.unlimited();
                UspMsg.Msg answer = fixture.get(r.controller(), r.maxDepth(), budget,
                        r.paths().toArray(new String[0]));
                answers.put(r.name(), answer);
                actual.put(r.name(), line(r.name(), answer, budget));
            }
            checkMeaning(answers);
        }
        String written = System.getProperty("golden.write");
        if (written != null) {
            Files.writeString(Path.of(written).resolve(GOLDEN), String.join("\n", actual.values()) + "\n");
            return;
        }
        Map<String, String> golden = golden();
        List<String> changed = new ArrayList<>();
        for (Map.Entry<String, String> e : actual.entrySet()) {
            if (!e.getValue().equals(golden.get(e.getKey()))) {
                changed.add(e.getKey());
                Path out = Path.of("target", "get-answers");
                Files.createDirectories(out);
                Files.writeString(out.resolve(e.getKey() + ".txt"), text(answers.get(e.getKey())));
            }
        }
        assertEquals(golden.keySet(), actual.keySet(), "the golden file's requests");
        assertEquals(List.of(), changed, "answers that differ from the golden ones (see target/get-answers/): "
                + changed.stream().map(actual::get).toList());
    }

    /** Not only the same bytes: the bytes say what the policy allows (a golden of a wrong answer would pass). */
    private static void checkMeaning(Map<String, UspMsg.Msg> answers) {
        Map<String, Map<String, String>> household = Msgs.resolved(answers.get("household-all"));
        Map<String, Map<String, String>> isp = Msgs.resolved(answers.get("isp-all"));
        long devices = household.keySet().stream().filter(p -> p.matches("Device\\.ProxiedDevice\\.\\d+\\.")).count();
        assertEquals(200, devices);
        assertEquals(household.keySet(), isp.keySet(), "the ISP sees every object (INVENTORY), not more");
        assertTrue(household.values().stream().anyMatch(m -> m.containsKey("LastTimeContacted")));
        for (Map.Entry<String, Map<String, String>> e : isp.entrySet()) {
            String path = e.getKey();
            Map<String, String> params = e.getValue();
            assertFalse(params.containsKey("LastTimeContacted"), path + ": ACTIVITY");
            if (path.matches("Device\\.ProxiedDevice\\.\\d+\\.")) {
                assertFalse(params.containsKey("Name"), path + ": IDENTITY");
                assertTrue(params.containsKey("Online"), path + ": HEALTH");
            }
            boolean granted = path.startsWith(ProxiedDevicesFixture.GRANTED_DEVICE)
                    || "Light".equals(household.get(path.replaceFirst("^(Device\\.ProxiedDevice\\.\\d+\\.).*", "$1"))
                    .get("Type"));
            boolean energyOrState = path.matches(".*\\.IoTCapability\\.\\d+\\.(BinaryControl|LevelControl|EnumControl"
                    + "|BinarySensor)\\.")
                    || path.matches(".*\\.LevelSensor\\.") && !"Battery".equals(params.get("Type"));
            if (energyOrState && !granted) {
                assertFalse(params.containsKey("Value"), path + ": STATE or ENERGY without a grant");
            }
        }
        assertTrue(isp.entrySet().stream().anyMatch(e -> e.getKey().startsWith(ProxiedDevicesFixture.GRANTED_DEVICE)
                && e.getValue().containsKey("Value")), "the granted device's STATE");
        assertTrue(isp.entrySet().stream().anyMatch(e -> e.getKey().contains(".IoTCapability.")
                && !e.getKey().startsWith(ProxiedDevicesFixture.GRANTED_DEVICE) && e.getValue().containsKey("Value")),
                "the lights' STATE (a grant by a search target)");
    }

    private static String line(String name, UspMsg.Msg answer, ResponseBudget budget) throws Exception {
        byte[] bytes = answer.toByteArray();
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        return name + " bytes=" + bytes.length + " charged=" + budget.used() + " sha256=" + sha;
    }

    private static Map<String, String> golden() throws IOException {
        Map<String, String> lines = new LinkedHashMap<>();
        try (InputStream in = GetAnswerGoldenTest.class.getResourceAsStream(GOLDEN)) {
            if (in == null) {
                throw new IOException(GOLDEN + " is missing from the test resources");
            }
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (!line.isBlank()) {
                    lines.put(line.substring(0, line.indexOf(' ')), line);
                }
            }
        }
        return lines;
    }

    /** The answer as text: each requested path's error or objects, with their parameters in wire order. */
    private static String text(UspMsg.Msg answer) {
        StringBuilder out = new StringBuilder();
        for (UspMsg.GetResp.RequestedPathResult r : answer.getBody().getResponse().getGetResp()
                .getReqPathResultsList()) {
            out.append("requested ").append(r.getRequestedPath()).append(" err ").append(r.getErrCode()).append(' ')
                    .append(r.getErrMsg()).append('\n');
            for (UspMsg.GetResp.ResolvedPathResult p : r.getResolvedPathResultsList()) {
                out.append("  ").append(p.getResolvedPath()).append('\n');
                p.getResultParamsMap().forEach((k, v) -> out.append("    ").append(k).append('=').append(v)
                        .append('\n'));
            }
        }
        return out.toString();
    }
}
