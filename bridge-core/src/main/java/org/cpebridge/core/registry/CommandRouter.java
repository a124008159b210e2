package org.cpebridge.core.registry;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import org.cpebridge.core.model.AttributeRef;
import org.cpebridge.core.model.AttributeSpec;
import org.cpebridge.core.model.Capability;
import org.cpebridge.core.model.CommandSpec;
import org.cpebridge.core.model.Device;
import org.cpebridge.core.model.DeviceException;
import org.cpebridge.core.model.DeviceId;
import org.cpebridge.core.model.ErrorKind;
import org.cpebridge.core.model.Value;
import org.cpebridge.core.spi.Adapter;
import org.cpebridge.core.spi.DeviceCommand;
import org.cpebridge.core.time.Scheduler;

/**
 * Routes the faces' commands to the adapter that owns the device ({@link DeviceId#adapter()}), after checking
 * them against the device's capabilities. Results are futures that complete normally or fail with a
 * {@link DeviceException}; a face maps its kind to a protocol status. An adapter that never answers is cut off
 * after the command timeout, so a face never waits forever. Thread-safe.
 */
public final class CommandRouter {

    /** How long a face waits for any adapter before answering TIMEOUT. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    private final DeviceRegistry registry;
    private final Scheduler scheduler;
    private final Duration timeout;
    private final Map<String, Adapter> adapters = new ConcurrentHashMap<>();

    public CommandRouter(DeviceRegistry registry, Scheduler scheduler, Duration timeout) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
    }

    /** Makes an adapter reachable for commands to its devices. */
    public void attach(String adapterId, Adapter adapter) {
        if (adapters.putIfAbsent(adapterId, adapter) != null) {
            throw new IllegalStateException("adapter " + adapterId + " is already attached");
        }
    }

    public void detach(String adapterId) {
        adapters.remove(adapterId);
    }

    /** Invokes a capability command on a device. */
    public CompletableFuture<Void> invoke(DeviceId id, String capabilityKey, String command,
                                          Map<String, Value> arguments) {
        try {
            Capability capability = capabilityOf(id, capabilityKey);
            CommandSpec spec = capability.command(command).orElseThrow(() -> new DeviceException(
                    ErrorKind.UNSUPPORTED, id + "/" + capabilityKey + " has no command " + command));
            Map<String, Value> checked = spec.checkArguments(arguments);
            return dispatch(new DeviceCommand.Invoke(id, capabilityKey, command, checked));
        } catch (DeviceException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** Writes a writable capability attribute. */
    public CompletableFuture<Void> write(AttributeRef attribute, Value value) {
        try {
            Capability capability = capabilityOf(attribute.device(), attribute.capability());
            AttributeSpec spec = capability.attribute(attribute.attribute()).orElseThrow(() ->
                    new DeviceException(ErrorKind.NOT_FOUND, attribute + " does not exist"));
            if (!spec.writable()) {
                throw new DeviceException(ErrorKind.UNSUPPORTED, attribute + " is read-only");
            }
            Value checked = spec.spec().check(attribute.toString(), value);
            return dispatch(new DeviceCommand.WriteAttribute(attribute, checked));
        } catch (DeviceException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** Opens an adapter's network for joining ("open the network for N seconds"). */
    public CompletableFuture<Void> permitJoin(String adapterId, Duration duration) {
        Adapter adapter = adapters.get(adapterId);
        if (adapter == null) {
            return CompletableFuture.failedFuture(
                    new DeviceException(ErrorKind.NOT_FOUND, "no running adapter " + adapterId));
        }
        return withTimeout(call(() -> adapter.permitJoin(duration)), "permit join on " + adapterId);
    }

    private Capability capabilityOf(DeviceId id, String capabilityKey) {
        Device device = registry.device(id)
                .orElseThrow(() -> new DeviceException(ErrorKind.NOT_FOUND, "no device " + id));
        return device.capability(capabilityKey).orElseThrow(() ->
                new DeviceException(ErrorKind.NOT_FOUND, id + " has no capability " + capabilityKey));
    }

    private CompletableFuture<Void> dispatch(DeviceCommand command) {
        Adapter adapter = adapters.get(command.device().adapter());
        if (adapter == null) {
            return CompletableFuture.failedFuture(new DeviceException(ErrorKind.UNREACHABLE,
                    "adapter " + command.device().adapter() + " is not running"));
        }
        return withTimeout(call(() -> adapter.execute(command)), command.toString());
    }

    private static CompletableFuture<Void> call(java.util.function.Supplier<CompletionStage<Void>> call) {
        try {
            CompletionStage<Void> stage = call.get();
            if (stage == null) {
                return CompletableFuture.failedFuture(
                        new DeviceException(ErrorKind.UNREACHABLE, "adapter returned no result"));
            }
            return stage.toCompletableFuture();
        } catch (RuntimeException e) {
            // An adapter should fail the future rather than throw; treat a throw the same way.
            return CompletableFuture.failedFuture(DeviceException.from(e));
        }
    }

    private CompletableFuture<Void> withTimeout(CompletableFuture<Void> pending, String what) {
        CompletableFuture<Void> result = new CompletableFuture<>();
        Scheduler.Cancellable timer = scheduler.schedule(timeout, () -> result.completeExceptionally(
                new DeviceException(ErrorKind.TIMEOUT, "no answer within " + timeout.toSeconds() + " s: " + what)));
        pending.whenComplete((ok, failure) -> {
            timer.cancel();
            if (failure == null) {
                result.complete(null);
            } else {
                result.completeExceptionally(DeviceException.from(failure));
            }
        });
        return result;
    }
}
