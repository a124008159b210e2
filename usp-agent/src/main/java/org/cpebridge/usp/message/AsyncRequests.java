package org.cpebridge.usp.message;

import java.util.Map;
import java.util.TreeMap;

/**
 * The running asynchronous commands: the rows of {@code Device.LocalAgent.Request.{i}.} that R-OPR.0 requires while a
 * command runs. This in-memory table hands out the instance numbers; the LocalAgent data model exposes it later.
 * Thread-safe, since commands complete on provider threads.
 */
public final class AsyncRequests {
    /** One running command. */
    public record Request(long number, String controllerId, String command, String commandKey) {
    }

    private final String tablePath;
    private final Map<Long, Request> running = new TreeMap<>();
    private long next = 1;

    /** {@code tablePath} is where the rows live, normally {@code Device.LocalAgent.Request.}. */
    public AsyncRequests(String tablePath) {
        this.tablePath = tablePath;
    }

    synchronized Request open(String controllerId, String command, String commandKey) {
        Request request = new Request(next++, controllerId, command, commandKey);
        running.put(request.number(), request);
        return request;
    }

    synchronized void close(long number) {
        running.remove(number);
    }

    /** The path of a request row. */
    public String path(Request request) {
        return tablePath + request.number() + ".";
    }

    /** The running requests, by instance number. */
    public synchronized Map<Long, Request> running() {
        return Map.copyOf(running);
    }
}
