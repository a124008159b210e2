package org.cpebridge.matter.bridge;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.cpebridge.core.model.DeviceException;
import org.cpebridge.core.model.ErrorKind;
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
     * capability before anything reaches an adapter, so those refusals are already in the future; a request the core
     * accepted is answered SUCCESS and delivered (queued for a sleepy device) by the adapter.
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
}
