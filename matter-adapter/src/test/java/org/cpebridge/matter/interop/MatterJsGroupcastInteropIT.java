package org.cpebridge.matter.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.cpebridge.core.json.Json;
import org.cpebridge.matter.testing.GroupcastBridgeProcess;
import org.cpebridge.matter.testing.NamespacedProcess;
import org.cpebridge.matter.testing.NetNsPair;
import org.cpebridge.matter.testing.TestDevices;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Group communication with matter.js 0.17.9 as the sender, over a veth pair between two network namespaces: the
 * controller commissions the bridge (three simulated lights; its group directory stands in for the Groups and Group
 * Key Management clusters, with the key set and memberships of {@link GroupcastBridgeProcess}), writes the bridge's ACL
 * to its administrator entry plus an Operate entry for the kitchen group (AuthMode Group), installs the same epoch key
 * on its own fabric and sends On/Off Toggle to the kitchen group, the hall group and the kitchen group again through
 * its group session (multicast, no answer). The kitchen lights toggle twice each; the hall light, whose group no ACL
 * entry names, never.
 */
class MatterJsGroupcastInteropIT {

    private static final Path INTEROP = Path.of("src/test/interop");
    private static final Path PROTOCOL = Path.of("../matter-protocol/src");
    private static final Path TEST_PAA = PROTOCOL.resolve("test/resources/attestation/Chip-Test-PAA-FFF1-Cert.pem");
    private static final Path TEST_CD_SIGNER = PROTOCOL.resolve(
            "main/resources/attestation/Chip-Test-CD-Signing-Cert.pem");
    private static final Duration STEP = Duration.ofSeconds(120);

    @TempDir
    Path work;

    @Test
    void matterJsGroupTogglesReachTheKitchenLightsOnly() throws Exception {
        assertTrue(Files.isDirectory(INTEROP.resolve("node_modules/@project-chip/matter.js")),
                "matter.js is not installed in " + INTEROP.toAbsolutePath() + ": run scripts/setup-test-peers.sh");
        Path paaDir = Files.createDirectories(work.resolve("paa"));
        Files.copy(TEST_PAA, paaDir.resolve(TEST_PAA.getFileName()));
        Path controller = Files.createDirectories(work.resolve("controller"));
        int kitchen = GroupcastBridgeProcess.KITCHEN;
        int hall = GroupcastBridgeProcess.HALL;
        try (NetNsPair pair = NetNsPair.create();
             NamespacedProcess bridge = NamespacedProcess.startJvm(pair.namespaceA(), GroupcastBridgeProcess.class,
                     work.resolve("bridge").toString(), "commissionable", "matter.interface=" + pair.interfaceA(),
                     "matter.discriminator=3840", "matter.passcode=20202021")) {
            bridge.awaitLine("READY"::equals, STEP);
            Map<String, Object> commissioned = run(pair, "commission.mjs", "--pairing-code", "34970112332",
                    "--paa-dir", paaDir.toString(), "--cd-signer", TEST_CD_SIGNER.toAbsolutePath().toString(),
                    "--fabric-dir", controller.toString());
            assertEquals(Boolean.TRUE, commissioned.get("commissioned"), commissioned.toString());

            Map<String, Object> sent = run(pair, "group.mjs", "--fabric-dir", controller.toString(),
                    "--key-set", Integer.toString(GroupcastBridgeProcess.KEY_SET),
                    "--epoch-key", GroupcastBridgeProcess.EPOCH_KEY, "--acl-group", Integer.toString(kitchen),
                    "--send", kitchen + "," + hall + "," + kitchen);
            assertEquals(0, ((Number) sent.get("aclWrite")).intValue(), sent.toString());
            assertEquals(List.of(kitchen, hall, kitchen), ((List<?>) sent.get("sent")).stream()
                    .map(n -> ((Number) n).intValue()).toList(), sent.toString());

            Map<String, Integer> toggles = new TreeMap<>();
            List<String> commands = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                String line = bridge.awaitLine(l -> l.startsWith("COMMAND "), Duration.ofSeconds(20));
                commands.add(line);
                toggles.merge(line.split(" ")[1], 1, Integer::sum);
            }
            assertEquals(Map.of(TestDevices.id(1).toString(), 2, TestDevices.id(2).toString(), 2), toggles,
                    commands + "\n" + sent);
            assertThrows(IOException.class, () -> bridge.awaitLine(l -> l.startsWith("COMMAND "),
                    Duration.ofSeconds(2)), "the hall light must not act");
            bridge.closeStdin();
            assertEquals(0, bridge.awaitExit(STEP), bridge.stderr());
        }
    }

    private static Map<String, Object> run(NetNsPair pair, String script, String... arguments) throws Exception {
        List<String> command = new ArrayList<>(List.of("node", script, "--interface", pair.interfaceB()));
        command.addAll(List.of(arguments));
        try (NamespacedProcess node = NamespacedProcess.start(pair.namespaceB(), command, INTEROP, script)) {
            String line = node.awaitLine(l -> l.startsWith("{"), STEP);
            int exit = node.awaitExit(STEP);
            assertEquals(0, exit, script + " failed: " + line + "\n" + node.stderr());
            return Json.parseObject(line);
        }
    }
}
