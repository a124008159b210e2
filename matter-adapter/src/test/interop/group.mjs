#!/usr/bin/env node
// Group-addressed commands from a matter.js controller that commissioned the node (its fabric in --fabric-dir, as
// commission.mjs left it). On its own side it installs a group key set (--key-set, --epoch-key, start time in the
// past) and maps every group of a "send" step to it; then it runs --steps in order, over its CASE session to the node
// or, for "send", through matter.js's group session (multicast to FF35:0040:FD<fabric id>00:<group id>,
// SuppressResponse, no answer):
//   acl            writes the node's ACL: its own administrator entry plus an Operate entry with AuthMode Group naming
//                  --acl-group
//   keyset         KeySetWrite of the same key set on the node (Group Key Management, endpoint 0)
//   map:G1,G2      writes the node's GroupKeyMap: each group to the key set
//   add:G@E        Groups AddGroup of group G on endpoint E (name "group-G")
//   remove:G@E     Groups RemoveGroup of group G on endpoint E
//   send:G         one On/Off Toggle to group G
// Prints one JSON line: {"fabricIndex", "aclWrite" (0 or the IM status; with an "acl" step), "statuses": {step: 0 or
// the status}, "sent": [group ids], "multicast": [addresses]}.
//
//   node group.mjs --fabric-dir ./controller --key-set 66 --epoch-key a0a1..af --acl-group 257 \
//     --steps acl,keyset,map:257+514,add:257@2,send:257
// (a list inside a step is joined with "+", since the steps are joined with ",")
import { AccessControl, AccessControlCluster, GroupKeyManagement, Groups, OnOffCluster } from "@matter/main/clusters";
import { EndpointNumber, NodeId, StatusResponseError } from "@matter/main/types";
import { Bytes } from "@matter/main";
import { NodeDiscoveryType } from "@project-chip/matter.js/cluster";
import {
    commissionedNodeId, connectedNode, controllerEnvironment, currentFabricIndex, json, run, startController,
} from "./controller.mjs";

function parseArgs(argv) {
    const options = { timeout: 60, steps: [] };
    for (let i = 0; i < argv.length; i++) {
        const value = () => {
            if (i + 1 >= argv.length) throw new Error(`missing value for ${argv[i]}`);
            return argv[++i];
        };
        switch (argv[i]) {
            case "--fabric-dir": options.fabricDir = value(); break;
            case "--interface": options.networkInterface = value(); break;
            case "--key-set": options.keySet = Number(value()); break;
            case "--epoch-key": options.epochKey = value(); break;
            case "--acl-group": options.aclGroup = Number(value()); break;
            case "--steps": options.steps = value().split(",").map(parseStep); break;
            default: throw new Error(`unknown argument ${argv[i]}`);
        }
    }
    for (const required of ["fabricDir", "keySet", "epochKey"]) {
        if (options[required] === undefined) throw new Error(`--${required} is required`);
    }
    if (options.steps.some(step => step.op === "acl") && options.aclGroup === undefined) {
        throw new Error("an acl step needs --acl-group");
    }
    return options;
}

/** "add:257@2" -> {op: "add", text: "add:257@2", group: 257, endpoint: 2}; "map:257+514" -> {groups: [257, 514]}. */
function parseStep(text) {
    const [op, argument] = text.split(":");
    const step = { op, text };
    switch (op) {
        case "acl": case "keyset": break;
        case "map": step.groups = argument.split("+").map(Number); break;
        case "send": step.group = Number(argument); break;
        case "add": case "remove": {
            const [group, endpoint] = argument.split("@").map(Number);
            Object.assign(step, { group, endpoint });
            break;
        }
        default: throw new Error(`unknown step ${text}`);
    }
    return step;
}

/** The IM status of a failed interaction, or its message when it has none. */
const statusOf = error => error instanceof StatusResponseError ? error.code : String(error?.message ?? error);

async function main() {
    const options = parseArgs(process.argv.slice(2));
    const controller = await startController(controllerEnvironment(options));
    try {
        const node = await connectedNode(controller, commissionedNodeId(controller, options.fabricDir),
            options.timeout);
        const client = node.getInteractionClient();
        const fabricIndex = await currentFabricIndex(client);
        const ownNodeId = controller.fabric.rootNodeId;
        const result = { fabricIndex, statuses: {}, sent: [], multicast: [] };

        // The controller's own copy of the key set, so that its group session can encrypt to the groups.
        const groups = controller.fabric.groups;
        await groups.setFromGroupKeySet({
            groupKeySetId: options.keySet,
            groupKeySecurityPolicy: 0, // TrustFirst
            epochKey0: Bytes.fromHex(options.epochKey),
            epochStartTime0: 1,
            epochKey1: null, epochStartTime1: null,
            epochKey2: null, epochStartTime2: null,
            groupKeyMulticastPolicy: 0, // PerGroupId
        });
        const sentGroups = options.steps.filter(step => step.op === "send").map(step => step.group);
        groups.groupKeyIdMap = new Map([...new Set(sentGroups)].map(group => [group, options.keySet]));

        for (const step of options.steps) {
            let status = 0;
            try {
                switch (step.op) {
                    case "acl": {
                        const failures = await client.setMultipleAttributes({
                            attributes: [{
                                endpointId: 0, clusterId: AccessControlCluster.id,
                                attribute: AccessControlCluster.attributes.acl,
                                value: [
                                    { privilege: AccessControl.AccessControlEntryPrivilege.Administer,
                                      authMode: AccessControl.AccessControlEntryAuthMode.Case,
                                      subjects: [ownNodeId], targets: null, fabricIndex },
                                    { privilege: AccessControl.AccessControlEntryPrivilege.Operate,
                                      authMode: AccessControl.AccessControlEntryAuthMode.Group,
                                      subjects: [options.aclGroup], targets: null, fabricIndex },
                                ],
                            }],
                        });
                        status = failures.length === 0 ? 0 : failures[0].status;
                        result.aclWrite = status;
                        break;
                    }
                    case "keyset":
                        // matter.js takes EpochStartTime0 in microseconds since 1970 and sends it since 2000.
                        await client.invoke({
                            endpointId: EndpointNumber(0), clusterId: GroupKeyManagement.Cluster.id,
                            command: GroupKeyManagement.Cluster.commands.keySetWrite,
                            request: { groupKeySet: {
                                groupKeySetId: options.keySet, groupKeySecurityPolicy: 0,
                                epochKey0: Bytes.fromHex(options.epochKey), epochStartTime0: 1700000000000000,
                                epochKey1: null, epochStartTime1: null, epochKey2: null, epochStartTime2: null,
                            } },
                        });
                        break;
                    case "map":
                        await client.setAttribute({ attributeData: {
                            endpointId: EndpointNumber(0), clusterId: GroupKeyManagement.Cluster.id,
                            attribute: GroupKeyManagement.Cluster.attributes.groupKeyMap,
                            value: step.groups.map(groupId => ({ groupId, groupKeySetId: options.keySet,
                                fabricIndex })),
                        } });
                        break;
                    case "add":
                    case "remove": {
                        const command = step.op === "add" ? Groups.Cluster.commands.addGroup
                            : Groups.Cluster.commands.removeGroup;
                        const request = step.op === "add" ? { groupId: step.group, groupName: `group-${step.group}` }
                            : { groupId: step.group };
                        const response = await client.invoke({ endpointId: EndpointNumber(step.endpoint),
                            clusterId: Groups.Cluster.id, command, request });
                        status = response.status;
                        break;
                    }
                    case "send": {
                        const groupClient = await controller.createInteractionClient(NodeId.fromGroupId(step.group),
                            NodeDiscoveryType.None);
                        await groupClient.invoke({
                            endpointId: undefined,
                            clusterId: OnOffCluster.id,
                            command: OnOffCluster.commands.toggle,
                            request: undefined,
                        });
                        result.sent.push(step.group);
                        result.multicast.push(groups.multicastAddressFor(step.group));
                        await new Promise(resolve => setTimeout(resolve, 100));
                        break;
                    }
                }
            } catch (error) {
                status = statusOf(error);
            }
            result.statuses[step.text] = status;
        }
        process.stdout.write(json(result) + "\n");
    } finally {
        await controller.close();
    }
}

run("group.mjs", main);
