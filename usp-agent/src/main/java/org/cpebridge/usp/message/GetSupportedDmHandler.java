package org.cpebridge.usp.message;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.cpebridge.usp.datamodel.CommandSchema;
import org.cpebridge.usp.datamodel.EventSchema;
import org.cpebridge.usp.datamodel.ObjectSchema;
import org.cpebridge.usp.datamodel.ParameterSchema;
import org.cpebridge.usp.error.UspErrors;
import org.cpebridge.usp.error.UspReasons;
import org.cpebridge.usp.path.PathException;
import org.cpebridge.usp.path.Segment;
import org.cpebridge.usp.path.UspPath;
import org.cpebridge.usp.proto.UspMsg;
import org.cpebridge.usp.proto.UspMsg.GetSupportedDMResp;

/**
 * GetSupportedDM (TR-369 "The GetSupportedDM Message"): object, parameter, command and event paths in Supported
 * ({@code {i}}, final {@code {i}.} optional) or Instantiated notation; reports objects in Supported notation with the
 * requested parameters, commands, events and unique key sets. Items the Controller may not read are absent (R-GSP.0).
 */
final class GetSupportedDmHandler {
    private final ModelAccess access;
    private final String dataModelUri;

    GetSupportedDmHandler(ModelAccess access, String dataModelUri) {
        this.access = access;
        this.dataModelUri = dataModelUri;
    }

    GetSupportedDMResp handle(UspMsg.GetSupportedDM request, Requester requester, ResponseBudget budget) {
        GetSupportedDMResp.Builder response = GetSupportedDMResp.newBuilder();
        Map<String, GetSupportedDMResp.RequestedObjectResult> answered = new HashMap<>();
        for (String requested : request.getObjPathsList()) {
            GetSupportedDMResp.RequestedObjectResult again = answered.get(requested);
            if (again != null) {
                budget.chargeBuilt(again);
                response.addReqObjResults(again);
                continue;
            }
            GetSupportedDMResp.RequestedObjectResult.Builder result =
                    GetSupportedDMResp.RequestedObjectResult.newBuilder().setReqObjPath(requested);
            budget.chargeText(requested);
            budget.chargeText(dataModelUri);
            try {
                resolvePath(requested, request, requester, result, budget);
            } catch (PathException e) {
                budget.chargeText(e.getMessage());
                result.clearSupportedObjs().setErrCode(e.errorCode()).setErrMsg(e.getMessage());
            }
            GetSupportedDMResp.RequestedObjectResult built = result.build();
            answered.put(requested, built);
            response.addReqObjResults(built);
        }
        return response.build();
    }

    private void resolvePath(String requested, UspMsg.GetSupportedDM request, Requester requester,
            GetSupportedDMResp.RequestedObjectResult.Builder result, ResponseBudget budget) throws PathException {
        UspPath path = access.parser.parseSupported(requested);
        boolean instantiated = path.segments().stream().anyMatch(s -> s instanceof Segment.InstanceNumber);
        if (instantiated) {
            access.resolver.resolve(access.parser.parse(requested), requester.objectFilter()); // must exist
        }
        ObjectSchema node = access.model.root();
        List<Segment> segments = path.segments();
        if (!((Segment.Name) segments.get(0)).name().equals(node.name())) {
            throw invalid(requested);
        }
        int lastObjectSegment = path.kind() == UspPath.Kind.OBJECT ? segments.size() : segments.size() - 1;
        for (int i = 1; i < lastObjectSegment; i++) {
            Segment s = segments.get(i);
            if (s instanceof Segment.Name name) {
                node = node.child(name.name()).orElseThrow(() -> invalid(requested));
            } else if (!node.multiInstance()) {
                throw invalid(requested);
            }
        }
        result.setDataModelInstUri(dataModelUri);
        final ObjectSchema target = node;
        if (!requester.canReadObject(target.path())) {
            throw invalid(requested);
        }
        Segment last = path.last();
        GetSupportedDMResp.SupportedObjectResult.Builder object = describe(target);
        switch (path.kind()) {
            case PARAMETER: {
                ParameterSchema p = target.parameter(((Segment.Name) last).name())
                        .filter(x -> requester.canReadParameterPath(target.path() + x.name()))
                        .orElseThrow(() -> invalid(requested));
                add(result, object.addSupportedParams(param(p)), budget);
                return;
            }
            case COMMAND: {
                CommandSchema c = target.command(((Segment.Command) last).name())
                        .filter(x -> requester.canReadCommandOrEvent(target.path() + x.name() + "()"))
                        .orElseThrow(() -> invalid(requested));
                add(result, object.addSupportedCommands(command(c)), budget);
                return;
            }
            case EVENT: {
                EventSchema e = target.event(((Segment.Event) last).name())
                        .filter(x -> requester.canReadCommandOrEvent(target.path() + x.name() + "!"))
                        .orElseThrow(() -> invalid(requested));
                add(result, object.addSupportedEvents(event(e)), budget);
                return;
            }
            default:
                addObject(target, request, requester, result, true, budget);
        }
    }

    private void addObject(ObjectSchema node, UspMsg.GetSupportedDM request, Requester requester,
            GetSupportedDMResp.RequestedObjectResult.Builder result, boolean top, ResponseBudget budget) {
        GetSupportedDMResp.SupportedObjectResult.Builder object = describe(node);
        if (request.getReturnParams()) {
            for (ParameterSchema p : node.parameters()) {
                if (requester.canReadParameterPath(node.path() + p.name())) {
                    object.addSupportedParams(param(p));
                }
            }
        }
        if (request.getReturnCommands()) {
            for (CommandSchema c : node.commands()) {
                if (requester.canReadCommandOrEvent(node.path() + c.name() + "()")) {
                    object.addSupportedCommands(command(c));
                }
            }
        }
        if (request.getReturnEvents()) {
            for (EventSchema e : node.events()) {
                if (requester.canReadCommandOrEvent(node.path() + e.name() + "!")) {
                    object.addSupportedEvents(event(e));
                }
            }
        }
        if (request.getReturnUniqueKeySets()) {
            for (List<String> key : node.uniqueKeys()) {
                object.addUniqueKeySets(GetSupportedDMResp.SupportedUniqueKeySet.newBuilder().addAllKeyNames(key));
            }
        }
        add(result, object, budget);
        for (ObjectSchema child : node.children()) {
            if (!requester.canReadObject(child.path())) {
                continue;
            }
            if (request.getFirstLevelOnly()) {
                if (top) {
                    add(result, describe(child), budget);
                }
            } else {
                addObject(child, request, requester, result, false, budget);
            }
        }
    }

    /** One object's description, built and charged before it joins the answer. */
    private static void add(GetSupportedDMResp.RequestedObjectResult.Builder result,
            GetSupportedDMResp.SupportedObjectResult.Builder object, ResponseBudget budget) {
        GetSupportedDMResp.SupportedObjectResult built = object.build();
        budget.chargeBuilt(built);
        result.addSupportedObjs(built);
    }

    private static GetSupportedDMResp.SupportedObjectResult.Builder describe(ObjectSchema node) {
        return GetSupportedDMResp.SupportedObjectResult.newBuilder()
                .setSupportedObjPath(node.path())
                .setAccessValue(node.access().ordinal())
                .setIsMultiInstance(node.multiInstance());
    }

    private static GetSupportedDMResp.SupportedParamResult param(ParameterSchema p) {
        return GetSupportedDMResp.SupportedParamResult.newBuilder()
                .setParamName(p.name())
                .setAccessValue(p.access().wireValue())
                .setValueTypeValue(p.type().ordinal() + 1)
                .setValueChange(p.valueChangeAllowed() ? GetSupportedDMResp.ValueChangeType.VALUE_CHANGE_ALLOWED
                        : GetSupportedDMResp.ValueChangeType.VALUE_CHANGE_WILL_IGNORE)
                .build();
    }

    private static GetSupportedDMResp.SupportedCommandResult command(CommandSchema c) {
        return GetSupportedDMResp.SupportedCommandResult.newBuilder()
                .setCommandName(c.name() + "()")
                .addAllInputArgNames(c.inputArgs())
                .addAllOutputArgNames(c.outputArgs())
                .setCommandType(c.async() ? GetSupportedDMResp.CmdType.CMD_ASYNC : GetSupportedDMResp.CmdType.CMD_SYNC)
                .build();
    }

    private static GetSupportedDMResp.SupportedEventResult event(EventSchema e) {
        return GetSupportedDMResp.SupportedEventResult.newBuilder()
                .setEventName(e.name() + "!").addAllArgNames(e.args()).build();
    }

    private static PathException invalid(String requested) {
        return new PathException(UspErrors.INVALID_PATH, UspReasons.invalidPath(requested));
    }

}
