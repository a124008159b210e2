package org.cpebridge.matter.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The namespace harness itself: addresses as promised, a child JVM inside sees them, and close leaves nothing. */
class NetNsPairIT {

    @Test
    void createsTwoLinkedNamespacesAndRemovesThemEvenWithAProcessInside() throws Exception {
        NetNsPair pair = NetNsPair.create();
        String namespaceA = pair.namespaceA();
        try {
            String addressesA = pair.exec(namespaceA, "ip", "-6", "addr", "show", "dev", pair.interfaceA());
            assertTrue(addressesA.contains("inet6 fd77::1/64"), addressesA);
            assertTrue(addressesA.contains("inet6 fe80::1/64"), addressesA);
            assertFalse(addressesA.contains("tentative"), addressesA);
            String addressesB = pair.exec(pair.namespaceB(), "ip", "-6", "addr", "show", "dev", pair.interfaceB());
            assertTrue(addressesB.contains("inet6 fd77::2/64"), addressesB);
            // The namespace holds only lo and its veth end: nothing of the host's interfaces.
            String links = pair.exec(namespaceA, "ip", "-o", "link", "show");
            assertEquals(2, links.strip().lines().count(), links);

            try (NamespacedProcess child = NamespacedProcess.startJvm(namespaceA, InterfaceListProcess.class)) {
                String line = child.awaitLine(l -> l.startsWith(pair.interfaceA()), Duration.ofSeconds(60));
                assertTrue(line.contains("fd77:0:0:0:0:0:0:1"), line);
                assertEquals(0, child.awaitExit(Duration.ofSeconds(60)));
            }
            // A long-running process inside must not keep the namespace alive.
            NamespacedProcess.start(namespaceA, List.of("sleep", "600"), null, "sleep");
        } finally {
            pair.close();
        }
        String remaining = NetNsPair.run("ip", "netns", "list");
        assertFalse(remaining.contains(namespaceA), remaining);
        assertFalse(remaining.contains(pair.namespaceB()), remaining);
    }
}
