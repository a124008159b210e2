package org.cpebridge.dect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;

import org.cpebridge.core.spi.AdapterStatus;
import org.junit.jupiter.api.Test;

/**
 * The module's own default is {@code dect.mode = simulator} (docs/architecture.md says so), and the simulator lives in
 * another module: a router build without it must not start silently with no base, but fail with a status that says
 * what to set.
 */
class DectAdapterWithoutSimulatorTest {

    @Test
    void theDefaultModeWithoutTheSimulatorModuleFailsNamingTheTcpMode() {
        TestContext context = new TestContext(Runnable::run, new TestContext.MemoryStore());
        DectAdapter adapter = new DectAdapter(context, Optional.empty());
        try {
            adapter.start();
            AdapterStatus last = context.statuses.get(context.statuses.size() - 1);
            assertEquals(AdapterStatus.State.FAILED, last.state());
            assertTrue(last.reason().contains("dect.mode = tcp"), last.reason());
            assertTrue(adapter.simulatedBase().isEmpty());
        } finally {
            adapter.close();
        }
    }
}
