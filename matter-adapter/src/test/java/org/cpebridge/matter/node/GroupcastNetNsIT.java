package org.cpebridge.matter.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.cpebridge.matter.testing.GroupcastBridgeProcess;
import org.cpebridge.matter.testing.GroupcastSenderProcess;
import org.cpebridge.matter.testing.NamespacedProcess;
import org.cpebridge.matter.testing.NetNsPair;
import org.cpebridge.matter.testing.TestDevices;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Group communication end to end, in two network namespaces (never on the machine's interfaces): the Matter face
 * with three simulated lights in namespace A, bound to its veth as {@code matter.interface}, joins the multicast
 * addresses of its groups on that interface; a sender in namespace B sends group-addressed Toggle commands to those
 * addresses. The kitchen group's lights (1 and 2) toggle; light 3, a member of the hall group that no ACL entry names,
 * does not; a replayed message and one behind the counter window act on nothing; and though every message asks for an
 * MRP acknowledgement, nothing at all comes back to the sender.
 *
 * <p>The sender is our own codec in a child JVM ({@link GroupcastSenderProcess}), so that it can send what a real
 * controller does not: a replay, a privacy-obfuscated header, a counter behind the window. matter.js is the sender of
 * well-formed group commands in {@code MatterJsGroupcastInteropIT}, which also sets the groups up through the
 * clusters. Here the bridge's own group tables are written before its last start (see
 * {@link GroupcastBridgeProcess}), so that the test reaches the replays and the window without a controller.
 */
class GroupcastNetNsIT {

    @TempDir
    Path dataDir;

    @Test
    void aGroupToggleReachesTheMembersTheAclLetsItOperate() throws Exception {
        try (NetNsPair pair = NetNsPair.create();
             NamespacedProcess bridge = NamespacedProcess.startJvm(pair.namespaceA(), GroupcastBridgeProcess.class,
                     dataDir.toString(), "provisioned", "matter.interface=" + pair.interfaceA(), "matter.port=5540",
                     "matter.passcode=20202021", "matter.discriminator=3840")) {
            String[] fabric = bridge.awaitLine(line -> line.startsWith("FABRIC "), Duration.ofSeconds(60))
                    .split(" ");
            bridge.awaitLine("READY"::equals, Duration.ofSeconds(30));
            long fabricId = Long.parseUnsignedLong(fabric[1], 16);
            String kitchen = Groupcast.multicastAddress(fabricId, GroupcastBridgeProcess.KITCHEN).getHostAddress();
            String hall = Groupcast.multicastAddress(fabricId, GroupcastBridgeProcess.HALL).getHostAddress();
            awaitJoined(pair, List.of(kitchen, hall));

            int k = GroupcastBridgeProcess.KITCHEN;
            int h = GroupcastBridgeProcess.HALL;
            try (NamespacedProcess sender = NamespacedProcess.startJvm(pair.namespaceB(),
                    GroupcastSenderProcess.class, pair.interfaceB(), "5540", fabric[1], fabric[2],
                    GroupcastBridgeProcess.EPOCH_KEY,
                    k + ":100",           // trusted first: lights 1 and 2 toggle
                    k + ":100",           // replayed: nothing
                    h + ":101",           // hall group: light 3 is a member, but the ACL names only the kitchen
                    k + ":102:private",   // privacy-obfuscated header: lights 1 and 2 toggle
                    k + ":90",            // behind the window the first message set: nothing
                    k + ":103")) {        // lights 1 and 2 toggle
                // Every message asked for an acknowledgement (R flag): none comes, nor any answer.
                assertEquals("REPLIES 0", sender.awaitLine(l -> l.startsWith("REPLIES "), Duration.ofSeconds(30)));
                sender.awaitLine("DONE"::equals, Duration.ofSeconds(30));
                assertEquals(0, sender.awaitExit(Duration.ofSeconds(10)), sender.stderr());
            }
            Map<String, Integer> toggles = new TreeMap<>();
            List<String> commands = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                String line = bridge.awaitLine(l -> l.startsWith("COMMAND "), Duration.ofSeconds(20));
                commands.add(line);
                toggles.merge(line.split(" ")[1], 1, Integer::sum);
            }
            assertEquals(Map.of(TestDevices.id(1).toString(), 3, TestDevices.id(2).toString(), 3), toggles,
                    commands.toString());
            assertTrue(commands.stream().allMatch(line -> line.toLowerCase().contains("onoff")), commands.toString());
            // Nothing more comes: not light 3, not a second delivery of the replay.
            assertThrows(IOException.class, () -> bridge.awaitLine(l -> l.startsWith("COMMAND "),
                    Duration.ofSeconds(2)));
            bridge.closeStdin();
            assertEquals(0, bridge.awaitExit(Duration.ofSeconds(20)), bridge.stderr());
        }
    }

    /** The bridge's namespace lists the groups' addresses on its veth (joining completes on the I/O loop). */
    private static void awaitJoined(NetNsPair pair, List<String> addresses) throws Exception {
        String joined = "";
        for (int attempt = 0; attempt < 100; attempt++) {
            joined = pair.exec(pair.namespaceA(), "ip", "-6", "maddr", "show", "dev", pair.interfaceA());
            String listed = joined;
            if (addresses.stream().allMatch(listed::contains)) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("multicast groups " + addresses + " not joined on " + pair.interfaceA() + ":\n"
                + joined);
    }
}
