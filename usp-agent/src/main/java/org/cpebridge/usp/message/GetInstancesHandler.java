package org.cpebridge.usp.message;

import java.util.List;
import java.util.Map;
import org.cpebridge.usp.datamodel.ObjectInstance;
import org.cpebridge.usp.datamodel.ObjectSchema;
import org.cpebridge.usp.path.PathException;
import org.cpebridge.usp.path.Resolution;
import org.cpebridge.usp.path.Resolved;
import org.cpebridge.usp.proto.UspMsg;

/**
 * GetInstances (TR-369 "The GetInstances Message"): the rows of the addressed tables, and with
 * {@code first_level_only=false} every row of every table below them, each with its readable unique keys (R-GIN.1).
 * Rows without InstantiatedObj read count as absent (R-GIN.0).
 */
final class GetInstancesHandler {
    private final ModelAccess access;

    GetInstancesHandler(ModelAccess access) {
        this.access = access;
    }

    UspMsg.GetInstancesResp handle(UspMsg.GetInstances request, Requester requester) {
        UspMsg.GetInstancesResp.Builder response = UspMsg.GetInstancesResp.newBuilder();
        for (String requested : request.getObjPathsList()) {
            response.addReqPathResults(resolvePath(requested, request.getFirstLevelOnly(), requester));
        }
        return response.build();
    }

    private UspMsg.GetInstancesResp.RequestedPathResult resolvePath(String requested, boolean firstLevelOnly,
            Requester requester) {
        UspMsg.GetInstancesResp.RequestedPathResult.Builder result =
                UspMsg.GetInstancesResp.RequestedPathResult.newBuilder().setRequestedPath(requested);
        Resolution resolution;
        try {
            resolution = access.resolve(requested, requester.instanceFilter());
        } catch (PathException e) {
            return result.setErrCode(e.errorCode()).setErrMsg(e.getMessage()).build();
        }
        for (Resolved match : resolution.matches()) {
            if (match instanceof Resolved.Table t) {
                addRows(t.parent(), t.table(), firstLevelOnly, requester, result);
            } else if (match instanceof Resolved.Obj o && o.object().isTableRow()) {
                addRow(o.object(), firstLevelOnly, requester, result);
            } else if (match instanceof Resolved.Obj o && !firstLevelOnly) {
                addDescendants(o.object(), requester, result);
            } else {
                return result.clearCurrInsts().setErrCode(UspErrors.NOT_A_TABLE)
                        .setErrMsg(UspErrors.reason(UspErrors.NOT_A_TABLE) + ": " + match.path()).build();
            }
        }
        return result.build();
    }

    private void addRows(ObjectInstance parent, ObjectSchema table, boolean firstLevelOnly, Requester requester,
            UspMsg.GetInstancesResp.RequestedPathResult.Builder result) {
        for (long n : access.rows(parent, table)) {
            ObjectInstance row = parent.instance(table, n);
            if (requester.canSeeInstances(row)) {
                addRow(row, firstLevelOnly, requester, result);
            }
        }
    }

    private void addRow(ObjectInstance row, boolean firstLevelOnly, Requester requester,
            UspMsg.GetInstancesResp.RequestedPathResult.Builder result) {
        UspMsg.GetInstancesResp.CurrInstance.Builder instance =
                UspMsg.GetInstancesResp.CurrInstance.newBuilder().setInstantiatedObjPath(row.path());
        Map<String, String> values = access.values(row);
        for (List<String> key : row.schema().uniqueKeys()) {
            for (String name : key) {
                row.schema().parameter(name).filter(p -> requester.canReadParameter(row, p))
                        .ifPresent(p -> instance.putUniqueKeys(name, values.getOrDefault(name, "")));
            }
        }
        result.addCurrInsts(instance);
        if (!firstLevelOnly) {
            addDescendants(row, requester, result);
        }
    }

    private void addDescendants(ObjectInstance object, Requester requester,
            UspMsg.GetInstancesResp.RequestedPathResult.Builder result) {
        for (ObjectSchema child : object.schema().children()) {
            if (child.multiInstance()) {
                addRows(object, child, false, requester, result);
            } else if (access.provider(child).exists(object.child(child))) {
                addDescendants(object.child(child), requester, result);
            }
        }
    }
}
