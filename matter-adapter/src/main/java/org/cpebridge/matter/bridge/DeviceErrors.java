package org.cpebridge.matter.bridge;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.cpebridge.core.model.DeviceException;
import org.cpebridge.core.model.ErrorKind;
import org.cpebridge.core.time.Scheduler;
import org.cpebridge.matter.cluster.CommandResult;
import org.cpebridge.matter.im.ImStatus;

/**
 * The Matter face's one table from core error kinds to Interaction Model statuses (STYLE.md section 9). Commands and
 * writes on bridged endpoints answer through it and nowhere else.
 */
public final class DeviceErrors {

    private DeviceErrors() {
    }

    /** The IM status for a core error kind; {@code command} picks UNSUPPORTED_COMMAND over UNSUPPORTED_ATTRIBUTE. */
    public static ImStatus status(ErrorKind kind, boolean command) {
        return switch (kind) {
            case NOT_FOUND -> ImStatus.UNSUPPORTED_ENDPOINT;
            case UNSUPPORTED -> command ? ImStatus.UNSUPPORTED_COMMAND : ImStatus.UNSUPPORTED_ATTRIBUTE;
            case INVALID_VALUE -> ImStatus.CONSTRAINT_ERROR;
            case DENIED -> ImStatus.UNSUPPORTED_ACCESS;
            case BUSY -> ImStatus.BUSY;
            case TIMEOUT -> ImStatus.TIMEOUT;
            case UNREACHABLE -> ImStatus.FAILURE;
        };
    }

    /**
     * What to answer now for a command or write handed to the core. The core checks a request against the device's
     * capability before anything reaches an adapter, so those refusals are already in the future; a request still
     * pending is SUCCESS here (a command then waits for it through {@link #later}, a write through
     * {@link #laterStatus}).
     */
    public static ImStatus immediate(CompletableFuture<Void> result, boolean command) {
        if (!result.isDone() || !result.isCompletedExceptionally()) {
            return ImStatus.SUCCESS;
        }
        try {
            result.join();
            return ImStatus.SUCCESS;
        } catch (CompletionException e) {
            return status(DeviceException.from(e.getCause()).kind(), command);
        } catch (RuntimeException e) {
            return ImStatus.FAILURE;
        }
    }

    /**
     * A command's answer once the devices have answered {@code pending}: SUCCESS when every one succeeded, else the
     * first failure through the table; TIMEOUT when they have not all answered within {@code bound} (the command stays
     * with the core, queued for a sleepy device, and a later change still arrives as a report). Completes on the
     * adapter's or the scheduler's thread.
     */
    public static CompletableFuture<CommandResult> later(List<CompletableFuture<Void>> pending, Scheduler scheduler,
            Duration bound) {
        return laterStatus(pending, scheduler, bound, true).thenApply(CommandResult::status);
    }

    /**
     * The status once the devices have answered {@code pending}, as {@link #later} (TIMEOUT at {@code bound});
     * {@code command} as for {@link #status}: false for a write, whose refusals name the attribute. Never completes
     * exceptionally.
     */
    public static CompletableFuture<ImStatus> laterStatus(List<CompletableFuture<Void>> pending, Scheduler scheduler,
            Duration bound, boolean command) {
        CompletableFuture<ImStatus> answer = new CompletableFuture<>();
        Scheduler.Cancellable timer = scheduler.schedule(bound, () -> answer.complete(ImStatus.TIMEOUT));
        CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).whenComplete((ignored, failure) -> {
            timer.cancel();
            ImStatus status = ImStatus.SUCCESS;
            for (CompletableFuture<Void> one : pending) {
                status = immediate(one, command);
                if (status != ImStatus.SUCCESS) {
                    break;
                }
            }
            answer.complete(status);
        });
        return answer;
    }
}
