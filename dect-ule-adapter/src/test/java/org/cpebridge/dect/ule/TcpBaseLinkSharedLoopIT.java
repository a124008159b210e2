package org.cpebridge.dect.ule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.util.concurrent.TimeUnit;

import org.cpebridge.core.spi.FacePorts;
import org.junit.jupiter.api.AfterEach;

/**
 * Every {@link TcpBaseLinkIT} case again with the link on a shared I/O group, as the service runs it (the group offered
 * in {@link FacePorts}); after each case the link has closed and the group must still run.
 */
class TcpBaseLinkSharedLoopIT extends TcpBaseLinkIT {
    private final EventLoopGroup shared = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());

    @Override
    void configure(TcpBaseLink link) {
        FacePorts ports = new FacePorts();
        ports.provide(EventLoopGroup.class, shared);
        link.useSharedEventLoop(ports);
    }

    @AfterEach
    void sharedGroupOutlivesTheLink() throws Exception {
        // Runs after the base class's close (JUnit runs a subclass's @AfterEach first, so close here too: idempotent).
        stop();
        try {
            assertFalse(shared.isShuttingDown(), "the link left the shared group running");
            assertEquals("running", shared.submit(() -> "running").get(5, TimeUnit.SECONDS));
        } finally {
            shared.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly();
        }
    }
}
