package org.cpebridge.usp.agent.model;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.cpebridge.core.spi.ServiceControl;
import org.cpebridge.usp.datamodel.ObjectInstance;
import org.cpebridge.usp.datamodel.ObjectProvider;
import org.cpebridge.usp.datamodel.ObjectSchema;

/** Serves {@code Device.DeviceInfo.} from the service's {@link ServiceControl.BridgeInfo}; UpTime from the clock. */
public final class DeviceInfoProvider implements ObjectProvider {
    private final ServiceControl.BridgeInfo info;
    private final String oui;
    private final Clock clock;

    public DeviceInfoProvider(ServiceControl.BridgeInfo info, String oui, Clock clock) {
        this.info = Objects.requireNonNull(info, "info");
        this.oui = Objects.requireNonNull(oui, "oui");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public List<Long> instances(ObjectInstance parent, ObjectSchema table) {
        return List.of();
    }

    @Override
    public Map<String, String> values(ObjectInstance object) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("Manufacturer", info.manufacturer());
        values.put("ManufacturerOUI", oui);
        values.put("ModelName", info.model());
        values.put("ProductClass", "SmartHomeBridge");
        values.put("SerialNumber", info.serialNumber());
        values.put("SoftwareVersion", info.softwareVersion());
        long seconds = Math.max(0, Duration.between(info.startedAt(), clock.instant()).toSeconds());
        values.put("UpTime", Long.toString(Math.min(seconds, 0xFFFF_FFFFL)));
        return values;
    }
}
