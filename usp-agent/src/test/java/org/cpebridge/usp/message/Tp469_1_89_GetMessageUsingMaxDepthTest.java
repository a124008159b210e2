package org.cpebridge.usp.message;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** TP-469 1.89 and R-GET.5: max_depth limits the tree below the requested path; 0 means all of it. */
class Tp469_1_89_GetMessageUsingMaxDepthTest {
    private final TestAgent agent = new TestAgent();

    private List<String> resolved(int maxDepth, String path) {
        return List.copyOf(TestAgent.byPath(agent.get(maxDepth, path).getReqPathResults(0)).keySet());
    }

    @Test
    void depthOneIsTheObjectItself() {
        assertEquals(List.of("Device.LocalAgent."), resolved(1, "Device.LocalAgent."));
    }

    @Test
    void depthTwoAddsTheFirstLevel() {
        assertEquals(List.of("Device.LocalAgent.", "Device.LocalAgent.Controller.1.",
                "Device.LocalAgent.Controller.2."), resolved(2, "Device.LocalAgent."));
    }

    @Test
    void depthThreeAddsTheSecondLevel() {
        assertEquals(List.of("Device.LocalAgent.", "Device.LocalAgent.Controller.1.",
                "Device.LocalAgent.Controller.1.MTP.1.", "Device.LocalAgent.Controller.2.",
                "Device.LocalAgent.ControllerTrust.Role.1."), resolved(3, "Device.LocalAgent."));
    }

    @Test
    void zeroIsUnlimited() {
        assertEquals(resolved(0, "Device."), resolved(100, "Device."));
        assertEquals(11, resolved(0, "Device.").size(), "every object with parameters");
    }
}
