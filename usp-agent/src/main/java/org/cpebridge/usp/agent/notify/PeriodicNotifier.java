package org.cpebridge.usp.agent.notify;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;
import org.cpebridge.core.time.Scheduler;
import org.cpebridge.usp.agent.model.LocalAgentProvider;

/**
 * One timer per enabled Controller that fires at its {@code PeriodicNotifTime} plus a multiple of its
 * {@code PeriodicNotifInterval} ({@link PeriodicSchedule}) and sends {@code Device.LocalAgent.Periodic!} to that
 * Controller's Event subscriptions (TP-469 1.59). Each timer is a one-shot from the injected scheduler that re-arms
 * itself; {@link #refresh} re-reads the Controller table after it changed and re-arms only Controllers whose settings
 * changed (an Unknown Time reference is the moment the timer was first armed, so the phase stays put).
 *
 * <p>Owning thread: the agent's executor; timers hop onto it.
 */
public final class PeriodicNotifier {
    private final Notifier notifier;
    private final LocalAgentProvider localAgent;
    private final Scheduler scheduler;
    private final Clock clock;
    private final Executor executor;
    private final Map<String, Armed> armed = new HashMap<>();

    private record Settings(Duration interval, Instant time) {
    }

    private static final class Armed {
        final Settings settings;
        final Instant reference;
        Scheduler.Cancellable timer;

        Armed(Settings settings, Instant reference) {
            this.settings = settings;
            this.reference = reference;
        }
    }

    public PeriodicNotifier(Notifier notifier, LocalAgentProvider localAgent, Scheduler scheduler, Clock clock,
            Executor executor) {
        this.notifier = Objects.requireNonNull(notifier, "notifier");
        this.localAgent = Objects.requireNonNull(localAgent, "localAgent");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.executor = Objects.requireNonNull(executor, "executor");
    }

    /** Arms, re-arms or stops the Controllers' timers after a change to the Controller table (and at start). */
    public void refresh() {
        Map<String, Settings> wanted = new HashMap<>();
        for (LocalAgentProvider.ControllerEntry c : localAgent.controllers()) {
            if (c.enabled()) {
                localAgent.controllerValues(c.endpointId()).flatMap(PeriodicNotifier::settings)
                        .ifPresent(s -> wanted.put(c.endpointId(), s));
            }
        }
        armed.entrySet().removeIf(e -> {
            if (e.getValue().settings.equals(wanted.get(e.getKey()))) {
                return false;
            }
            e.getValue().timer.cancel();
            return true;
        });
        wanted.forEach((controllerId, s) -> {
            if (!armed.containsKey(controllerId)) {
                Instant reference = s.time().equals(PeriodicSchedule.UNKNOWN_TIME) ? clock.instant() : s.time();
                Armed a = new Armed(s, reference);
                armed.put(controllerId, a);
                arm(controllerId, a);
            }
        });
    }

    /** Stops every timer. */
    public void close() {
        armed.values().forEach(a -> a.timer.cancel());
        armed.clear();
    }

    private void arm(String controllerId, Armed a) {
        Instant now = clock.instant();
        Instant due = PeriodicSchedule.next(now, a.reference, a.settings.interval());
        a.timer = scheduler.schedule(Duration.between(now, due), () -> executor.execute(() -> {
            if (armed.get(controllerId) == a) {
                notifier.periodic(controllerId);
                arm(controllerId, a);
            }
        }));
    }

    private static Optional<Settings> settings(Map<String, String> controller) {
        try {
            long interval = Long.parseLong(controller.getOrDefault("PeriodicNotifInterval", "0"));
            if (interval < 1) {
                return Optional.empty();
            }
            Instant time = java.time.OffsetDateTime.parse(controller.getOrDefault("PeriodicNotifTime",
                    PeriodicSchedule.UNKNOWN_TIME.toString())).toInstant();
            return Optional.of(new Settings(Duration.ofSeconds(interval), time));
        } catch (NumberFormatException | DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
