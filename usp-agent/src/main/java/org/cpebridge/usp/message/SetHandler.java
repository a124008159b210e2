package org.cpebridge.usp.message;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.cpebridge.usp.datamodel.ObjectInstance;
import org.cpebridge.usp.error.UspErrors;
import org.cpebridge.usp.error.UspReasons;
import org.cpebridge.usp.path.PathException;
import org.cpebridge.usp.path.Resolution;
import org.cpebridge.usp.path.Resolved;
import org.cpebridge.usp.proto.UspMsg;
import org.cpebridge.usp.proto.UspMsg.SetResp;
import org.cpebridge.usp.proto.UspMsg.SetResp.UpdatedObjectResult.OperationStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Set (TR-369 "The Set Message"): each object is written all-or-nothing through its provider, one after the other; a
 * failed required parameter fails the object (R-SET.2); a failed object fails its whole {@code obj_path}, undoing what
 * that path had changed (R-SET.2a); with {@code allow_partial=false} it fails the message, undoing everything, as an
 * Error (R-SET.1). Undo writes back the previous values; a provider that cannot take them back is logged.
 */
final class SetHandler {
    private static final Logger LOG = LoggerFactory.getLogger(SetHandler.class);

    private final ModelAccess access;

    SetHandler(ModelAccess access) {
        this.access = access;
    }

    /** A written object and its values before the write. */
    private record Undo(ObjectInstance object, Map<String, String> previous) {
    }

    /** Why one obj_path failed: the code for oper_failure and Error, and the details for both. */
    private record PathFailure(int code, String text, List<SetResp.UpdatedInstanceFailure> instances,
            List<UspMsg.Error.ParamError> paramErrors) {
    }

    /** What one obj_path has done so far. */
    private static final class PathState {
        final OperationStatus.OperationSuccess.Builder success = OperationStatus.OperationSuccess.newBuilder();
        final List<Undo> undo = new ArrayList<>();
    }

    /** The stage fails with a {@link MessageException} when the Set must be answered with an Error. */
    CompletionStage<SetResp> handle(UspMsg.Set set, Requester requester) {
        SetResp.Builder response = SetResp.newBuilder();
        List<Undo> done = new ArrayList<>();
        CompletableFuture<Void> chain = CompletableFuture.completedFuture(null);
        for (UspMsg.Set.UpdateObject update : set.getUpdateObjsList()) {
            chain = chain.thenCompose(ignored -> {
                PathState state = new PathState();
                return apply(update, requester, state).thenCompose(failure -> {
                    SetResp.UpdatedObjectResult.Builder result =
                            SetResp.UpdatedObjectResult.newBuilder().setRequestedPath(update.getObjPath());
                    if (failure == null) {
                        done.addAll(state.undo);
                        response.addUpdatedObjResults(result.setOperStatus(
                                OperationStatus.newBuilder().setOperSuccess(state.success)));
                        return CompletableFuture.completedFuture(null);
                    }
                    return undo(state.undo).thenCompose(undone -> {
                        if (!set.getAllowPartial()) {
                            return undo(done).thenCompose(all -> CompletableFuture.failedFuture(
                                    new MessageException(failure.code(), failure.text(), failure.paramErrors())));
                        }
                        response.addUpdatedObjResults(result.setOperStatus(OperationStatus.newBuilder()
                                .setOperFailure(OperationStatus.OperationFailure.newBuilder()
                                        .setErrCode(failure.code()).setErrMsg(failure.text())
                                        .addAllUpdatedInstFailures(failure.instances()))));
                        return CompletableFuture.completedFuture(null);
                    });
                });
            });
        }
        return chain.thenApply(ignored -> response.build());
    }

    /** Writes every object {@code update} matches; completes with null on success or with the failure. */
    private CompletableFuture<PathFailure> apply(UspMsg.Set.UpdateObject update, Requester requester,
            PathState state) {
        String objPath = update.getObjPath();
        Resolution resolution;
        try {
            resolution = access.resolve(objPath, requester.objectFilter());
        } catch (PathException e) {
            return CompletableFuture.completedFuture(pathFailure(objPath, e.errorCode(), e.getMessage()));
        }
        List<ParamSetting> settings = new ArrayList<>();
        update.getParamSettingsList().forEach(s -> settings.add(new ParamSetting(s.getParam(), s.getValue(),
                s.getRequired())));
        CompletableFuture<PathFailure> chain = CompletableFuture.completedFuture(null);
        for (Resolved match : resolution.matches()) {
            if (!(match instanceof Resolved.Obj o)) {
                return CompletableFuture.completedFuture(pathFailure(objPath, UspErrors.INVALID_PATH,
                        UspReasons.setNeedsObjectPath(objPath)));
            }
            chain = chain.thenCompose(failure -> failure != null ? CompletableFuture.completedFuture(failure)
                    : applyObject(o.object(), settings, requester, state));
        }
        return chain;
    }

    private CompletableFuture<PathFailure> applyObject(ObjectInstance object, List<ParamSetting> settings,
            Requester requester, PathState state) {
        ParamSetting.Checked checked = ParamSetting.check(object.schema(), settings,
                p -> requester.canWriteParameter(object, p), false);
        if (checked.requiredFailed()) {
            return CompletableFuture.completedFuture(
                    objectFailure(object, checked.firstRequiredFailure().code(), checked.failures()));
        }
        Map<String, String> accepted = checked.accepted();
        if (accepted.isEmpty()) {
            state.success.addUpdatedInstResults(instanceResult(object, checked, requester));
            return CompletableFuture.completedFuture(null);
        }
        Map<String, String> before = access.values(object);
        Map<String, String> previous = new LinkedHashMap<>();
        accepted.keySet().forEach(k -> previous.put(k, before.getOrDefault(k, "")));
        return Stages.safely(() -> access.provider(object.schema()).set(object, accepted)).handle((ok, error) -> {
            if (error != null) {
                int code = Stages.code(error, UspErrors.OBJECT_NOT_UPDATED);
                List<ParamSetting.Failure> failures = new ArrayList<>(checked.failures());
                accepted.keySet().forEach(k -> failures.add(new ParamSetting.Failure(k, code,
                        Stages.message(error, UspErrors.OBJECT_NOT_UPDATED), true)));
                return objectFailure(object, code, failures);
            }
            state.undo.add(new Undo(object, previous));
            state.success.addUpdatedInstResults(instanceResult(object, checked, requester));
            return null;
        });
    }

    private SetResp.UpdatedInstanceResult instanceResult(ObjectInstance object, ParamSetting.Checked checked,
            Requester requester) {
        SetResp.UpdatedInstanceResult.Builder instance = SetResp.UpdatedInstanceResult.newBuilder()
                .setAffectedPath(object.path());
        for (ParamSetting.Failure f : checked.failures()) {
            instance.addParamErrs(SetResp.ParameterError.newBuilder().setParam(f.param())
                    .setErrCode(f.code()).setErrMsg(f.text()));
        }
        Map<String, String> after = access.values(object);
        for (String name : checked.accepted().keySet()) {
            object.schema().parameter(name).filter(p -> requester.canReadParameter(object, p))
                    .ifPresent(p -> instance.putUpdatedParams(name, after.getOrDefault(name, "")));
        }
        return instance.build();
    }

    private static PathFailure pathFailure(String objPath, int code, String text) {
        return new PathFailure(code, text, List.of(), List.of(MessageException.paramError(objPath, code, text)));
    }

    private static PathFailure objectFailure(ObjectInstance object, int code, List<ParamSetting.Failure> failures) {
        SetResp.UpdatedInstanceFailure.Builder instance =
                SetResp.UpdatedInstanceFailure.newBuilder().setAffectedPath(object.path());
        List<UspMsg.Error.ParamError> paramErrors = new ArrayList<>();
        for (ParamSetting.Failure f : failures) {
            instance.addParamErrs(SetResp.ParameterError.newBuilder().setParam(f.param()).setErrCode(f.code())
                    .setErrMsg(f.text()));
            paramErrors.add(MessageException.paramError(object.path() + f.param(), f.code(), f.text()));
        }
        String text = UspReasons.failedOn(code, object.path());
        return new PathFailure(code, text, List.of(instance.build()), paramErrors);
    }

    /** Writes back previous values, newest first; completes when all are done, whatever their outcome. */
    private CompletableFuture<Void> undo(List<Undo> writes) {
        List<Undo> reversed = new ArrayList<>(writes);
        java.util.Collections.reverse(reversed);
        writes.clear();
        CompletableFuture<Void> chain = CompletableFuture.completedFuture(null);
        for (Undo u : reversed) {
            chain = chain.thenCompose(ignored -> Stages.safely(
                    () -> access.provider(u.object().schema()).set(u.object(), u.previous()))
                    .handle((ok, error) -> {
                        if (error != null) {
                            LOG.warn("could not undo a Set on {}: {}", u.object().path(),
                                    Stages.message(error, UspErrors.INTERNAL_ERROR));
                        }
                        return null;
                    }));
        }
        return chain;
    }
}
