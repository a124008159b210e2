package org.cpebridge.usp.message;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import org.cpebridge.usp.datamodel.CommandSchema;
import org.cpebridge.usp.datamodel.DataModelException;
import org.cpebridge.usp.datamodel.ObjectInstance;
import org.cpebridge.usp.datamodel.ObjectProvider;
import org.cpebridge.usp.error.UspErrors;
import org.cpebridge.usp.error.UspReasons;
import org.cpebridge.usp.path.PathException;
import org.cpebridge.usp.path.Resolution;
import org.cpebridge.usp.path.Resolved;
import org.cpebridge.usp.path.UspPath;
import org.cpebridge.usp.proto.UspMsg;
import org.cpebridge.usp.proto.UspMsg.OperateResp.OperationResult;

/**
 * Operate (TR-369 "The Operate Message"): runs the command on every object the path matches. Failures per object go in
 * {@code cmd_failure}, never an Error (R-OPR.1): permission 7006, missing mandatory input 7027 (R-OPR.5); unknown
 * inputs are dropped (R-OPR.6) and omitted ones take their defaults (R-OPR.7). Synchronous commands answer with their
 * outputs once all have completed; asynchronous ones answer with a {@code Device.LocalAgent.Request.{i}.} path at once
 * and report through the {@link OperationCompleteListener} (R-OPR.0, R-OPR.2), with 7023 when the request was
 * cancelled. A provider that implements {@link KeyedCommands} also gets the Controller and the command_key. A path
 * problem is an Error.
 */
final class OperateHandler {
    private final ModelAccess access;
    private final AsyncRequests requests;
    private final OperationCompleteListener listener;

    OperateHandler(ModelAccess access, AsyncRequests requests, OperationCompleteListener listener) {
        this.access = access;
        this.requests = requests;
        this.listener = listener;
    }

    CompletionStage<UspMsg.OperateResp> handle(UspMsg.Operate operate, Requester requester) throws MessageException {
        Resolution resolution;
        try {
            UspPath path = access.parser.parse(operate.getCommand());
            if (path.kind() != UspPath.Kind.COMMAND) {
                throw new MessageException(UspErrors.INVALID_PATH, UspReasons.notACommandPath(operate.getCommand()));
            }
            resolution = access.resolver.resolve(path, requester.objectFilter());
        } catch (PathException e) {
            throw new MessageException(e.errorCode(), e.getMessage());
        }
        List<CompletableFuture<OperationResult>> results = new ArrayList<>();
        for (Resolved match : resolution.matches()) {
            Resolved.Command command = (Resolved.Command) match;
            results.add(run(command.object(), command.command(), operate, requester).toCompletableFuture());
        }
        return CompletableFuture.allOf(results.toArray(CompletableFuture[]::new)).thenApply(done -> {
            UspMsg.OperateResp.Builder response = UspMsg.OperateResp.newBuilder();
            results.forEach(r -> response.addOperationResults(r.join()));
            return response.build();
        });
    }

    private CompletionStage<OperationResult> run(ObjectInstance object, CommandSchema command,
            UspMsg.Operate operate, Requester requester) {
        String executed = object.path() + command.name() + "()";
        if (!requester.canOperate(object, command)) {
            return CompletableFuture.completedFuture(failure(executed, UspErrors.PERMISSION_DENIED,
                    UspReasons.noPermissionToOperate(executed)));
        }
        Map<String, String> inputs = new LinkedHashMap<>();
        for (String name : command.inputArgs()) {
            String value = operate.getInputArgsMap().getOrDefault(name, command.inputDefaults().get(name));
            if (value != null) {
                inputs.put(name, value);
            }
        }
        for (String mandatory : command.mandatoryInputs()) {
            if (!inputs.containsKey(mandatory)) {
                return CompletableFuture.completedFuture(failure(executed, UspErrors.INVALID_COMMAND_ARGUMENTS,
                        UspReasons.missingInput(mandatory)));
            }
        }
        CompletionStage<Map<String, String>> running = invoke(object, command, inputs, requester.controllerId(),
                operate.getCommandKey());
        if (!command.async()) {
            return running.handle((outputs, error) -> error == null
                    ? OperationResult.newBuilder().setExecutedCommand(executed).setReqOutputArgs(
                            OperationResult.OutputArgs.newBuilder().putAllOutputArgs(outputs)).build()
                    : failure(executed, code(error), message(error)));
        }
        AsyncRequests.Request request = requests.open(requester.controllerId(), executed, operate.getCommandKey());
        String requestPath = requests.path(request);
        requests.started(request.number(), running.toCompletableFuture());
        running.whenComplete((outputs, error) -> {
            requests.close(request.number());
            UspMsg.Notify.OperationComplete.Builder complete = UspMsg.Notify.OperationComplete.newBuilder()
                    .setObjPath(object.path()).setCommandName(command.name() + "()")
                    .setCommandKey(operate.getCommandKey());
            if (error == null) {
                complete.setReqOutputArgs(UspMsg.Notify.OperationComplete.OutputArgs.newBuilder()
                        .putAllOutputArgs(outputs));
            } else {
                complete.setCmdFailure(UspMsg.Notify.OperationComplete.CommandFailure.newBuilder()
                        .setErrCode(code(error)).setErrMsg(message(error)));
            }
            listener.completed(requester.controllerId(), requestPath, complete.build());
        });
        return CompletableFuture.completedFuture(
                OperationResult.newBuilder().setExecutedCommand(executed).setReqObjPath(requestPath).build());
    }

    private CompletionStage<Map<String, String>> invoke(ObjectInstance object, CommandSchema command,
            Map<String, String> inputs, String controllerId, String commandKey) {
        try {
            ObjectProvider provider = access.provider(object.schema());
            return provider instanceof KeyedCommands keyed
                    ? keyed.operate(object, command, inputs, controllerId, commandKey)
                    : provider.operate(object, command, inputs);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private static OperationResult failure(String executed, int code, String text) {
        return OperationResult.newBuilder().setExecutedCommand(executed).setCmdFailure(
                OperationResult.CommandFailure.newBuilder().setErrCode(code).setErrMsg(text)).build();
    }

    private static Throwable unwrap(Throwable error) {
        return error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    }

    private static int code(Throwable error) {
        Throwable cause = unwrap(error);
        if (cause instanceof CancellationException) {
            return UspErrors.COMMAND_CANCELED; // reserved for Request.{i}.Cancel() (TR-369)
        }
        return cause instanceof DataModelException e ? e.errorCode() : UspErrors.COMMAND_FAILURE;
    }

    private static String message(Throwable error) {
        Throwable cause = unwrap(error);
        if (cause instanceof CancellationException) {
            return UspReasons.COMMAND_CANCELED_BY_REQUEST;
        }
        return cause instanceof DataModelException ? cause.getMessage()
                : UspReasons.standard(UspErrors.COMMAND_FAILURE);
    }
}
