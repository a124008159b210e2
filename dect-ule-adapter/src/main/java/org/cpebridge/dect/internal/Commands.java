package org.cpebridge.dect.internal;

import java.util.concurrent.CompletableFuture;

import org.cpebridge.core.model.AttributeRef;
import org.cpebridge.core.model.Capability;
import org.cpebridge.core.model.DeviceException;
import org.cpebridge.core.model.ErrorKind;
import org.cpebridge.core.registry.DeviceRegistry;
import org.cpebridge.core.spi.DeviceCommand;
import org.cpebridge.dect.hanfun.ResultCode;

/**
 * Carries out a core command on a registered device: {@link CommandMapper} picks the HAN-FUN message, the node's
 * request queue sends it, and the answer becomes the command's result (and the state it confirms).
 *
 * <p>Owned by the adapter's serial executor.
 */
public final class Commands {
    private final DeviceRegistry registry;
    private final Requests requests;
    private final Reports reports;

    public Commands(DeviceRegistry registry, Requests requests, Reports reports) {
        this.registry = registry;
        this.requests = requests;
        this.reports = reports;
    }

    /** @throws DeviceException NOT_FOUND, UNSUPPORTED or BUSY before anything is sent */
    public void execute(Session session, DeviceCommand command, CompletableFuture<Void> result) {
        String capabilityKey = command instanceof DeviceCommand.Invoke invoke ? invoke.capability()
                : ((DeviceCommand.WriteAttribute) command).attribute().capability();
        Capability capability = session.model.capability(capabilityKey).orElseThrow(() ->
                new DeviceException(ErrorKind.NOT_FOUND, command.device() + " has no capability " + capabilityKey));
        int unit = session.model.units().get(capabilityKey);
        CommandMapper.Outgoing outgoing = CommandMapper.map(capability, command, (key, attribute) ->
                registry.state(new AttributeRef(session.id, key, attribute)).map(s -> s.value()).orElse(null));
        requests.request(session, unit, outgoing.message()).whenComplete((response, error) -> {
            if (error != null) {
                result.completeExceptionally(DeviceException.from(error));
                return;
            }
            ResultCode code = CommandMapper.resultOf(response);
            if (!code.isOk()) {
                result.completeExceptionally(new DeviceException(CommandMapper.kindOf(code),
                        command.device() + " answered " + code.name()));
                return;
            }
            if (outgoing.confirmed() != null) {
                reports.update(session, outgoing.confirmed());
            }
            result.complete(null);
        });
    }
}
