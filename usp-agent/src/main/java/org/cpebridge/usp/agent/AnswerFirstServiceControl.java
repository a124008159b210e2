package org.cpebridge.usp.agent;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.cpebridge.core.spi.ServiceControl;

/**
 * The service control the data model sees: a restart or factory reset that a message asks for ({@code
 * Device.Reboot()}, {@code Device.FactoryReset()}) is held until {@link #release} is called, which the face does once
 * the message's answers are handed to the MTP. Passed on at once, the request would let the service stop the MTP
 * before the OperateResp is out (the Controller then never learns the command ran); held, the MTP's stop is queued
 * behind the answer's publish, and the MTP's graceful stop waits for publishes in flight.
 *
 * <p>Owning thread: the agent's serial executor (requests and {@link #release} both run there).
 */
final class AnswerFirstServiceControl implements ServiceControl {
    private final ServiceControl service;
    private final List<Runnable> held = new ArrayList<>();

    AnswerFirstServiceControl(ServiceControl service) {
        this.service = Objects.requireNonNull(service, "service");
    }

    @Override
    public void requestRestart(String reason) {
        held.add(() -> service.requestRestart(reason));
    }

    @Override
    public void requestFactoryReset(String reason) {
        held.add(() -> service.requestFactoryReset(reason));
    }

    @Override
    public BridgeInfo bridgeInfo() {
        return service.bridgeInfo();
    }

    /** Passes on the requests held since the last call (after the current message's answers have been sent). */
    void release() {
        if (held.isEmpty()) {
            return;
        }
        List<Runnable> due = List.copyOf(held);
        held.clear();
        due.forEach(Runnable::run);
    }
}
