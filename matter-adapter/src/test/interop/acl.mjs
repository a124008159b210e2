#!/usr/bin/env node
// Access-control checks against a Matter node this controller already commissioned (its fabric is in --fabric-dir,
// as commission.mjs left it). Connects over CASE, runs the actions in order in that one session and prints one JSON
// line. Every outcome is a status code: 0 for success, else the node's IM status (0x7E UNSUPPORTED_ACCESS, 0x87
// CONSTRAINT_ERROR, ...); a failure that is not a status is reported as {"error": "..."}.
//
//   node acl.mjs --fabric-dir ./controller --actions fabric-index,cut-to-view,probe [--interface vethB]
//
// Actions:
//   fabric-index      read OperationalCredentials.CurrentFabricIndex            -> currentFabricIndex
//   cut-to-view       write this fabric's ACL to one View entry for our node id  -> cutToView (status)
//   probe             every Administer operation, plus a View read              -> probe {name: status}
//   invalid-acl       write invalid entries (Group+Administer, subject 0)       -> invalidAcl {name: status}
//   read-acl          read the ACL (fabric-filtered)                            -> acl [{privilege, authMode, ...}]
//   read-all-listed   read every attribute each AttributeList names, one path per read
//                                                                               -> listed {count, missing}
//   admin-by-cat      write this fabric's ACL to one Administer entry naming CAT 0001 version 1 (no node id)
//                                                                               -> adminByCat (status)
//   cat-v2            write it to Administer for CAT 0001 version 2, then read the ACL in the same session
//                                                                               -> catV2 {write, readAcl}
import {
    AccessControl,
    AccessControlCluster,
    AdministratorCommissioningCluster,
    BasicInformationCluster,
    GeneralCommissioningCluster,
    OperationalCredentialsCluster,
} from "@matter/main/clusters";
import { StatusResponseError } from "@matter/main/types";
import {
    commissionedNodeId, connectedNode, controllerEnvironment, currentFabricIndex, json, run, startController,
} from "./controller.mjs";

function parseArgs(argv) {
    const options = { timeout: 60, ipv4: false, actions: [] };
    for (let i = 0; i < argv.length; i++) {
        const value = () => {
            if (i + 1 >= argv.length) throw new Error(`missing value for ${argv[i]}`);
            return argv[++i];
        };
        switch (argv[i]) {
            case "--fabric-dir": options.fabricDir = value(); break;
            case "--interface": options.networkInterface = value(); break;
            case "--timeout": options.timeout = Number(value()); break;
            case "--actions": options.actions = value().split(","); break;
            case "--ipv4": options.ipv4 = true; break;
            default: throw new Error(`unknown argument ${argv[i]}`);
        }
    }
    if (options.fabricDir === undefined) throw new Error("--fabric-dir is required");
    return options;
}

/** 0 when {@code operation} succeeds, the IM status it was refused with otherwise. */
async function statusOf(operation) {
    try {
        await operation();
        return 0;
    } catch (error) {
        if (error instanceof StatusResponseError) return error.code;
        return { error: String(error?.message ?? error) };
    }
}

async function readStatus(client, endpointId, clusterId, attributeId) {
    const { attributeData, attributeStatus } = await client.getMultipleAttributesAndStatus({
        attributes: [{ endpointId, clusterId, attributeId }],
    });
    if (attributeStatus !== undefined && attributeStatus.length > 0) return attributeStatus[0].status;
    if (attributeData.length === 1) return 0;
    return { error: `no data and no status for ${endpointId}/${clusterId}/${attributeId}` };
}

async function writeStatus(client, clusterId, attribute, value) {
    try {
        const failures = await client.setMultipleAttributes({
            attributes: [{ endpointId: 0, clusterId, attribute, value }],
        });
        return failures.length === 0 ? 0 : failures[0].status;
    } catch (error) {
        if (error instanceof StatusResponseError) return error.code;
        return { error: String(error?.message ?? error) };
    }
}

function invoke(client, cluster, command, request, timed = false) {
    return statusOf(() => client.invoke({
        endpointId: 0,
        clusterId: cluster.id,
        command: cluster.commands[command],
        request,
        asTimedRequest: timed,
        skipValidation: true,
    }));
}

const aclAttribute = AccessControlCluster.attributes.acl;

function entry(privilege, authMode, subjects, fabricIndex) {
    return { privilege, authMode, subjects, targets: null, fabricIndex };
}

async function probe(client) {
    const bytes = n => new Uint8Array(n).fill(7);
    return {
        viewReadVendorName: await readStatus(client, 0, BasicInformationCluster.id, 1),
        readAcl: await readStatus(client, 0, AccessControlCluster.id, 0),
        writeNodeLabel: await writeStatus(client, BasicInformationCluster.id,
            BasicInformationCluster.attributes.nodeLabel, "hacked"),
        writeAcl: await writeStatus(client, AccessControlCluster.id, aclAttribute, []),
        armFailSafe: await invoke(client, GeneralCommissioningCluster, "armFailSafe",
            { expiryLengthSeconds: 60, breadcrumb: 1 }),
        setRegulatoryConfig: await invoke(client, GeneralCommissioningCluster, "setRegulatoryConfig",
            { newRegulatoryConfig: 0, countryCode: "XX", breadcrumb: 1 }),
        commissioningComplete: await invoke(client, GeneralCommissioningCluster, "commissioningComplete", undefined),
        csrRequest: await invoke(client, OperationalCredentialsCluster, "csrRequest", { csrNonce: bytes(32) }),
        addTrustedRootCertificate: await invoke(client, OperationalCredentialsCluster, "addTrustedRootCertificate",
            { rootCaCertificate: bytes(200) }),
        updateFabricLabel: await invoke(client, OperationalCredentialsCluster, "updateFabricLabel",
            { label: "hacked" }),
        removeFabric: await invoke(client, OperationalCredentialsCluster, "removeFabric", { fabricIndex: 1 }),
        openCommissioningWindow: await invoke(client, AdministratorCommissioningCluster, "openCommissioningWindow", {
            commissioningTimeout: 180,
            pakePasscodeVerifier: bytes(97),
            discriminator: 1234,
            iterations: 1000,
            salt: bytes(32),
        }, true),
        revokeCommissioning: await invoke(client, AdministratorCommissioningCluster, "revokeCommissioning",
            undefined, true),
    };
}

async function readAll(client) {
    const lists = await client.getMultipleAttributes({ attributes: [{ attributeId: 0xfffb }] });
    const paths = [];
    for (const list of lists) {
        for (const attributeId of list.value) {
            paths.push({ endpointId: list.path.endpointId, clusterId: list.path.clusterId, attributeId });
        }
    }
    const missing = [];
    for (const path of paths) {
        const status = await readStatus(client, path.endpointId, path.clusterId, path.attributeId);
        if (status !== 0) missing.push({ ...path, status });
    }
    return { clusters: lists.length, count: paths.length, missing };
}

async function main() {
    const options = parseArgs(process.argv.slice(2));
    const controller = await startController(controllerEnvironment(options));
    try {
        const nodeId = commissionedNodeId(controller, options.fabricDir);
        const node = await connectedNode(controller, nodeId, options.timeout);
        const client = node.getInteractionClient();
        const ownNodeId = controller.fabric.rootNodeId;
        const result = { nodeId: nodeId.toString(), controllerNodeId: ownNodeId.toString() };
        for (const action of options.actions) {
            switch (action) {
                case "fabric-index":
                    result.currentFabricIndex = await currentFabricIndex(client);
                    break;
                case "cut-to-view": {
                    const fabricIndex = await currentFabricIndex(client);
                    result.cutToView = await writeStatus(client, AccessControlCluster.id, aclAttribute, [
                        entry(AccessControl.AccessControlEntryPrivilege.View, AccessControl.AccessControlEntryAuthMode.Case,
                            [ownNodeId], fabricIndex),
                    ]);
                    break;
                }
                case "probe":
                    result.probe = await probe(client);
                    break;
                case "invalid-acl": {
                    const admin = entry(AccessControl.AccessControlEntryPrivilege.Administer,
                        AccessControl.AccessControlEntryAuthMode.Case, [ownNodeId], 1);
                    result.invalidAcl = {
                        groupAdminister: await writeStatus(client, AccessControlCluster.id, aclAttribute, [admin,
                            entry(AccessControl.AccessControlEntryPrivilege.Administer,
                                AccessControl.AccessControlEntryAuthMode.Group, [0x0101], 1)]),
                        subjectZero: await writeStatus(client, AccessControlCluster.id, aclAttribute, [admin,
                            entry(AccessControl.AccessControlEntryPrivilege.View,
                                AccessControl.AccessControlEntryAuthMode.Case, [0], 1)]),
                        paseEntry: await writeStatus(client, AccessControlCluster.id, aclAttribute, [admin,
                            entry(AccessControl.AccessControlEntryPrivilege.View,
                                AccessControl.AccessControlEntryAuthMode.Pase, null, 1)]),
                    };
                    break;
                }
                case "read-acl": {
                    const acl = await client.getAttribute({
                        endpointId: 0, clusterId: AccessControlCluster.id, attribute: aclAttribute,
                        requestFromRemote: true,
                    });
                    result.acl = acl.map(e => ({
                        privilege: e.privilege, authMode: e.authMode,
                        subjects: (e.subjects ?? []).map(s => s.toString()), fabricIndex: e.fabricIndex,
                    }));
                    break;
                }
                case "read-all-listed":
                    result.listed = await readAll(client);
                    break;
                case "admin-by-cat":
                case "cat-v2": {
                    const fabricIndex = await currentFabricIndex(client);
                    const subject = action === "admin-by-cat" ? 0xfffffffd00010001n : 0xfffffffd00010002n;
                    const write = await writeStatus(client, AccessControlCluster.id, aclAttribute, [
                        entry(AccessControl.AccessControlEntryPrivilege.Administer,
                            AccessControl.AccessControlEntryAuthMode.Case, [subject], fabricIndex),
                    ]);
                    if (action === "admin-by-cat") {
                        result.adminByCat = write;
                    } else {
                        result.catV2 = { write, readAcl: await readStatus(client, 0, AccessControlCluster.id, 0) };
                    }
                    break;
                }
                default:
                    throw new Error(`unknown action ${action}`);
            }
        }
        process.stdout.write(json(result) + "\n");
    } finally {
        await controller.close();
    }
}

run("acl.mjs", main);
