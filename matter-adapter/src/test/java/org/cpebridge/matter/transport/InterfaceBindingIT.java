package org.cpebridge.matter.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Set;
import org.cpebridge.matter.testing.BridgeFaceProcess;
import org.cpebridge.matter.testing.NamespacedProcess;
import org.cpebridge.matter.testing.NetNsPair;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Matter face as the service runs it, in namespace A with {@code matter.interface} naming A's veth: the kernel's
 * own socket table of that namespace shows the Matter port bound only to the veth's addresses (its ULA and
 * link-local), not to the wildcard and not to the namespace's loopback.
 */
class InterfaceBindingIT {

    private static final Duration STEP = Duration.ofSeconds(60);
    private static final int PORT = 5540;

    @TempDir
    Path dataDir;

    @Test
    void theMatterSocketIsBoundOnlyToTheInterfacesAddresses() throws Exception {
        try (NetNsPair pair = NetNsPair.create();
             NamespacedProcess face = NamespacedProcess.startJvm(pair.namespaceA(), BridgeFaceProcess.class,
                     dataDir.toString(), "matter.interface=" + pair.interfaceA(), "matter.port=" + PORT)) {
            face.awaitLine("READY"::equals, STEP);

            Set<InetAddress> bound = new HashSet<>();
            bound.addAll(boundOnPort(pair.exec(pair.namespaceA(), "cat", "/proc/net/udp6")));
            bound.addAll(boundOnPort(pair.exec(pair.namespaceA(), "cat", "/proc/net/udp")));

            assertEquals(Set.of(InetAddress.getByName(NetNsPair.ULA_A), InetAddress.getByName(NetNsPair.LINK_LOCAL_A)),
                    bound, "UDP " + PORT + " in namespace A");
            assertFalse(bound.stream().anyMatch(InetAddress::isAnyLocalAddress));
            face.closeStdin();
            assertEquals(0, face.awaitExit(STEP), face.stderr());
        }
    }

    /** The local addresses of the sockets on {@link #PORT} in a /proc/net/udp or udp6 table. */
    private static Set<InetAddress> boundOnPort(String table) throws Exception {
        Set<InetAddress> addresses = new HashSet<>();
        for (String line : table.lines().skip(1).toList()) {
            String[] local = line.trim().split("\\s+")[1].split(":");
            if (Integer.parseInt(local[1], 16) != PORT) {
                continue;
            }
            // The kernel prints the address as 32-bit words in host byte order (little-endian here).
            byte[] raw = HexFormat.of().parseHex(local[0]);
            byte[] address = new byte[raw.length];
            for (int word = 0; word < raw.length; word += 4) {
                for (int i = 0; i < 4; i++) {
                    address[word + i] = raw[word + 3 - i];
                }
            }
            addresses.add(InetAddress.getByAddress(address));
        }
        assertTrue(addresses.size() < 10, table);
        return addresses;
    }
}
