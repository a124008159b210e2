package org.cpebridge.usp.agent.notify;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.cpebridge.usp.datamodel.CommandSchema;
import org.cpebridge.usp.datamodel.DataModelException;
import org.cpebridge.usp.datamodel.ObjectInstance;
import org.cpebridge.usp.datamodel.ObjectProvider;
import org.cpebridge.usp.datamodel.ObjectSchema;
import org.cpebridge.usp.error.UspErrors;
import org.cpebridge.usp.error.UspReasons;
import org.cpebridge.usp.message.AsyncRequests;

/**
 * Serves {@code Device.LocalAgent.Request.{i}.} (TR-181 Device:2.19) read-only from the running asynchronous commands:
 * Alias, Originator, Command, CommandKey and Status, and {@code Cancel()}, which cancels the command's stage so that
 * its OperationComplete reports 7023. Rows exist only while their command runs (R-OPR.0).
 */
public final class RequestTable implements ObjectProvider {
    private final AsyncRequests requests;

    public RequestTable(AsyncRequests requests) {
        this.requests = Objects.requireNonNull(requests, "requests");
    }

    @Override
    public List<Long> instances(ObjectInstance parent, ObjectSchema table) {
        return new ArrayList<>(requests.running().keySet());
    }

    @Override
    public Map<String, String> values(ObjectInstance object) {
        long number = number(object);
        AsyncRequests.Request request = requests.running().get(number);
        if (request == null) {
            return Map.of();
        }
        Map<String, String> values = new LinkedHashMap<>();
        values.put("Alias", "cpe-" + number);
        values.put("Originator", request.controllerId());
        values.put("Command", request.command());
        values.put("CommandKey", request.commandKey());
        values.put("Status", requests.status(number).orElse("Active"));
        return values;
    }

    @Override
    public CompletionStage<Map<String, String>> operate(ObjectInstance object, CommandSchema command,
            Map<String, String> inputArgs) {
        if (!command.name().equals("Cancel") || !requests.cancel(number(object))) {
            return CompletableFuture.failedFuture(new DataModelException(UspErrors.COMMAND_FAILURE,
                    UspReasons.requestNotRunning(object.path(), command.name())));
        }
        return CompletableFuture.completedFuture(Map.of());
    }

    private static long number(ObjectInstance row) {
        return row.instanceNumbers().get(row.instanceNumbers().size() - 1);
    }
}
