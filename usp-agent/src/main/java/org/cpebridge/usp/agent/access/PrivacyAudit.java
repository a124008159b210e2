package org.cpebridge.usp.agent.access;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.cpebridge.privacy.audit.AccessLog;
import org.cpebridge.privacy.audit.Decision;
import org.cpebridge.privacy.policy.AccessPolicy;
import org.cpebridge.privacy.policy.HouseholdPrivacyPolicy;
import org.cpebridge.privacy.policy.Rights;
import org.cpebridge.privacy.policy.TargetKind;
import org.cpebridge.usp.message.Answer;
import org.cpebridge.usp.message.MessageAudit;
import org.cpebridge.usp.proto.UspMsg;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes what a non-household Controller asked for and got into the transparency log ({@link AccessLog}), before the
 * answer leaves: one entry per request (operation, requested paths, decision) and one per notification it was sent
 * or was withheld from.
 *
 * <p>The decision of a request: {@code Allowed} when the access policy denied nothing the operation needed (read for
 * Get, GetInstances and GetSupportedDM; write for Set, Add and Delete; execute for Operate), {@code Filtered} when it
 * denied something but the answer still carries data, {@code Denied} when it denied something and the answer carries
 * none. An Add of a subscription is {@code Filtered} when one of its ReferenceList paths names something the
 * Controller may not be notified of (the subscription is made; those notifications are withheld and logged).
 *
 * <p>The answer to a request is released only once its entry is durable ({@link AccessLog#appendLater}: entries of
 * requests answered close together share one store write); a notification's entry is durable before the notifier
 * sends it, and a notification that cannot be logged is withheld.
 *
 * <p>Owning thread: the agent's executor (requests and notifications are handled there); a Set or Operate that a
 * device answers later appends from the thread that completes it, which {@link AccessLog} allows. The answer stage
 * completes on the log's writer thread.
 */
public final class PrivacyAudit implements MessageAudit {
    private static final Logger LOG = LoggerFactory.getLogger(PrivacyAudit.class);
    private final HouseholdPrivacyPolicy household;
    private final AccessLog log;
    private final AccessPolicy references;
    // Denials seen while the current request is handled; reset per request, read on the same thread.
    private int readDenied;
    private int writeDenied;
    private int executeDenied;
    private boolean counting;

    /**
     * @param references the agent's notification policy (roles and privacy), asked about the ReferenceList paths of a
     *                   subscription Add
     */
    public PrivacyAudit(HouseholdPrivacyPolicy household, AccessLog log, AccessPolicy references) {
        this.household = Objects.requireNonNull(household, "household");
        this.log = Objects.requireNonNull(log, "log");
        this.references = Objects.requireNonNull(references, "references");
    }

    /**
     * The message policy, watched: the audit counts what it denies while a request is handled. Its
     * {@link AccessPolicy#readsEverythingBelow} is the policy's and is not counted: where it says true, every
     * question it saves would have allowed reading; where it says false, the caller asks per item, counted here.
     */
    public AccessPolicy watching(AccessPolicy policy) {
        return new AccessPolicy() {
            @Override
            public Rights rights(org.cpebridge.privacy.policy.AccessRequest request) {
                Rights rights = policy.rights(request);
                if (counting) {
                    readDenied += rights.read() ? 0 : 1;
                    writeDenied += rights.write() ? 0 : 1;
                    executeDenied += rights.execute() ? 0 : 1;
                }
                return rights;
            }

            @Override
            public boolean readsEverythingBelow(String controllerId, String objectPath) {
                return policy.readsEverythingBelow(controllerId, objectPath);
            }
        };
    }

    /**
     * The notification policy, logged: the notifier asks it once per notification due to a subscription, so each
     * answer for a non-household Controller is an entry (Allowed: sent; Denied: withheld).
     */
    public AccessPolicy notifying(AccessPolicy policy) {
        return request -> {
            Rights rights = policy.rights(request);
            if (!household.isHousehold(request.controllerId())) {
                try {
                    log.append(new AccessLog.Event(request.controllerId(), "Notify", request.path(),
                            rights.notification() ? Decision.ALLOWED : Decision.DENIED));
                } catch (RuntimeException e) {
                    // Not on the record, so not sent: a notification the household cannot see is withheld.
                    LOG.warn("withholding a notification to {}: the access log failed ({})",
                            request.controllerId(), e.getMessage());
                    return rights.and(Rights.parse("rwx-"));
                }
            }
            return rights;
        };
    }

    @Override
    public CompletionStage<Optional<Answer>> around(String controllerId, UspMsg.Msg request,
            Supplier<CompletionStage<Optional<Answer>>> handling) {
        if (household.isHousehold(controllerId)) {
            return handling.get();
        }
        UspMsg.Request body = request.getBody().getRequest();
        readDenied = 0;
        writeDenied = 0;
        executeDenied = 0;
        counting = true;
        CompletionStage<Optional<Answer>> answer;
        try {
            answer = handling.get();
        } finally {
            counting = false;
        }
        int denied = switch (body.getReqTypeCase()) {
            case GET, GET_INSTANCES, GET_SUPPORTED_DM -> readDenied;
            case SET, ADD, DELETE -> writeDenied;
            case OPERATE -> executeDenied;
            default -> 0;
        };
        int hiddenReferences = hiddenSubscriptionReferences(controllerId, body);
        String operation = operation(body);
        String paths = String.join(",", paths(body));
        return answer.thenCompose(reply -> {
            Decision decision;
            if (denied == 0) {
                decision = hiddenReferences > 0 && carriesData(reply) ? Decision.FILTERED : Decision.ALLOWED;
            } else {
                decision = carriesData(reply) ? Decision.FILTERED : Decision.DENIED;
            }
            return log.appendLater(List.of(new AccessLog.Event(controllerId, operation, paths, decision)))
                    .thenApply(entries -> reply);
        });
    }

    /** How many ReferenceList items of a subscription Add name something the Controller may not be notified of. */
    private int hiddenSubscriptionReferences(String controllerId, UspMsg.Request body) {
        if (!body.hasAdd()) {
            return 0;
        }
        int hidden = 0;
        for (UspMsg.Add.CreateObject create : body.getAdd().getCreateObjsList()) {
            if (!create.getObjPath().startsWith("Device.LocalAgent.Subscription.")) {
                continue;
            }
            for (UspMsg.Add.CreateParamSetting s : create.getParamSettingsList()) {
                if (!s.getParam().equals("ReferenceList")) {
                    continue;
                }
                for (String reference : s.getValue().split(",", -1)) {
                    String path = reference.strip();
                    if (!path.isEmpty() && !notifiable(controllerId, path)) {
                        hidden++;
                    }
                }
            }
        }
        return hidden;
    }

    private boolean notifiable(String controllerId, String path) {
        return references.rights(controllerId, kindOf(path), path).notification();
    }

    private static TargetKind kindOf(String path) {
        if (path.endsWith("()") || path.endsWith("!")) {
            return TargetKind.COMMAND_EVENT;
        }
        return path.endsWith(".") ? TargetKind.OBJECT : TargetKind.PARAMETER;
    }

    private static String operation(UspMsg.Request body) {
        return switch (body.getReqTypeCase()) {
            case GET -> "Get";
            case GET_INSTANCES -> "GetInstances";
            case GET_SUPPORTED_DM -> "GetSupportedDM";
            case GET_SUPPORTED_PROTOCOL -> "GetSupportedProtocol";
            case SET -> "Set";
            case ADD -> "Add";
            case DELETE -> "Delete";
            case OPERATE -> "Operate";
            default -> body.getReqTypeCase().name();
        };
    }

    private static List<String> paths(UspMsg.Request body) {
        List<String> paths = new ArrayList<>();
        switch (body.getReqTypeCase()) {
            case GET -> paths.addAll(body.getGet().getParamPathsList());
            case GET_INSTANCES -> paths.addAll(body.getGetInstances().getObjPathsList());
            case GET_SUPPORTED_DM -> paths.addAll(body.getGetSupportedDm().getObjPathsList());
            case SET -> body.getSet().getUpdateObjsList().forEach(o -> o.getParamSettingsList()
                    .forEach(p -> paths.add(o.getObjPath() + p.getParam())));
            case ADD -> body.getAdd().getCreateObjsList().forEach(o -> {
                paths.add(o.getObjPath());
                o.getParamSettingsList().stream().filter(p -> p.getParam().equals("ReferenceList"))
                        .forEach(p -> paths.add(p.getValue()));
            });
            case DELETE -> paths.addAll(body.getDelete().getObjPathsList());
            case OPERATE -> paths.add(body.getOperate().getCommand());
            default -> { }
        }
        return paths;
    }

    /** Whether an answer gives the Controller anything of what it asked for. */
    static boolean carriesData(Optional<Answer> reply) {
        if (reply.isEmpty()) {
            return false;
        }
        if (reply.get().isGetResponse()) {
            // A Get response is written as bytes while the Get walks (never parsed back here); it says this itself.
            return reply.get().getResponseHoldsObjects();
        }
        UspMsg.Body body = reply.get().message().getBody();
        if (!body.hasResponse()) {
            return false;
        }
        UspMsg.Response r = body.getResponse();
        return switch (r.getRespTypeCase()) {
            case GET_RESP -> r.getGetResp().getReqPathResultsList().stream()
                    .anyMatch(p -> p.getErrCode() == 0 && p.getResolvedPathResultsCount() > 0);
            case GET_INSTANCES_RESP -> r.getGetInstancesResp().getReqPathResultsList().stream()
                    .anyMatch(p -> p.getErrCode() == 0 && p.getCurrInstsCount() > 0);
            case GET_SUPPORTED_DM_RESP -> r.getGetSupportedDmResp().getReqObjResultsList().stream()
                    .anyMatch(p -> p.getErrCode() == 0 && p.getSupportedObjsCount() > 0);
            case SET_RESP -> r.getSetResp().getUpdatedObjResultsList().stream()
                    .anyMatch(o -> o.getOperStatus().hasOperSuccess());
            case ADD_RESP -> r.getAddResp().getCreatedObjResultsList().stream()
                    .anyMatch(o -> o.getOperStatus().hasOperSuccess());
            // Deleting nothing (a row the Controller may not see answers as one that does not exist) gave nothing.
            case DELETE_RESP -> r.getDeleteResp().getDeletedObjResultsList().stream()
                    .anyMatch(o -> o.getOperStatus().hasOperSuccess()
                            && o.getOperStatus().getOperSuccess().getAffectedPathsCount() > 0);
            case OPERATE_RESP -> r.getOperateResp().getOperationResultsList().stream()
                    .anyMatch(o -> !o.hasCmdFailure());
            default -> true;
        };
    }
}
