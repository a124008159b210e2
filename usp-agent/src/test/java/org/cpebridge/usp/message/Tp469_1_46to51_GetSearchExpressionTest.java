package org.cpebridge.usp.message;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** TP-469 1.46-1.51 and 1.82: search expressions with each comparison, and a search that matches nothing. */
class Tp469_1_46to51_GetSearchExpressionTest {
    private final TestAgent agent = new TestAgent();

    private List<String> resolved(String path) {
        return List.copyOf(TestAgent.byPath(agent.getOk(path)).keySet());
    }

    @Test
    void tp1_46_equivalence() {
        assertEquals(List.of("Device.LocalAgent.Controller.1.", "Device.LocalAgent.Controller.1.MTP.1."),
                resolved("Device.LocalAgent.Controller.[Enable==true]."), "the matched row and its sub-objects");
    }

    @Test
    void tp1_47_nonEquivalence() {
        assertEquals(List.of("Device.LocalAgent.Controller.2."),
                resolved("Device.LocalAgent.Controller.[Alias!=\"isp\"].Alias"));
    }

    @Test
    void tp1_48_exclusiveGreater() {
        assertEquals(List.of("Device.LocalAgent.Controller.1."),
                resolved("Device.LocalAgent.Controller.[PeriodicNotifInterval>60].Alias"));
    }

    @Test
    void tp1_49_exclusiveLesser() {
        assertEquals(List.of("Device.LocalAgent.Controller.2."),
                resolved("Device.LocalAgent.Controller.[PeriodicNotifInterval<86400].Alias"));
    }

    @Test
    void tp1_50_inclusiveGreater() {
        assertEquals(List.of("Device.LocalAgent.Controller.1.", "Device.LocalAgent.Controller.2."),
                resolved("Device.LocalAgent.Controller.[PeriodicNotifInterval>=60].Alias"));
    }

    @Test
    void tp1_51_inclusiveLesser() {
        assertEquals(List.of("Device.LocalAgent.Controller.2."),
                resolved("Device.LocalAgent.Controller.[PeriodicNotifInterval<=60].Alias"));
    }

    @Test
    void tp1_82_unmatchedSearchExpressionIsEmptyNotAnError() {
        assertEquals(List.of(), resolved("Device.LocalAgent.Controller.[Alias==\"none\"&&Enable==true]."));
    }

    @Test
    void tp1_86_unresolvedInstancesWithSearchPath() {
        assertEquals(List.of(), resolved("Device.LocalAgent.Controller.*.MTP.[Alias==\"none\"].Enable"));
    }

    @Test
    void tp1_87_unresolvedInstanceByObjectPathIs7026() {
        // R-GET.0: a path (not a search) that matches nothing in the instantiated model
        assertEquals(7026, agent.get("Device.LocalAgent.Controller.99.").getReqPathResults(0).getErrCode());
    }
}
