package org.cpebridge.usp.message;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.cpebridge.usp.datamodel.DataModelException;
import org.cpebridge.usp.datamodel.ObjectInstance;
import org.cpebridge.usp.datamodel.ObjectSchema;
import org.cpebridge.usp.error.UspErrors;
import org.cpebridge.usp.error.UspReasons;
import org.cpebridge.usp.path.PathException;
import org.cpebridge.usp.path.Resolution;
import org.cpebridge.usp.path.Resolved;
import org.cpebridge.usp.proto.UspMsg;
import org.cpebridge.usp.proto.UspMsg.AddResp;
import org.cpebridge.usp.proto.UspMsg.AddResp.CreatedObjectResult.OperationStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Add (TR-369 "The Add Message"): creates one row in every table {@code obj_path} matches (search paths allowed since
 * USP 1.3). Unique keys count as required; the provider assigns the ones not given (R-ADD.5) and the readable ones
 * are returned (R-ADD.6). With {@code allow_partial=false} any failure deletes the rows already created and answers
 * with an Error (R-ADD.1, R-ADD.2a).
 */
final class AddHandler {
    private static final Logger LOG = LoggerFactory.getLogger(AddHandler.class);

    private final ModelAccess access;

    AddHandler(ModelAccess access) {
        this.access = access;
    }

    /** What happened in one matched table: a created row or a failure. */
    private sealed interface Outcome {
    }

    private record Created(OperationStatus.OperationSuccess success) implements Outcome {
    }

    /** Why one table could not get its row. */
    private record Failure(int code, int messageCode, String text, List<UspMsg.Error.ParamError> paramErrors)
            implements Outcome {
    }

    AddResp handle(UspMsg.Add add, Requester requester) throws MessageException {
        AddResp.Builder response = AddResp.newBuilder();
        List<ObjectInstance> created = new ArrayList<>();
        for (UspMsg.Add.CreateObject create : add.getCreateObjsList()) {
            String objPath = create.getObjPath();
            List<ParamSetting> settings = new ArrayList<>();
            create.getParamSettingsList().forEach(s -> settings.add(new ParamSetting(s.getParam(), s.getValue(),
                    s.getRequired())));
            List<Outcome> outcomes = new ArrayList<>();
            try {
                Resolution resolution = access.resolve(objPath, requester.objectFilter());
                for (Resolved match : resolution.matches()) {
                    outcomes.add(createIn(match, objPath, settings, requester, created));
                }
            } catch (PathException e) {
                outcomes.add(new Failure(e.errorCode(), e.errorCode(), e.getMessage(),
                        List.of(MessageException.paramError(objPath, e.errorCode(), e.getMessage()))));
            }
            if (outcomes.isEmpty()) {
                response.addCreatedObjResults(AddResp.CreatedObjectResult.newBuilder().setRequestedPath(objPath)
                        .setOperStatus(OperationStatus.newBuilder().setOperSuccess(
                                OperationStatus.OperationSuccess.getDefaultInstance())));
            }
            for (Outcome outcome : outcomes) {
                if (outcome instanceof Failure f) {
                    if (!add.getAllowPartial()) {
                        deleteAll(created);
                        throw new MessageException(f.messageCode(), f.text(), f.paramErrors());
                    }
                    response.addCreatedObjResults(AddResp.CreatedObjectResult.newBuilder().setRequestedPath(objPath)
                            .setOperStatus(OperationStatus.newBuilder().setOperFailure(
                                    OperationStatus.OperationFailure.newBuilder().setErrCode(f.code())
                                            .setErrMsg(f.text()))));
                } else {
                    response.addCreatedObjResults(AddResp.CreatedObjectResult.newBuilder().setRequestedPath(objPath)
                            .setOperStatus(OperationStatus.newBuilder()
                                    .setOperSuccess(((Created) outcome).success())));
                }
            }
        }
        return response.build();
    }

    private Outcome createIn(Resolved match, String objPath, List<ParamSetting> settings, Requester requester,
            List<ObjectInstance> created) {
        if (!(match instanceof Resolved.Table t)) {
            int code = match instanceof Resolved.Obj ? UspErrors.NOT_A_TABLE : UspErrors.INVALID_PATH;
            return failure(code, UspReasons.standard(code, match.path()), objPath);
        }
        ObjectInstance parent = t.parent();
        ObjectSchema table = t.table();
        String rowPattern = parent.tablePath(table) + "{i}.";
        if (!table.access().canAdd()) {
            return failure(UspErrors.NOT_CREATABLE,
                    UspReasons.standard(UspErrors.NOT_CREATABLE, parent.tablePath(table)), objPath);
        }
        if (!requester.canAddTo(rowPattern)) {
            return failure(UspErrors.PERMISSION_DENIED, UspReasons.noPermissionToAdd(parent.tablePath(table)), objPath);
        }
        ParamSetting.Checked checked = ParamSetting.check(table, settings,
                p -> requester.canWriteParameter(new ObjectInstance(table, rowPattern, parent.instanceNumbers()), p),
                true);
        if (checked.requiredFailed()) {
            List<UspMsg.Error.ParamError> errors = new ArrayList<>();
            checked.failures().forEach(f -> errors.add(MessageException.paramError(parent.tablePath(table)
                    + f.param(), f.code(), f.text())));
            ParamSetting.Failure first = checked.firstRequiredFailure();
            return new Failure(first.code(), first.code(), UspReasons.requiredParameterFailed(objPath, first.text()),
                    errors);
        }
        long number;
        try {
            number = access.provider(table).add(parent, table, checked.accepted());
        } catch (DataModelException e) {
            return failure(e.errorCode(), e.getMessage(), objPath);
        }
        ObjectInstance row = parent.instance(table, number);
        created.add(row);
        OperationStatus.OperationSuccess.Builder success = OperationStatus.OperationSuccess.newBuilder()
                .setInstantiatedPath(row.path());
        for (ParamSetting.Failure f : checked.failures()) {
            success.addParamErrs(AddResp.ParameterError.newBuilder().setParam(f.param()).setErrCode(f.code())
                    .setErrMsg(f.text()));
        }
        Map<String, String> values = access.values(row);
        for (List<String> key : table.uniqueKeys()) {
            for (String name : key) {
                table.parameter(name).filter(p -> requester.canReadParameter(row, p))
                        .ifPresent(p -> success.putUniqueKeys(name, values.getOrDefault(name, "")));
            }
        }
        return new Created(success.build());
    }

    private static Failure failure(int code, String text, String objPath) {
        return new Failure(code, code, text, List.of(MessageException.paramError(objPath, code, text)));
    }

    private void deleteAll(List<ObjectInstance> created) {
        for (ObjectInstance row : created) {
            Stages.safely(() -> access.provider(row.schema()).delete(row)).whenComplete((ok, error) -> {
                if (error != null) {
                    LOG.warn("could not undo an Add of {}: {}", row.path(),
                            Stages.message(error, UspErrors.DELETE_FAILURE));
                }
            });
        }
        created.clear();
    }
}
