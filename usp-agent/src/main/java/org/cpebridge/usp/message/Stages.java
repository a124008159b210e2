package org.cpebridge.usp.message;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import org.cpebridge.usp.datamodel.DataModelException;
import org.cpebridge.usp.error.UspReasons;

/** Helpers for the provider stages the write handlers wait on. */
final class Stages {
    private Stages() {
    }

    /** Runs {@code call}, turning an exception it throws into a failed stage. */
    static <T> CompletableFuture<T> safely(java.util.function.Supplier<CompletionStage<T>> call) {
        try {
            return call.get().toCompletableFuture();
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    static Throwable unwrap(Throwable error) {
        Throwable e = error;
        while (e instanceof CompletionException && e.getCause() != null) {
            e = e.getCause();
        }
        return e;
    }

    /** The USP code of a provider failure; anything but a {@link DataModelException} counts as {@code fallback}. */
    static int code(Throwable error, int fallback) {
        return unwrap(error) instanceof DataModelException e ? e.errorCode() : fallback;
    }

    static String message(Throwable error, int fallback) {
        Throwable cause = unwrap(error);
        return cause instanceof DataModelException ? cause.getMessage() : UspReasons.standard(fallback);
    }
}
