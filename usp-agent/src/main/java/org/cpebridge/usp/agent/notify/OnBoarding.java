package org.cpebridge.usp.agent.notify;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;
import org.cpebridge.core.time.Scheduler;
import org.cpebridge.usp.agent.model.LocalAgentProvider;
import org.cpebridge.usp.proto.UspMsg;

/**
 * OnBoardRequest (TR-369 R-NOT.5/6/6a; TR-181 {@code Controller.{i}.SendOnBoardRequest()}, OnBoardingComplete,
 * OnBoardingRestartTime; TP-469 1.60, 1.101-1.103). {@code SendOnBoardRequest()} sets OnBoardingComplete to false
 * and sends the request, retried until the Controller answers; once answered, if OnBoardingComplete is still false and
 * OnBoardingRestartTime is above 0, another request follows that many seconds later, until the Controller sets
 * OnBoardingComplete to true (which cancels the timer). At start, {@link #atStart} sends one to every Controller
 * whose OnBoardingComplete is false.
 *
 * <p>Owning thread: the agent's executor; timers hop onto it.
 */
public final class OnBoarding {
    private final Notifier notifier;
    private final LocalAgentProvider localAgent;
    private final Scheduler scheduler;
    private final Executor executor;
    private final UspMsg.Notify.OnBoardRequest request;
    private final Map<String, Scheduler.Cancellable> restarts = new HashMap<>();

    /**
     * @param oui             the agent's OUI (DeviceInfo.ManufacturerOUI)
     * @param productClass    DeviceInfo.ProductClass
     * @param serialNumber    DeviceInfo.SerialNumber
     * @param versions        the USP versions this agent speaks, e.g. {@code 1.0,1.1,1.2,1.3,1.4}
     */
    public OnBoarding(Notifier notifier, LocalAgentProvider localAgent, Scheduler scheduler, Executor executor,
            String oui, String productClass, String serialNumber, String versions) {
        this.notifier = Objects.requireNonNull(notifier, "notifier");
        this.localAgent = Objects.requireNonNull(localAgent, "localAgent");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.executor = Objects.requireNonNull(executor, "executor");
        this.request = UspMsg.Notify.OnBoardRequest.newBuilder().setOui(oui).setProductClass(productClass)
                .setSerialNumber(serialNumber).setAgentSupportedProtocolVersions(versions).build();
    }

    /**
     * At start (the first MTP link is up): an OnBoardRequest to every enabled Controller whose OnBoardingComplete is
     * false (R-NOT.5 item 3: the parameter "signifies the Controller requires an OnBoardRequest"). A row stored by an
     * older build without the parameter counts as complete.
     */
    public void atStart() {
        for (LocalAgentProvider.ControllerEntry controller : localAgent.controllers()) {
            String id = controller.endpointId();
            if (controller.enabled() && localAgent.controllerValues(id)
                    .map(v -> "false".equals(v.get("OnBoardingComplete"))).orElse(false)) {
                request(id);
            }
        }
    }

    /** Sends an OnBoardRequest to the Controller (its SendOnBoardRequest() ran). */
    public void request(String controllerId) {
        cancelRestart(controllerId);
        notifier.onBoardRequest(controllerId, request, () -> answered(controllerId));
    }

    /** Re-reads OnBoardingComplete after a change to the Controller table: a completed on-boarding stops restarts. */
    public void refresh() {
        restarts.keySet().removeIf(controllerId -> {
            if (stillOnBoarding(controllerId)) {
                return false;
            }
            restarts.get(controllerId).cancel();
            return true;
        });
    }

    /** Stops every restart timer. */
    public void close() {
        restarts.values().forEach(Scheduler.Cancellable::cancel);
        restarts.clear();
    }

    private void answered(String controllerId) {
        long restartSeconds = localAgent.controllerValues(controllerId)
                .map(v -> parse(v.get("OnBoardingRestartTime"))).orElse(0L);
        if (restartSeconds <= 0 || !stillOnBoarding(controllerId)) {
            return;
        }
        cancelRestart(controllerId);
        restarts.put(controllerId, scheduler.schedule(Duration.ofSeconds(restartSeconds), () -> executor.execute(() -> {
            restarts.remove(controllerId);
            if (stillOnBoarding(controllerId)) {
                notifier.onBoardRequest(controllerId, request, () -> answered(controllerId));
            }
        })));
    }

    private boolean stillOnBoarding(String controllerId) {
        Optional<Map<String, String>> values = localAgent.controllerValues(controllerId);
        return values.isPresent() && !Boolean.parseBoolean(values.get().get("OnBoardingComplete"));
    }

    private void cancelRestart(String controllerId) {
        Scheduler.Cancellable old = restarts.remove(controllerId);
        if (old != null) {
            old.cancel();
        }
    }

    private static long parse(String value) {
        try {
            return value == null ? 0 : Long.parseLong(value);
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
