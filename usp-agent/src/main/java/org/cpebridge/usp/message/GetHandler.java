package org.cpebridge.usp.message;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.cpebridge.usp.datamodel.ObjectInstance;
import org.cpebridge.usp.datamodel.ObjectSchema;
import org.cpebridge.usp.datamodel.ParamAccess;
import org.cpebridge.usp.datamodel.ParameterSchema;
import org.cpebridge.usp.error.UspErrors;
import org.cpebridge.usp.error.UspReasons;
import org.cpebridge.usp.path.PathException;
import org.cpebridge.usp.path.Resolution;
import org.cpebridge.usp.path.Resolved;
import org.cpebridge.usp.proto.UspMsg;

/**
 * Get (TR-369 "The Get Message"): one RequestedPathResult per path; partial paths give one ResolvedPathResult per
 * object in the tree, limited by {@code max_depth} (R-GET.5); parameter paths give the parent object with only that
 * parameter (R-GET.2/3). Unreadable parameters are left out (R-GET.4); unreadable objects are treated as absent
 * (R-GET.1); an addressed path that matches nothing is 7026 (R-GET.0), a search that matches nothing is empty
 * (R-GET.1a). A path named more than once is resolved once and its result repeated; every result is charged to the
 * {@link ResponseBudget} as it is added, so an answer too large for the MTP stops at the limit.
 *
 * <p>Permissions are asked once per subtree where the policy can tell ({@link Requester#readsEverythingBelow}: the
 * household's full access), else per object and parameter, in the same order as always, so that what the policy
 * decides and what the privacy audit counts is the same either way; {@code GetAnswerGoldenTest} holds the answers.
 */
final class GetHandler {
    private final ModelAccess access;

    GetHandler(ModelAccess access) {
        this.access = access;
    }

    UspMsg.GetResp handle(UspMsg.Get get, Requester requester, ResponseBudget budget) {
        UspMsg.GetResp.Builder response = UspMsg.GetResp.newBuilder();
        long maxDepth = Integer.toUnsignedLong(get.getMaxDepth());
        Map<String, UspMsg.GetResp.RequestedPathResult> answered = new HashMap<>();
        for (String requested : get.getParamPathsList()) {
            UspMsg.GetResp.RequestedPathResult again = answered.get(requested);
            if (again != null) {
                budget.chargeBuilt(again);
                response.addReqPathResults(again);
                continue;
            }
            UspMsg.GetResp.RequestedPathResult result = resolvePath(requested, maxDepth, requester, budget);
            answered.put(requested, result);
            response.addReqPathResults(result);
        }
        return response.build();
    }

    private UspMsg.GetResp.RequestedPathResult resolvePath(String requested, long maxDepth, Requester requester,
            ResponseBudget budget) {
        UspMsg.GetResp.RequestedPathResult.Builder result =
                UspMsg.GetResp.RequestedPathResult.newBuilder().setRequestedPath(requested);
        budget.chargeText(requested);
        Resolution resolution;
        try {
            resolution = access.resolve(requested, requester.objectFilter());
        } catch (PathException e) {
            int code = e.errorCode() == UspErrors.OBJECT_DOES_NOT_EXIST ? UspErrors.INVALID_PATH : e.errorCode();
            budget.chargeText(e.getMessage());
            return result.setErrCode(code).setErrMsg(e.getMessage()).build();
        }
        Map<String, UspMsg.GetResp.ResolvedPathResult.Builder> byObject = new LinkedHashMap<>();
        for (Resolved match : resolution.matches()) {
            if (match instanceof Resolved.Parameter p) {
                if (!requester.canReadObject(p.object().path()) || !requester.canReadParameter(p.object(),
                        p.parameter())) {
                    if (!resolution.searched()) {
                        return invalid(result, requested);
                    }
                    continue;
                }
                String value = value(p.object(), p.parameter());
                budget.chargeEntry(p.parameter().name(), value);
                byObject.computeIfAbsent(p.object().path(), path -> resolved(path, budget))
                        .putResultParams(p.parameter().name(), value);
            } else if (match instanceof Resolved.Obj o) {
                if (!requester.canReadObject(o.object().path())) {
                    if (!resolution.searched()) {
                        return invalid(result, requested);
                    }
                    continue;
                }
                addTree(o.object(), 1, maxDepth, requester, !requester.readsEverythingBelow(o.object().path()),
                        byObject, budget);
            } else if (match instanceof Resolved.Table t) {
                if (!requester.canReadObject(t.path())) {
                    if (!resolution.searched()) {
                        return invalid(result, requested);
                    }
                    continue;
                }
                boolean checked = !requester.readsEverythingBelow(t.path());
                for (long n : access.rows(t.parent(), t.table())) {
                    ObjectInstance row = t.parent().instance(t.table(), n);
                    if (!checked || requester.canReadObject(row.path())) {
                        addTree(row, 1, maxDepth, requester, checked, byObject, budget);
                    }
                }
            } else {
                return result.setErrCode(UspErrors.INVALID_PATH)
                        .setErrMsg(UspReasons.getReadsNoCommandsOrEvents(requested)).build();
            }
        }
        byObject.values().forEach(r -> result.addResolvedPathResults(r));
        return result.build();
    }

    /**
     * Adds {@code object} and, down to {@code maxDepth}, the objects below it.
     *
     * @param checked whether to ask the requester about each object and parameter; false where it may read the
     *                whole subtree ({@link Requester#readsEverythingBelow})
     */
    private void addTree(ObjectInstance object, long depth, long maxDepth, Requester requester, boolean checked,
            Map<String, UspMsg.GetResp.ResolvedPathResult.Builder> byObject, ResponseBudget budget) {
        ObjectSchema schema = object.schema();
        if (!schema.parameters().isEmpty()) {
            UspMsg.GetResp.ResolvedPathResult.Builder r = byObject.computeIfAbsent(object.path(),
                    path -> resolved(path, budget));
            Map<String, String> values = access.values(object);
            for (ParameterSchema p : schema.parameters()) {
                if (!checked || requester.canReadParameter(object, p)) {
                    String value = p.access() == ParamAccess.WRITE_ONLY ? "" : values.getOrDefault(p.name(), "");
                    budget.chargeEntry(p.name(), value);
                    r.putResultParams(p.name(), value);
                }
            }
        }
        if (maxDepth != 0 && depth >= maxDepth) {
            return;
        }
        for (ObjectSchema child : schema.children()) {
            if (child.multiInstance()) {
                for (long n : access.rows(object, child)) {
                    ObjectInstance row = object.instance(child, n);
                    if (!checked || requester.canReadObject(row.path())) {
                        addTree(row, depth + 1, maxDepth, requester, checked, byObject, budget);
                    }
                }
            } else {
                ObjectInstance single = object.child(child);
                if (access.provider(child).exists(single) && (!checked || requester.canReadObject(single.path()))) {
                    addTree(single, depth + 1, maxDepth, requester, checked, byObject, budget);
                }
            }
        }
    }

    private String value(ObjectInstance object, ParameterSchema parameter) {
        if (parameter.access() == ParamAccess.WRITE_ONLY) {
            return "";
        }
        return access.values(object).getOrDefault(parameter.name(), "");
    }

    private UspMsg.GetResp.ResolvedPathResult.Builder resolved(String path, ResponseBudget budget) {
        budget.chargeText(path);
        return UspMsg.GetResp.ResolvedPathResult.newBuilder().setResolvedPath(path);
    }

    private static UspMsg.GetResp.RequestedPathResult invalid(UspMsg.GetResp.RequestedPathResult.Builder result,
            String requested) {
        return result.clearResolvedPathResults().setErrCode(UspErrors.INVALID_PATH)
                .setErrMsg(UspReasons.invalidPath(requested)).build();
    }
}
