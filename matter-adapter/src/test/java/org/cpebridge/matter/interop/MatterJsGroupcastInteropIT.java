package org.cpebridge.matter.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.cpebridge.matter.testing.GroupcastBridgeProcess;
import org.cpebridge.matter.testing.NamespacedProcess;
import org.cpebridge.matter.testing.NetNsPair;
import org.cpebridge.matter.testing.TestDevices;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Groups end to end as a controller sets them up, with matter.js 0.17.9 as the controller, over a veth pair between
 * two network namespaces, strict attestation. The bridge (three simulated lights) uses its own group tables: nothing
 * is installed behind the clusters' back. The controller commissions the bridge; over CASE it writes the ACL (its
 * administrator entry plus an Operate entry with AuthMode Group for the kitchen group), a group key set
 * (KeySetWrite), a GroupKeyMap mapping the kitchen and hall groups to it, and Groups AddGroup of the kitchen group on
 * lights 1 and 2 and of the hall group on light 3; it installs the same key set on its own fabric and sends On/Off
 * Toggle through its group session (multicast, no answer) to the kitchen, hall and kitchen groups: the kitchen
 * lights toggle twice each, the hall light, whose group no ACL entry names, never. RemoveGroup takes light 1 out of
 * the kitchen group: the next kitchen Toggle reaches light 2 only. Then the bridge restarts on the same data
 * directory: it listens on the groups' multicast addresses again by itself ({@code ip maddr} in its namespace), and a
 * kitchen Toggle from a controller that sets nothing up reaches light 2 again, and light 1 still not.
 */
class MatterJsGroupcastInteropIT {

    private static final Duration STEP = MatterJsControllerSide.STEP;

    @TempDir
    Path work;

    @Test
    void groupsSetUpThroughTheClustersToggleTheirMembersAndSurviveARestart() throws Exception {
        Path controller = Files.createDirectories(work.resolve("controller"));
        Path bridgeData = work.resolve("bridge");
        int kitchen = GroupcastBridgeProcess.KITCHEN;
        int hall = GroupcastBridgeProcess.HALL;
        String light1 = TestDevices.id(1).toString();
        String light2 = TestDevices.id(2).toString();
        try (NetNsPair pair = NetNsPair.create()) {
            MatterJsControllerSide controllers = MatterJsControllerSide.create(pair, work);
            List<String> multicast;
            try (NamespacedProcess bridge = controllers.startBridge(GroupcastBridgeProcess.class, bridgeData,
                    "commissionable")) {
                Map<String, Integer> endpoints = awaitEndpoints(bridge);
                bridge.awaitLine("READY"::equals, STEP);
                controllers.commission(MatterJsControllerSide.PAIRING_CODE, controller);

                int e1 = endpoints.get(light1);
                int e2 = endpoints.get(light2);
                int e3 = endpoints.get(TestDevices.id(3).toString());
                List<String> setUp = List.of("acl", "keyset", "map:" + kitchen + "+" + hall,
                        "add:" + kitchen + "@" + e1, "add:" + kitchen + "@" + e2, "add:" + hall + "@" + e3);
                List<String> steps = new ArrayList<>(setUp);
                steps.addAll(List.of("send:" + kitchen, "send:" + hall, "send:" + kitchen,
                        "remove:" + kitchen + "@" + e1, "send:" + kitchen));
                Map<String, Object> done = groupSteps(controllers, controller, steps);
                Map<String, Object> statuses = asMap(done.get("statuses"));
                for (String step : steps) {
                    assertEquals(0, ((Number) statuses.get(step)).intValue(), step + ": " + done);
                }
                assertEquals(List.of(kitchen, hall, kitchen, kitchen), numbers(done.get("sent")), done.toString());
                multicast = strings(done.get("multicast"));

                // Kitchen, hall, kitchen: lights 1 and 2 twice; then, light 1 out of the group, light 2 once more.
                assertEquals(Map.of(light1, 2, light2, 3), toggles(bridge, 5), done.toString());
                assertThrows(IOException.class, () -> bridge.awaitLine(l -> l.startsWith("COMMAND "),
                        Duration.ofSeconds(2)), "neither the hall light nor a light that left the group may act");
                bridge.closeStdin();
                assertEquals(0, bridge.awaitExit(STEP), bridge.stderr());
            }

            // The same data directory: the tables come back from the store and the groups are joined again.
            try (NamespacedProcess bridge = controllers.startBridge(GroupcastBridgeProcess.class, bridgeData,
                    "commissionable")) {
                awaitEndpoints(bridge);
                bridge.awaitLine("READY"::equals, STEP);
                awaitJoined(pair, Set.copyOf(multicast));
                Map<String, Object> again = groupSteps(controllers, controller, List.of("send:" + kitchen));
                assertEquals(List.of(kitchen), numbers(again.get("sent")), again.toString());
                assertEquals(Map.of(light2, 1), toggles(bridge, 1), again.toString());
                assertThrows(IOException.class, () -> bridge.awaitLine(l -> l.startsWith("COMMAND "),
                        Duration.ofSeconds(2)), "light 1 left the kitchen group before the restart");
                bridge.closeStdin();
                assertEquals(0, bridge.awaitExit(STEP), bridge.stderr());
            }
        }
    }

    /** The bridged endpoint of each light, as the bridge prints them before READY. */
    private static Map<String, Integer> awaitEndpoints(NamespacedProcess bridge) throws Exception {
        Map<String, Integer> endpoints = new HashMap<>();
        for (int i = 0; i < 3; i++) {
            String[] line = bridge.awaitLine(l -> l.startsWith("ENDPOINT "), STEP).split(" ");
            int endpoint = Integer.parseInt(line[2]);
            assertTrue(endpoint > 1, String.join(" ", line));
            endpoints.put(line[1], endpoint);
        }
        return endpoints;
    }

    /** group.mjs with the test's key set, the kitchen group for the ACL entry, and {@code steps}. */
    private static Map<String, Object> groupSteps(MatterJsControllerSide controllers, Path controller,
            List<String> steps) throws Exception {
        return controllers.run("group.mjs", "--fabric-dir", controller.toString(),
                "--key-set", Integer.toString(GroupcastBridgeProcess.KEY_SET),
                "--epoch-key", GroupcastBridgeProcess.EPOCH_KEY,
                "--acl-group", Integer.toString(GroupcastBridgeProcess.KITCHEN), "--steps", String.join(",", steps));
    }

    /** The next {@code count} commands the lights receive, counted per device; each must be an On/Off one. */
    private static Map<String, Integer> toggles(NamespacedProcess bridge, int count) throws Exception {
        Map<String, Integer> toggles = new TreeMap<>();
        List<String> commands = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String line = bridge.awaitLine(l -> l.startsWith("COMMAND "), Duration.ofSeconds(20));
            commands.add(line);
            toggles.merge(line.split(" ")[1], 1, Integer::sum);
        }
        assertTrue(commands.stream().allMatch(line -> line.toLowerCase().contains("onoff")), commands.toString());
        return toggles;
    }

    /** The bridge's namespace lists every one of {@code addresses} on its veth. */
    private static void awaitJoined(NetNsPair pair, Set<String> addresses) throws Exception {
        Set<InetAddress> wanted = new HashSet<>();
        for (String address : addresses) {
            wanted.add(InetAddress.getByName(address));
        }
        String listed = "";
        for (int attempt = 0; attempt < 100; attempt++) {
            listed = pair.exec(pair.namespaceA(), "ip", "-6", "maddr", "show", "dev", pair.interfaceA());
            Set<InetAddress> joined = new HashSet<>();
            for (String line : listed.split("\n")) {
                String[] words = line.trim().split("\\s+");
                if (words.length >= 2 && words[0].equals("inet6")) {
                    joined.add(InetAddress.getByName(words[1]));
                }
            }
            if (joined.containsAll(wanted)) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("multicast groups " + addresses + " not joined on " + pair.interfaceA() + ":\n"
                + listed);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asMap(Object value) {
        assertTrue(value instanceof Map, String.valueOf(value));
        return new LinkedHashMap<>((Map<String, Object>) value);
    }

    private static List<Integer> numbers(Object value) {
        return ((List<?>) value).stream().map(n -> ((Number) n).intValue()).toList();
    }

    private static List<String> strings(Object value) {
        return ((List<?>) value).stream().map(String::valueOf).toList();
    }
}
