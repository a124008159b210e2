#!/usr/bin/env node
// Group-addressed commands from a matter.js controller that commissioned the node (its fabric in --fabric-dir, as
// commission.mjs left it). Over CASE it writes the node's ACL to its own administrator entry plus one Operate entry
// with AuthMode Group naming --acl-group; on its own side it installs a group key set (--key-set, --epoch-key, start
// time in the past) and maps every --send group to it; then it sends one On/Off Toggle to each --send group in turn:
// matter.js's group session (multicast to FF35:0040:FD<fabric id>00:<group id>, SuppressResponse, no answer).
// Prints one JSON line: {"fabricIndex", "aclWrite" (0 or the IM status), "sent": [group ids], "multicast": [addresses]}.
//
//   node group.mjs --fabric-dir ./controller --key-set 66 --epoch-key a0a1..af --acl-group 257 --send 257,514,257
import { Environment, Logger, LogLevel } from "@matter/main";
import { AccessControl, AccessControlCluster, OnOffCluster, OperationalCredentialsCluster } from "@matter/main/clusters";
import { NodeId, StatusResponseError } from "@matter/main/types";
import { Bytes } from "@matter/main";
import { CommissioningController } from "@project-chip/matter.js";
import { NodeDiscoveryType } from "@project-chip/matter.js/cluster";

function parseArgs(argv) {
    const options = { timeout: 60, send: [] };
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
            case "--send": options.send = value().split(",").map(Number); break;
            default: throw new Error(`unknown argument ${argv[i]}`);
        }
    }
    for (const required of ["fabricDir", "keySet", "epochKey", "aclGroup"]) {
        if (options[required] === undefined) throw new Error(`--${required} is required`);
    }
    return options;
}

Logger.defaultLogLevel = LogLevel.INFO;
Logger.destinations.default.write = text => process.stderr.write(text + "\n");

const json = value => JSON.stringify(value, (key, v) => (typeof v === "bigint" ? v.toString() : v));

async function main() {
    const options = parseArgs(process.argv.slice(2));
    const environment = Environment.default;
    environment.vars.set("storage.path", options.fabricDir);
    environment.vars.set("mdns.ipv4", false);
    if (options.networkInterface !== undefined) {
        environment.vars.set("mdns.networkInterface", options.networkInterface);
    }
    const controller = new CommissioningController({
        environment: { environment, id: "cpe-bridge-interop" },
        autoConnect: false,
        adminFabricLabel: "cpe-bridge interop",
    });
    await controller.start();
    try {
        const nodeId = controller.getCommissionedNodes()[0];
        if (nodeId === undefined) throw new Error(`no commissioned node in ${options.fabricDir}`);
        const node = await controller.getNode(nodeId);
        if (!node.isConnected) node.connect({ autoSubscribe: false });
        if (!node.remoteInitializationDone) {
            await withTimeout(node.events.initializedFromRemote, options.timeout, "node did not initialize over CASE");
        }
        const client = node.getInteractionClient();
        const fabricIndex = await client.getAttribute({
            endpointId: 0, clusterId: OperationalCredentialsCluster.id,
            attribute: OperationalCredentialsCluster.attributes.currentFabricIndex, requestFromRemote: true,
        });
        const ownNodeId = controller.fabric.rootNodeId;
        const result = { fabricIndex };
        try {
            const failures = await client.setMultipleAttributes({
                attributes: [{
                    endpointId: 0, clusterId: AccessControlCluster.id,
                    attribute: AccessControlCluster.attributes.acl,
                    value: [
                        { privilege: AccessControl.AccessControlEntryPrivilege.Administer,
                          authMode: AccessControl.AccessControlEntryAuthMode.Case, subjects: [ownNodeId],
                          targets: null, fabricIndex },
                        { privilege: AccessControl.AccessControlEntryPrivilege.Operate,
                          authMode: AccessControl.AccessControlEntryAuthMode.Group, subjects: [options.aclGroup],
                          targets: null, fabricIndex },
                    ],
                }],
            });
            result.aclWrite = failures.length === 0 ? 0 : failures[0].status;
        } catch (error) {
            result.aclWrite = error instanceof StatusResponseError ? error.code : String(error?.message ?? error);
        }

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
        groups.groupKeyIdMap = new Map([...new Set(options.send)].map(group => [group, options.keySet]));
        result.sent = [];
        result.multicast = [];
        for (const group of options.send) {
            const groupClient = await controller.createInteractionClient(NodeId.fromGroupId(group),
                NodeDiscoveryType.None);
            await groupClient.invoke({
                endpointId: undefined,
                clusterId: OnOffCluster.id,
                command: OnOffCluster.commands.toggle,
                request: undefined,
            });
            result.sent.push(group);
            result.multicast.push(groups.multicastAddressFor(group));
            await new Promise(resolve => setTimeout(resolve, 100));
        }
        process.stdout.write(json(result) + "\n");
    } finally {
        await controller.close();
    }
}

// matter.js observables are thenable: awaiting one waits for its next emission.
function withTimeout(thenable, seconds, message) {
    return Promise.race([
        Promise.resolve(thenable),
        new Promise((_, reject) => setTimeout(() => reject(new Error(message)), seconds * 1000).unref()),
    ]);
}

main().then(
    () => process.exit(0),
    error => {
        process.stdout.write(json({ error: String(error?.message ?? error) }) + "\n");
        process.stderr.write(`group.mjs: ${error?.stack ?? error}\n`);
        process.exit(1);
    },
);
