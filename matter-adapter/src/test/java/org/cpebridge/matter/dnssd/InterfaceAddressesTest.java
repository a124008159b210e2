package org.cpebridge.matter.dnssd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

class InterfaceAddressesTest {

    @Test
    void publishesUniqueLocalFirstThenLinkLocalAndNothingElse() throws Exception {
        List<InetAddress> onInterface = List.of(
                InetAddress.getByName("192.168.178.1"),          // IPv4: not advertised
                InetAddress.getByName("fe80::1c2b:3cff:fe4d:5e6f"), // link-local
                InetAddress.getByName("2001:db8::1"),            // global: never advertised from a router
                InetAddress.getByName("fd77::1"),                // ULA
                InetAddress.getByName("fc00::2"));               // ULA, lower half of fc00::/7

        assertEquals(List.of(InetAddress.getByName("fd77::1"), InetAddress.getByName("fc00::2"),
                InetAddress.getByName("fe80::1c2b:3cff:fe4d:5e6f")), List.copyOf(InterfaceAddresses.select(onInterface)));
    }

    @Test
    void anInterfaceWithoutUsableAddressIsRejected() throws Exception {
        assertEquals(List.of(), InterfaceAddresses.select(List.of(InetAddress.getByName("10.0.0.1"))));
        assertThrows(IllegalArgumentException.class, () -> new InterfaceAddresses("eth9", List.of()));
        assertThrows(DnsSdException.class, () -> InterfaceAddresses.of("no-such-if0"));
    }

    @Test
    void loopbackIsRefusedBecauseItCannotMulticast() {
        // lo has ::1 only (not link-local, not ULA) and no multicast flag.
        assertThrows(DnsSdException.class, () -> InterfaceAddresses.of("lo"));
    }
}
