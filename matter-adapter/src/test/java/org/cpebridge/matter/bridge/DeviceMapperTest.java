package org.cpebridge.matter.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.cpebridge.core.event.EventBus;
import org.cpebridge.core.model.Capability;
import org.cpebridge.core.model.CapabilityType;
import org.cpebridge.core.model.Device;
import org.cpebridge.core.model.DeviceId;
import org.cpebridge.core.model.DeviceKind;
import org.cpebridge.core.registry.CommandRouter;
import org.cpebridge.core.registry.DeviceRegistry;
import org.cpebridge.core.store.FileDurableStore;
import org.cpebridge.core.testing.ManualClock;
import org.cpebridge.core.testing.ManualScheduler;
import org.cpebridge.matter.cluster.DeviceType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Matter device type of an On/Off-only device follows the adapter's kind: light or plug-in unit; both have Scenes
 * Management, which the Device Library requires of either.
 */
class DeviceMapperTest {
    @TempDir
    Path dataDir;

    private List<Long> deviceTypes(DeviceKind kind) {
        return plan(kind).deviceTypes().stream().map(DeviceType::id).toList();
    }

    private DeviceMapper.EndpointPlan plan(DeviceKind kind) {
        ManualClock clock = new ManualClock();
        DeviceRegistry registry = new DeviceRegistry(new EventBus(Runnable::run), clock,
                new FileDurableStore(dataDir));
        DeviceMapper mapper = new DeviceMapper(registry,
                new CommandRouter(registry, new ManualScheduler(clock), Duration.ofSeconds(30)));
        Device device = Device.builder(DeviceId.of("dect", "0F025E0001")).kind(kind)
                .capabilities(Capability.of(CapabilityType.ON_OFF)).build();
        return mapper.plan(device).get(0);
    }

    @Test
    void anOnOffLightIsAnOnOffLightAndOtherOnOffDevicesArePlugInUnits() {
        assertEquals(List.of(0x0100L), deviceTypes(DeviceKind.LIGHT));
        assertEquals(List.of(0x010AL), deviceTypes(DeviceKind.PLUG));
        assertEquals(List.of(0x010AL), deviceTypes(DeviceKind.UNSPECIFIED));
    }

    @Test
    void onOffLightsAndPlugInUnitsHaveScenesManagement() {
        for (DeviceKind kind : List.of(DeviceKind.LIGHT, DeviceKind.PLUG)) {
            assertEquals(1, plan(kind).clusters().stream().filter(c -> c.spec().id() == 0x0062).count(),
                    kind.name());
        }
    }
}
