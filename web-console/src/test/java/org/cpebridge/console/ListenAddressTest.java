package org.cpebridge.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

class ListenAddressTest {

    @Test
    void anIpAddressIsUsedAsItIs() {
        ListenAddress listen = ListenAddress.resolve(InetSocketAddress.createUnresolved("127.0.0.1", 8080));
        assertEquals(new InetSocketAddress(InetAddress.getLoopbackAddress(), 8080), listen.address());
        assertFalse(listen.fallback());
    }

    @Test
    void aMissingInterfaceFallsBackToLoopbackNeverTheWildcard() {
        ListenAddress listen = ListenAddress.resolve(InetSocketAddress.createUnresolved("no-such-if0", 8080));
        assertTrue(listen.fallback());
        assertTrue(listen.address().getAddress().isLoopbackAddress(), listen.toString());
        assertEquals(8080, listen.address().getPort());
    }

    @Test
    void anInterfaceNameGivesThatInterfacesAddress() {
        ListenAddress listen = ListenAddress.resolve(InetSocketAddress.createUnresolved("lo", 0));
        assertFalse(listen.fallback());
        assertEquals("127.0.0.1", listen.address().getAddress().getHostAddress());
    }
}
