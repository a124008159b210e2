package org.cpebridge.usp.message;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.cpebridge.usp.datamodel.ObjectInstance;
import org.cpebridge.usp.datamodel.ObjectSchema;
import org.cpebridge.usp.error.UspErrors;
import org.cpebridge.usp.error.UspReasons;
import org.cpebridge.usp.path.PathException;
import org.cpebridge.usp.path.Resolution;
import org.cpebridge.usp.path.Resolved;
import org.cpebridge.usp.proto.UspMsg;

/**
 * GetInstances (TR-369 "The GetInstances Message"): the rows of the addressed tables, and with
 * {@code first_level_only=false} every row of every table below them, each with its readable unique keys (R-GIN.1).
 * Rows without InstantiatedObj read count as absent (R-GIN.0). A path named more than once is resolved once; every
 * result is charged to the {@link ResponseBudget} as it is added.
 */
final class GetInstancesHandler {
    private final ModelAccess access;

    GetInstancesHandler(ModelAccess access) {
        this.access = access;
    }

    UspMsg.GetInstancesResp handle(UspMsg.GetInstances request, Requester requester, ResponseBudget budget) {
        UspMsg.GetInstancesResp.Builder response = UspMsg.GetInstancesResp.newBuilder();
        Map<String, UspMsg.GetInstancesResp.RequestedPathResult> answered = new HashMap<>();
        for (String requested : request.getObjPathsList()) {
            UspMsg.GetInstancesResp.RequestedPathResult again = answered.get(requested);
            if (again != null) {
                budget.chargeBuilt(again);
                response.addReqPathResults(again);
                continue;
            }
            UspMsg.GetInstancesResp.RequestedPathResult result =
                    resolvePath(requested, request.getFirstLevelOnly(), requester, budget);
            answered.put(requested, result);
            response.addReqPathResults(result);
        }
        return response.build();
    }

    private UspMsg.GetInstancesResp.RequestedPathResult resolvePath(String requested, boolean firstLevelOnly,
            Requester requester, ResponseBudget budget) {
        UspMsg.GetInstancesResp.RequestedPathResult.Builder result =
                UspMsg.GetInstancesResp.RequestedPathResult.newBuilder().setRequestedPath(requested);
        budget.chargeText(requested);
        Resolution resolution;
        try {
            resolution = access.resolve(requested, requester.instanceFilter());
        } catch (PathException e) {
            budget.chargeText(e.getMessage());
            return result.setErrCode(e.errorCode()).setErrMsg(e.getMessage()).build();
        }
        for (Resolved match : resolution.matches()) {
            if (match instanceof Resolved.Table t) {
                addRows(t.parent(), t.table(), firstLevelOnly, requester, result, budget);
            } else if (match instanceof Resolved.Obj o && o.object().isTableRow()) {
                addRow(o.object(), firstLevelOnly, requester, result, budget);
            } else if (match instanceof Resolved.Obj o && !firstLevelOnly) {
                addDescendants(o.object(), requester, result, budget);
            } else {
                return result.clearCurrInsts().setErrCode(UspErrors.NOT_A_TABLE)
                        .setErrMsg(UspReasons.standard(UspErrors.NOT_A_TABLE, match.path())).build();
            }
        }
        return result.build();
    }

    private void addRows(ObjectInstance parent, ObjectSchema table, boolean firstLevelOnly, Requester requester,
            UspMsg.GetInstancesResp.RequestedPathResult.Builder result, ResponseBudget budget) {
        for (long n : access.rows(parent, table)) {
            ObjectInstance row = parent.instance(table, n);
            if (requester.canSeeInstances(row)) {
                addRow(row, firstLevelOnly, requester, result, budget);
            }
        }
    }

    private void addRow(ObjectInstance row, boolean firstLevelOnly, Requester requester,
            UspMsg.GetInstancesResp.RequestedPathResult.Builder result, ResponseBudget budget) {
        UspMsg.GetInstancesResp.CurrInstance.Builder instance =
                UspMsg.GetInstancesResp.CurrInstance.newBuilder().setInstantiatedObjPath(row.path());
        budget.chargeText(row.path());
        Map<String, String> values = access.values(row);
        for (List<String> key : row.schema().uniqueKeys()) {
            for (String name : key) {
                if (row.schema().parameter(name).filter(p -> requester.canReadParameter(row, p)).isPresent()) {
                    String value = values.getOrDefault(name, "");
                    budget.chargeEntry(name, value);
                    instance.putUniqueKeys(name, value);
                }
            }
        }
        result.addCurrInsts(instance);
        if (!firstLevelOnly) {
            addDescendants(row, requester, result, budget);
        }
    }

    private void addDescendants(ObjectInstance object, Requester requester,
            UspMsg.GetInstancesResp.RequestedPathResult.Builder result, ResponseBudget budget) {
        for (ObjectSchema child : object.schema().children()) {
            if (child.multiInstance()) {
                addRows(object, child, false, requester, result, budget);
            } else if (access.provider(child).exists(object.child(child))) {
                addDescendants(object.child(child), requester, result, budget);
            }
        }
    }
}
