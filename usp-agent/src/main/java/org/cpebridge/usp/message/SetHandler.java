package org.cpebridge.usp.message;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.cpebridge.usp.datamodel.DataModelException;
import org.cpebridge.usp.datamodel.ObjectInstance;
import org.cpebridge.usp.path.PathException;
import org.cpebridge.usp.path.Resolution;
import org.cpebridge.usp.path.Resolved;
import org.cpebridge.usp.proto.UspMsg;
import org.cpebridge.usp.proto.UspMsg.SetResp;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Set (TR-369 "The Set Message"): each object is written all-or-nothing through its provider; a failed required
 * parameter fails the object (R-SET.2); a failed object fails its whole {@code obj_path}, undoing what that path had
 * changed (R-SET.2a); with {@code allow_partial=false} it fails the message, undoing everything, as an Error (R-SET.1).
 * Undo writes back the previous values; a provider that cannot take them back is logged.
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

    /** Why one obj_path failed. */
    private record PathFailure(int code, int messageCode, String text,
            List<SetResp.UpdatedInstanceFailure> instances, List<UspMsg.Error.ParamError> paramErrors) {
    }

    SetResp handle(UspMsg.Set set, Requester requester) throws MessageException {
        SetResp.Builder response = SetResp.newBuilder();
        List<Undo> done = new ArrayList<>();
        for (UspMsg.Set.UpdateObject update : set.getUpdateObjsList()) {
            List<Undo> thisPath = new ArrayList<>();
            SetResp.UpdatedObjectResult.Builder result =
                    SetResp.UpdatedObjectResult.newBuilder().setRequestedPath(update.getObjPath());
            SetResp.UpdatedObjectResult.OperationStatus.OperationSuccess.Builder success =
                    SetResp.UpdatedObjectResult.OperationStatus.OperationSuccess.newBuilder();
            PathFailure failure = apply(update, requester, thisPath, success);
            if (failure != null) {
                undo(thisPath);
                if (!set.getAllowPartial()) {
                    undo(done);
                    throw new MessageException(failure.messageCode(), failure.text(), failure.paramErrors());
                }
                result.setOperStatus(SetResp.UpdatedObjectResult.OperationStatus.newBuilder().setOperFailure(
                        SetResp.UpdatedObjectResult.OperationStatus.OperationFailure.newBuilder()
                                .setErrCode(failure.code()).setErrMsg(failure.text())
                                .addAllUpdatedInstFailures(failure.instances())));
            } else {
                done.addAll(thisPath);
                result.setOperStatus(SetResp.UpdatedObjectResult.OperationStatus.newBuilder()
                        .setOperSuccess(success));
            }
            response.addUpdatedObjResults(result);
        }
        return response.build();
    }

    private PathFailure apply(UspMsg.Set.UpdateObject update, Requester requester, List<Undo> thisPath,
            SetResp.UpdatedObjectResult.OperationStatus.OperationSuccess.Builder success) {
        String objPath = update.getObjPath();
        Resolution resolution;
        try {
            resolution = access.resolve(objPath, requester.objectFilter());
        } catch (PathException e) {
            return new PathFailure(e.errorCode(), e.errorCode(), e.getMessage(), List.of(),
                    List.of(MessageException.paramError(objPath, e.errorCode(), e.getMessage())));
        }
        List<ParamSetting> settings = new ArrayList<>();
        update.getParamSettingsList().forEach(s -> settings.add(new ParamSetting(s.getParam(), s.getValue(),
                s.getRequired())));
        for (Resolved match : resolution.matches()) {
            if (!(match instanceof Resolved.Obj o)) {
                String text = "Set needs an object or object instance path: " + objPath;
                return new PathFailure(UspErrors.INVALID_PATH, UspErrors.INVALID_PATH, text, List.of(),
                        List.of(MessageException.paramError(objPath, UspErrors.INVALID_PATH, text)));
            }
            ObjectInstance object = o.object();
            ParamSetting.Checked checked = ParamSetting.check(object.schema(), settings,
                    p -> requester.canWriteParameter(object, p), false);
            if (checked.requiredFailed()) {
                return objectFailure(object, checked.firstRequiredFailure().code(), checked.failures());
            }
            Map<String, String> accepted = checked.accepted();
            if (!accepted.isEmpty()) {
                Map<String, String> before = access.values(object);
                Map<String, String> previous = new LinkedHashMap<>();
                accepted.keySet().forEach(k -> previous.put(k, before.getOrDefault(k, "")));
                try {
                    access.provider(object.schema()).set(object, accepted);
                } catch (DataModelException e) {
                    List<ParamSetting.Failure> failures = new ArrayList<>(checked.failures());
                    accepted.keySet().forEach(k -> failures.add(new ParamSetting.Failure(k, e.errorCode(),
                            e.getMessage(), true)));
                    return objectFailure(object, e.errorCode(), failures);
                }
                thisPath.add(new Undo(object, previous));
            }
            SetResp.UpdatedInstanceResult.Builder instance = SetResp.UpdatedInstanceResult.newBuilder()
                    .setAffectedPath(object.path());
            for (ParamSetting.Failure f : checked.failures()) {
                instance.addParamErrs(SetResp.ParameterError.newBuilder().setParam(f.param())
                        .setErrCode(f.code()).setErrMsg(f.text()));
            }
            Map<String, String> after = access.values(object);
            for (String name : accepted.keySet()) {
                object.schema().parameter(name).filter(p -> requester.canReadParameter(object, p))
                        .ifPresent(p -> instance.putUpdatedParams(name, after.getOrDefault(name, "")));
            }
            success.addUpdatedInstResults(instance);
        }
        return null;
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
        String text = UspErrors.reason(code) + " on " + object.path();
        return new PathFailure(code, code, text, List.of(instance.build()), paramErrors);
    }

    private void undo(List<Undo> writes) {
        for (int i = writes.size() - 1; i >= 0; i--) {
            Undo u = writes.get(i);
            try {
                access.provider(u.object().schema()).set(u.object(), u.previous());
            } catch (DataModelException e) {
                LOG.warn("could not undo a Set on {}: {}", u.object().path(), e.getMessage());
            }
        }
        writes.clear();
    }
}
