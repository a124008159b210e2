package org.cpebridge.usp.agent.access;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.cpebridge.usp.datamodel.TestModel;
import org.junit.jupiter.api.Test;

/**
 * Search expressions in permission Targets (TR-181 Permission.Targets: "a Search Path ... all Parameter Paths that
 * result from the evaluation"), resolved over {@link TestModel} and cached per model generation.
 */
class SearchTargetsTest {
    private final TestModel t = new TestModel();
    private final AtomicLong generation = new AtomicLong();
    private final SearchTargets search = new SearchTargets(() -> t.model, generation::get);

    @Test
    void aSearchIsReplacedByTheInstancesItMatchesNow() {
        assertEquals(List.of("Device.LocalAgent.Controller.1.MTP."),
                search.expand("Device.LocalAgent.Controller.[EndpointID==\"proto::isp\"].MTP."));
        assertEquals(List.of("Device.LocalAgent.Controller.1.", "Device.LocalAgent.Controller.2."),
                search.expand("Device.LocalAgent.Controller.[Alias!=\"nobody\"]."));
        assertEquals(List.of("Device.ProxiedDevice.1.Name"),
                search.expand("Device.ProxiedDevice.[Alias==\"plug\"].Name"));
        assertEquals(List.of(), search.expand("Device.ProxiedDevice.[Alias==\"none\"]."));
    }

    @Test
    void targetsThatDoNotResolveCoverNothing() {
        assertEquals(List.of(), search.expand("Device.NoSuchTable.[A==1]."));
        assertEquals(List.of(), search.expand("Device.ProxiedDevice.[Alias==unquoted]."));
    }

    @Test
    void anExpansionIsKeptUntilTheGenerationChanges() {
        String target = "Device.LocalAgent.Controller.[EndpointID==\"proto::isp\"].";
        assertEquals(List.of("Device.LocalAgent.Controller.1."), search.expand(target));
        t.provider.put("Device.LocalAgent.Controller.1.", "EndpointID", "proto::renamed");
        assertEquals(List.of("Device.LocalAgent.Controller.1."), search.expand(target), "same message: cached");
        generation.incrementAndGet();
        assertEquals(List.of(), search.expand(target), "next message: evaluated again");
    }
}
