package org.cpebridge.usp.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** Loopback TCP ports free at the moment of asking, for brokers and listeners a test starts. */
public final class FreePorts {
    private FreePorts() {
    }

    /** A TCP port on the loopback address that nothing listens on now. */
    public static int tcp() throws IOException {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        }
    }
}
