package org.cpebridge.usp.agent.model;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.IntSupplier;
import java.util.function.Supplier;
import org.cpebridge.core.spi.ServiceControl;
import org.cpebridge.core.store.DurableStore;
import org.cpebridge.usp.datamodel.CommandSchema;
import org.cpebridge.usp.datamodel.DataModelException;
import org.cpebridge.usp.datamodel.ObjectInstance;
import org.cpebridge.usp.datamodel.ObjectSchema;
import org.cpebridge.usp.error.UspErrors;
import org.cpebridge.usp.error.UspReasons;
import org.cpebridge.usp.message.KeyedCommands;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves the {@code Device.} object itself: RootDataModelVersion, ProxiedDeviceNumberOfEntries, and the
 * {@code Reboot()} and {@code FactoryReset()} commands (synchronous in TR-181 Device:2.19). Each stores the cause the
 * next start's {@code Boot!} Event reports ({@link BootCause}: the Cause input, {@code RemoteReboot} /
 * {@code RemoteFactoryReset} by default, the Operate's command_key and the Reason input) and then asks the service to
 * restart or reset. The face passes that request on only once the OperateResp is handed to the MTP (the agent's
 * {@code AnswerFirstServiceControl}), so the Controller gets its answer before the restart stops the MTP
 * ({@code UspMqttIT.rebootIsAnsweredBeforeTheRestartStopsTheMtp}). {@code SelfTestDiagnostics()} is the
 * served model's asynchronous command ({@link SelfTest}).
 */
public final class RootProvider implements KeyedCommands {
    private static final Logger LOG = LoggerFactory.getLogger(RootProvider.class);

    private final ServiceControl control;
    private final IntSupplier proxiedDevices;
    private final DurableStore store;
    private final Supplier<CompletionStage<Map<String, String>>> selfTest;

    public RootProvider(ServiceControl control, IntSupplier proxiedDevices, DurableStore store) {
        this(control, proxiedDevices, store, () -> CompletableFuture.failedFuture(new DataModelException(
                UspErrors.COMMAND_FAILURE, UspReasons.SELF_TEST_NOT_AVAILABLE)));
    }

    /** @param selfTest runs {@code SelfTestDiagnostics()} ({@link SelfTest#run}) */
    public RootProvider(ServiceControl control, IntSupplier proxiedDevices, DurableStore store,
            Supplier<CompletionStage<Map<String, String>>> selfTest) {
        this.control = Objects.requireNonNull(control, "control");
        this.proxiedDevices = Objects.requireNonNull(proxiedDevices, "proxiedDevices");
        this.store = Objects.requireNonNull(store, "store");
        this.selfTest = Objects.requireNonNull(selfTest, "selfTest");
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
            Map<String, String> inputArgs, String controllerId, String commandKey) {
        if (command.name().equals("SelfTestDiagnostics")) {
            LOG.info("[usp {}] Device.SelfTestDiagnostics() started", controllerId);
            return selfTest.get();
        }
        String cause;
        switch (command.name()) {
            case "Reboot" -> cause = inputArgs.getOrDefault("Cause", "RemoteReboot");
            case "FactoryReset" -> cause = inputArgs.getOrDefault("Cause", "RemoteFactoryReset");
            default -> {
                return CompletableFuture.failedFuture(new DataModelException(UspErrors.COMMAND_FAILURE,
                        UspReasons.notImplemented(command.name())));
            }
        }
        new BootCause(cause, commandKey, inputArgs.getOrDefault("Reason", "Unknown")).storeAsPending(store);
        LOG.info("[usp {}] Device.{}() requested (cause {})", controllerId, command.name(), cause);
        if (command.name().equals("Reboot")) {
            control.requestRestart("USP Device.Reboot()");
        } else {
            control.requestFactoryReset("USP Device.FactoryReset()");
        }
        return CompletableFuture.completedFuture(Map.of());
    }
}
