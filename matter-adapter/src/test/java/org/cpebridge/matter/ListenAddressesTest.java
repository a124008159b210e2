package org.cpebridge.matter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The Matter socket's addresses: the interface's own, loopback only without it, never the wildcard. */
class ListenAddressesTest {

    @Test
    void theInterfacesAddressesAreBoundAndNothingElse() throws Exception {
        List<InetAddress> lan = List.of(InetAddress.getByName("fd77::1"), InetAddress.getByName("fe80::1"),
                InetAddress.getByName("192.168.1.1"));
        ListenAddresses chosen = ListenAddresses.choose("br-lan", Optional.of(lan));
        assertEquals(lan, chosen.addresses());
        assertTrue(chosen.description().contains("'br-lan'"), chosen.description());
    }

    @Test
    void aMissingOrEmptyInterfaceMeansLoopbackOnlyAndTheLogSaysWhy() throws Exception {
        for (Optional<List<InetAddress>> none : List.<Optional<List<InetAddress>>>of(Optional.empty(),
                Optional.of(List.of()))) {
            ListenAddresses chosen = ListenAddresses.choose("br-lan", none);
            assertEquals(List.of(InetAddress.getByName("::1"), InetAddress.getByName("127.0.0.1")),
                    chosen.addresses());
            assertTrue(chosen.description().startsWith("loopback only: interface 'br-lan'"), chosen.description());
        }
    }
}
