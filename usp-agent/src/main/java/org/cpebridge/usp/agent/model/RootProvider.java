package org.cpebridge.usp.agent.model;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.IntSupplier;
import org.cpebridge.core.spi.ServiceControl;
import org.cpebridge.usp.datamodel.CommandSchema;
import org.cpebridge.usp.datamodel.DataModelException;
import org.cpebridge.usp.datamodel.ObjectInstance;
import org.cpebridge.usp.datamodel.ObjectProvider;
import org.cpebridge.usp.datamodel.ObjectSchema;

/**
 * Serves the {@code Device.} object itself: RootDataModelVersion, ProxiedDeviceNumberOfEntries, and the
 * {@code Reboot()} and {@code FactoryReset()} commands, which ask the service to restart or reset (the service
 * does it after the OperateResp has gone out).
 */
public final class RootProvider implements ObjectProvider {
    private final ServiceControl control;
    private final IntSupplier proxiedDevices;

    public RootProvider(ServiceControl control, IntSupplier proxiedDevices) {
        this.control = Objects.requireNonNull(control, "control");
        this.proxiedDevices = Objects.requireNonNull(proxiedDevices, "proxiedDevices");
    }

    @Override
    public List<Long> instances(ObjectInstance parent, ObjectSchema table) {
        return List.of();
    }

    @Override
    public Map<String, String> values(ObjectInstance object) {
        return Map.of("RootDataModelVersion", Tr181Schema.ROOT_DATA_MODEL_VERSION,
                "ProxiedDeviceNumberOfEntries", Integer.toString(proxiedDevices.getAsInt()));
    }

    @Override
    public CompletionStage<Map<String, String>> operate(ObjectInstance object, CommandSchema command,
            Map<String, String> inputArgs) {
        switch (command.name()) {
            case "Reboot" -> control.requestRestart("USP Device.Reboot()");
            case "FactoryReset" -> control.requestFactoryReset("USP Device.FactoryReset()");
            default -> {
                return CompletableFuture.failedFuture(new DataModelException(7022, command.name()
                        + "() is not implemented"));
            }
        }
        return CompletableFuture.completedFuture(Map.of());
    }
}
