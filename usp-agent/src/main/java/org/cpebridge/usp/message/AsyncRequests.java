package org.cpebridge.usp.message;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

/**
 * The running asynchronous commands: the rows of {@code Device.LocalAgent.Request.{i}.} that R-OPR.0 requires while a
 * command runs (the agent's data model serves them read-only). A row is {@code Active} from the Operate until the
 * command completes, {@code Canceling} after {@code Cancel()}; it disappears when the command has completed.
 * Thread-safe, since commands complete on provider threads.
 */
public final class AsyncRequests {
    /** One running command. */
    public record Request(long number, String controllerId, String command, String commandKey) {
    }

    private final String tablePath;
    private final Map<Long, Request> running = new TreeMap<>();
    private final Map<Long, String> status = new HashMap<>();
    private final Map<Long, CompletableFuture<?>> work = new HashMap<>();
    private long next = 1;

    /** {@code tablePath} is where the rows live, normally {@code Device.LocalAgent.Request.}. */
    public AsyncRequests(String tablePath) {
        this.tablePath = tablePath;
    }

    synchronized Request open(String controllerId, String command, String commandKey) {
        Request request = new Request(next++, controllerId, command, commandKey);
        running.put(request.number(), request);
        status.put(request.number(), "Active");
        return request;
    }

    /** Remembers the running command so that {@link #cancel} can stop it. */
    synchronized void started(long number, CompletableFuture<?> command) {
        if (running.containsKey(number)) {
            work.put(number, command);
        }
    }

    synchronized void close(long number) {
        running.remove(number);
        status.remove(number);
        work.remove(number);
    }

    /** The path of a request row. */
    public String path(Request request) {
        return tablePath + request.number() + ".";
    }

    /** The running requests, by instance number. */
    public synchronized Map<Long, Request> running() {
        return Map.copyOf(running);
    }

    /** The TR-181 {@code Status} of a running request. */
    public synchronized Optional<String> status(long number) {
        return Optional.ofNullable(status.get(number));
    }

    /**
     * {@code Request.{i}.Cancel()}: the row turns {@code Canceling} and the command's stage is cancelled, so its
     * OperationComplete carries 7023 (TR-369 "CommandFailure"). False if no such request runs.
     */
    public boolean cancel(long number) {
        CompletableFuture<?> command;
        synchronized (this) {
            if (!running.containsKey(number)) {
                return false;
            }
            status.put(number, "Canceling");
            command = work.get(number);
        }
        if (command != null) {
            command.cancel(false); // completes the command's stage outside the lock
        }
        return true;
    }
}
