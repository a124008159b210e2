package org.cpebridge.usp.message;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import org.cpebridge.usp.datamodel.ObjectInstance;
import org.cpebridge.usp.error.UspErrors;
import org.cpebridge.usp.error.UspReasons;
import org.cpebridge.usp.path.PathException;
import org.cpebridge.usp.path.Resolution;
import org.cpebridge.usp.path.Resolved;
import org.cpebridge.usp.proto.UspMsg;
import org.cpebridge.usp.proto.UspMsg.DeleteResp;
import org.cpebridge.usp.proto.UspMsg.DeleteResp.DeletedObjectResult.OperationStatus;

/**
 * Delete (TR-369 "The Delete Message"). With {@code allow_partial=false} every path is checked first (instance path,
 * existence, deletable, InstantiatedObj write) and any problem is an Error before anything is deleted (R-DEL.1). With
 * {@code allow_partial=true} rows that cannot be deleted are listed as unaffected (R-DEL.3) and a path that matches
 * nothing succeeds with no affected paths (R-DEL.2a).
 */
final class DeleteHandler {
    private final ModelAccess access;

    DeleteHandler(ModelAccess access) {
        this.access = access;
    }

    /** The rows one obj_path matched, or why it is unusable. */
    private record Target(String objPath, List<ObjectInstance> rows, List<DeleteResp.UnaffectedPathError> refused,
            int errorCode, String errorText) {
    }

    /** Throws (before deleting anything) or fails the stage with a {@link MessageException} to answer with an Error. */
    CompletionStage<DeleteResp> handle(UspMsg.Delete delete, Requester requester) throws MessageException {
        List<Target> targets = new ArrayList<>();
        for (String objPath : delete.getObjPathsList()) {
            Target target = target(objPath, requester, delete.getAllowPartial());
            if (!delete.getAllowPartial()) {
                if (target.errorCode() != 0) {
                    throw new MessageException(target.errorCode(), target.errorText(),
                            List.of(MessageException.paramError(objPath, target.errorCode(), target.errorText())));
                }
                if (!target.refused().isEmpty()) {
                    DeleteResp.UnaffectedPathError first = target.refused().get(0);
                    throw new MessageException(first.getErrCode(), first.getErrMsg(), List.of(MessageException
                            .paramError(first.getUnaffectedPath(), first.getErrCode(), first.getErrMsg())));
                }
            }
            targets.add(target);
        }
        DeleteResp.Builder response = DeleteResp.newBuilder();
        CompletableFuture<Void> chain = CompletableFuture.completedFuture(null);
        for (Target target : targets) {
            chain = chain.thenCompose(ignored -> deleteTarget(target, delete.getAllowPartial())
                    .thenAccept(response::addDeletedObjResults));
        }
        return chain.thenApply(ignored -> response.build());
    }

    private CompletableFuture<DeleteResp.DeletedObjectResult> deleteTarget(Target target, boolean allowPartial) {
        DeleteResp.DeletedObjectResult.Builder result =
                DeleteResp.DeletedObjectResult.newBuilder().setRequestedPath(target.objPath());
        if (target.errorCode() != 0) {
            return CompletableFuture.completedFuture(result.setOperStatus(OperationStatus.newBuilder().setOperFailure(
                    OperationStatus.OperationFailure.newBuilder().setErrCode(target.errorCode())
                            .setErrMsg(target.errorText()))).build());
        }
        OperationStatus.OperationSuccess.Builder success = OperationStatus.OperationSuccess.newBuilder()
                .addAllUnaffectedPathErrs(target.refused());
        CompletableFuture<Void> chain = CompletableFuture.completedFuture(null);
        for (ObjectInstance row : target.rows()) {
            chain = chain.thenCompose(ignored -> Stages.safely(() -> access.provider(row.schema()).delete(row))
                    .handle((ok, error) -> {
                        if (error == null) {
                            success.addAffectedPaths(row.path());
                            return null;
                        }
                        int code = Stages.code(error, UspErrors.DELETE_FAILURE);
                        String text = Stages.message(error, UspErrors.DELETE_FAILURE);
                        if (!allowPartial) {
                            // Checked beforehand, so only a provider can fail here; what it deleted stays deleted.
                            throw new CompletionException(new MessageException(code, text,
                                    List.of(MessageException.paramError(row.path(), code, text))));
                        }
                        success.addUnaffectedPathErrs(DeleteResp.UnaffectedPathError.newBuilder()
                                .setUnaffectedPath(row.path()).setErrCode(code).setErrMsg(text));
                        return null;
                    }));
        }
        return chain.thenApply(ignored -> result.setOperStatus(OperationStatus.newBuilder().setOperSuccess(success))
                .build());
    }

    private Target target(String objPath, Requester requester, boolean allowPartial) {
        Resolution resolution;
        try {
            resolution = access.resolve(objPath, requester.objectFilter());
        } catch (PathException e) {
            if (e.errorCode() == UspErrors.OBJECT_DOES_NOT_EXIST && allowPartial) {
                return new Target(objPath, List.of(), List.of(), 0, ""); // R-DEL.2a
            }
            return new Target(objPath, List.of(), List.of(), e.errorCode(), e.getMessage());
        }
        List<ObjectInstance> rows = new ArrayList<>();
        List<DeleteResp.UnaffectedPathError> refused = new ArrayList<>();
        for (Resolved match : resolution.matches()) {
            if (!(match instanceof Resolved.Obj o) || !o.object().isTableRow()) {
                String text = UspReasons.notAnInstancePath(match.path());
                return new Target(objPath, List.of(), List.of(), UspErrors.INVALID_PATH, text);
            }
            ObjectInstance row = o.object();
            if (!row.schema().access().canDelete()) {
                refused.add(unaffected(row, UspErrors.DELETE_FAILURE, UspReasons.notDeletable(row.path())));
            } else if (!requester.canDelete(row)) {
                refused.add(unaffected(row, UspErrors.PERMISSION_DENIED, UspReasons.noPermissionToDelete(row.path())));
            } else {
                rows.add(row);
            }
        }
        return new Target(objPath, rows, refused, 0, "");
    }

    private static DeleteResp.UnaffectedPathError unaffected(ObjectInstance row, int code, String text) {
        return DeleteResp.UnaffectedPathError.newBuilder().setUnaffectedPath(row.path()).setErrCode(code)
                .setErrMsg(text).build();
    }
}
