#!/usr/bin/env node
// Drives the bridge's bridged endpoints with the matter.js controller, as a person's controller app would, in one
// CASE session: commissions the bridge (attestation checked against a local PAA trust store, as commission.mjs does),
// reads every attribute of the node with one wildcard read, subscribes to everything, then follows commands that the
// test writes on stdin, one JSON object a line. Every result and every subscription report is one JSON line on stdout.
//
//   node bridge.mjs --pairing-code 34970112332 --paa-dir ./paa --cd-signer cd.pem --fabric-dir ./controller [--id x]
//     [--plain-too]
//   node bridge.mjs --reconnect --fabric-dir ./controller [--id x]   (the node commissioned before, over CASE again;
//     no wildcard read, no subscription: straight to the stdin commands)
//
// The read and the subscription go through the PairedNode's InteractionClient, as an app on the legacy API would: every
// chunk is stored into the controller's client node model (ClientStructure) and every attribute value is handed out
// with its resolved name. With --plain-too (bench/matter-bridge.sh) the same wildcard read and subscription are also
// made once more, between the two, through matter.js's protocol-level ClientInteraction on the same CASE session:
// every chunk decoded with the cluster schemas and every value delivered, but no node model and no name resolution
// ("plainRead", "plainSubscribed"). That subscription is made with keepSubscriptions false and the one after it
// replaces it, on both sides.
//
// stdin commands:
//   {"op":"invoke","endpoint":2,"cluster":"onOff","command":"toggle","request":{...}}
//   {"op":"write","endpoint":9,"cluster":"thermostat","attribute":"occupiedHeatingSetpoint","value":2150}
//   {"op":"invoke",...,"skipValidation":true}   (sends what matter.js would refuse to send, e.g. a level of 255)
//   {"op":"invoke","endpoint":3,"cluster":"scenesManagement","command":"storeScene","request":{"groupId":0,"sceneId":1}}
//                                               (value: the response command's fields, e.g. {"status":0,...})
//   {"op":"read","endpoint":2,"cluster":6,"attribute":0}
//   {"op":"invoke","endpoint":0,"cluster":"groupKeyManagement","command":"keySetWrite","request":{"groupKeySet":
//     {...,"epochKey0":"hex:a0a1...",...}}}   (a string "hex:..." is sent as octets)
//   {"op":"openWindow"}   (an enhanced commissioning window for another administrator; value: its manual code)
//   {"op":"quit"}
// stdout: {"event":"read",...}, {"event":"subscribed",...}, {"event":"report",...}, {"event":"matterEvent",...},
//         {"event":"result","op":...,"ok":true|false,"status":code}, {"event":"subscriptionClosed"} (timed out)
//         {"event":"plainRead",...}, {"event":"plainSubscribed",...} (--plain-too)
import { createInterface } from "node:readline";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { Environment, Logger, LogLevel, Seconds } from "@matter/main";
import { GeneralCommissioning, LevelControl, OnOff, Thermostat, BridgedDeviceBasicInformation, Groups,
    GroupKeyManagement, ScenesManagement } from "@matter/main/clusters";
import { DclCertificateService, Read, SessionManager, Subscribe } from "@matter/main/protocol";
import * as Types from "@matter/main/types";
import { CommissioningController } from "@project-chip/matter.js";

const { ManualPairingCodeCodec, EndpointNumber, ClusterId, AttributeId } = Types;

function parseArgs(argv) {
    const options = { timeout: 60, cdSigners: [] };
    for (let i = 0; i < argv.length; i++) {
        const value = () => argv[++i];
        switch (argv[i]) {
            case "--pairing-code": options.pairingCode = value().replace(/-/g, ""); break;
            case "--paa-dir": options.paaDir = value(); break;
            case "--cd-signer": options.cdSigners.push(value()); break;
            case "--fabric-dir": options.fabricDir = value(); break;
            case "--interface": options.networkInterface = value(); break;
            case "--id": options.id = value(); break;
            case "--plain-too": options.plainToo = true; break;
            case "--reconnect": options.reconnect = true; break;
            default: throw new Error(`unknown argument ${argv[i]}`);
        }
    }
    return options;
}

Logger.defaultLogLevel = process.env.BRIDGE_MJS_DEBUG ? LogLevel.DEBUG : LogLevel.WARN;
Logger.destinations.default.write = text => process.stderr.write(text + "\n");
const json = value => JSON.stringify(value, (key, v) => (typeof v === "bigint" ? v.toString()
    : v instanceof Uint8Array ? Buffer.from(v).toString("hex") : v));
const epochMs = () => performance.timeOrigin + performance.now();
const out = value => process.stdout.write(json(value) + "\n");

function der(file) {
    if (file.endsWith(".der")) return readFileSync(file);
    return Buffer.from(readFileSync(file, "utf8").replace(/-----(BEGIN|END) CERTIFICATE-----/g, "").replace(/\s+/g, ""),
        "base64");
}

const CLUSTERS = { onOff: OnOff.Cluster, onOffLighting: OnOff.Cluster.with("Lighting"),
    levelControl: LevelControl.Cluster,
    thermostat: Thermostat.Cluster.with("Heating"), bridgedDeviceBasicInformation: BridgedDeviceBasicInformation.Cluster,
    groups: Groups.Cluster, groupKeyManagement: GroupKeyManagement.Cluster,
    scenesManagement: ScenesManagement.Cluster };
// Command lines carry octet strings as "hex:<digits>".
const fromJson = line => JSON.parse(line, (key, v) => (typeof v === "string" && v.startsWith("hex:")
    ? new Uint8Array(Buffer.from(v.slice(4), "hex")) : v));

function statusOf(error) {
    return typeof error?.code === "number" ? error.code : undefined;
}

async function main() {
    const options = parseArgs(process.argv.slice(2));
    const environment = Environment.default;
    environment.vars.set("storage.path", options.fabricDir);
    environment.vars.set("mdns.ipv4", false);
    if (options.networkInterface !== undefined) environment.vars.set("mdns.networkInterface", options.networkInterface);
    const unreachableDcl = { url: "http://[::1]:9" };
    const trustStore = new DclCertificateService(environment, {
        acceptTestCertificates: true, fetchTestCertificates: false, fetchGithubCertificates: false,
        updateInterval: null, dclConfig: unreachableDcl, testDclConfig: unreachableDcl,
    });
    await trustStore.construction;
    for (const file of readdirSync(options.paaDir).sort()) {
        if (file.endsWith(".pem") || file.endsWith(".der")) {
            await trustStore.addCertificate(new Uint8Array(der(join(options.paaDir, file))), "PAA", { isProduction: false });
        }
    }
    for (const file of options.cdSigners) {
        await trustStore.addCertificate(new Uint8Array(der(file)), "CDSigner", { isProduction: false });
    }
    const controller = new CommissioningController({
        environment: { environment, id: options.id ?? "cpe-bridge-bridge-interop" }, autoConnect: false,
        adminFabricLabel: "cpe-bridge interop",
    });
    await controller.start();
    try {
        const nodeId = options.reconnect ? controller.getCommissionedNodes()[0] : await commission(controller, options);
        if (nodeId === undefined) throw new Error(`no commissioned node in ${options.fabricDir}`);
        out({ event: "paired", nodeId: nodeId.toString() });
        const node = await controller.getNode(nodeId);
        if (!node.isConnected) node.connect({ autoSubscribe: false });
        if (!node.remoteInitializationDone) {
            await Promise.race([node.events.initializedFromRemote,
                new Promise((_, reject) => setTimeout(() => reject(new Error("no CASE")), 60_000).unref())]);
        }
        out({ event: "commissioned", nodeId: nodeId.toString() });
        const client = await node.getInteractionClient();
        if (!options.reconnect) await readAndSubscribe(controller, client, options);
        await followCommands(node, client);
    } finally {
        await controller.close();
        await trustStore.close();
    }
}

async function commission(controller, options) {
    const { shortDiscriminator, passcode } = ManualPairingCodeCodec.decode(options.pairingCode);
    return await controller.commissionNode({
        commissioning: {
            regulatoryLocation: GeneralCommissioning.RegulatoryLocationType.IndoorOutdoor,
            regulatoryCountryCode: "XX",
            onAttestationFailure: async reported => reported.every(f => f.level === "info"),
        },
        discovery: { identifierData: { shortDiscriminator }, discoveryCapabilities: { onIpNetwork: true },
            timeout: Seconds(options.timeout) },
        passcode,
    });
}

async function readAndSubscribe(controller, client, options) {
    // One wildcard read of every attribute of every cluster of every endpoint.
    let started = performance.now();
    const { attributeData, attributeStatus } = await client.getMultipleAttributesAndStatus({ attributes: [{}] });
    const readMs = performance.now() - started;
    const endpoints = {};
    for (const { path, value } of attributeData) {
        const endpoint = (endpoints[path.endpointId] ??= { clusters: {} });
        (endpoint.clusters[path.clusterId] ??= {})[path.attributeId] = value;
    }
    const summary = {};
    for (const [id, endpoint] of Object.entries(endpoints)) {
        const descriptor = endpoint.clusters[0x1d] ?? {};
        const bdbi = endpoint.clusters[0x39] ?? {};
        summary[id] = {
            deviceTypes: (descriptor[0] ?? []).map(d => d.deviceType),
            servers: descriptor[1] ?? [],
            parts: descriptor[3] ?? [],
            uniqueId: bdbi[0x12],
            nodeLabel: bdbi[5],
            reachable: bdbi[0x11],
            // Every attribute an AttributeList names came back with a value.
            missing: Object.entries(endpoint.clusters).flatMap(([cluster, attributes]) =>
                (attributes[0xfffb] ?? []).filter(a => !(a in attributes)).map(a => `${cluster}/${a}`)),
        };
    }
    out({ event: "read", ms: Math.round(readMs), attributes: attributeData.length,
        statuses: (attributeStatus ?? []).length, endpoints: summary });
    if (options.plainToo) await plainReadAndSubscribe(controller, client);

    // A wildcard subscription to every attribute and event.
    started = performance.now();
    let primed = false;
    await client.subscribeMultipleAttributesAndEvents({
        attributes: [{}], events: [{}], minIntervalFloorSeconds: 0, maxIntervalCeilingSeconds: 60,
        keepSubscriptions: false, isFabricFiltered: true,
        // matter.js ends (does not renew) this subscription when no report came within its max interval.
        updateTimeoutHandler: () => out({ event: "subscriptionClosed", at: epochMs() }),
        attributeListener: data => {
            if (primed) out({ event: "report", endpoint: data.path.endpointId, cluster: data.path.clusterId,
                attribute: data.path.attributeId, value: data.value, at: epochMs() });
        },
        eventListener: data => {
            for (const e of data.events) {
                out({ event: "matterEvent", endpoint: data.path.endpointId, cluster: data.path.clusterId,
                    eventId: data.path.eventId, number: e.eventNumber, data: e.data, at: epochMs() });
            }
        },
    });
    primed = true;
    out({ event: "subscribed", ms: Math.round(performance.now() - started) });
}

async function followCommands(node, client) {
    const lines = createInterface({ input: process.stdin });
    for await (const line of lines) {
        if (line.trim() === "") continue;
        const command = fromJson(line);
        if (command.op === "quit") break;
        const sentAt = epochMs();
        try {
            let value;
            switch (command.op) {
                case "invoke": {
                    const cluster = CLUSTERS[command.cluster];
                    value = await client.invoke({ endpointId: EndpointNumber(command.endpoint), clusterId: cluster.id,
                        command: cluster.commands[command.command], request: command.request,
                        skipValidation: command.skipValidation === true });
                    break;
                }
                case "write": {
                    const cluster = CLUSTERS[command.cluster];
                    await client.setAttribute({ attributeData: { endpointId: EndpointNumber(command.endpoint),
                        clusterId: cluster.id, attribute: cluster.attributes[command.attribute], value: command.value } });
                    break;
                }
                case "read": {
                    const { attributeData: data, attributeStatus: status } = await client.getMultipleAttributesAndStatus({
                        attributes: [{ endpointId: EndpointNumber(command.endpoint), clusterId: ClusterId(command.cluster),
                            attributeId: AttributeId(command.attribute) }] });
                    if ((status ?? []).length > 0) {
                        out({ event: "result", op: command.op, ok: false, status: status[0].status });
                        continue;
                    }
                    value = data[0]?.value;
                    break;
                }
                case "openWindow":
                    value = (await node.openEnhancedCommissioningWindow(300)).manualPairingCode;
                    break;
                default:
                    throw new Error(`unknown op ${command.op}`);
            }
            out({ event: "result", op: command.op, ok: true, value, sentAt, at: epochMs() });
        } catch (error) {
            out({ event: "result", op: command.op, ok: false, status: statusOf(error),
                error: String(error?.message ?? error) });
        }
    }
}

/**
 * The wildcard read and subscription through the protocol-level ClientInteraction of the same controller on the same
 * CASE session (no client node model): counts chunks and attribute values, and touches every decoded value.
 */
async function plainReadAndSubscribe(controller, client) {
    const session = controller.node.env.get(SessionManager).maybeSessionFor(client.address);
    if (session === undefined) throw new Error("no CASE session for the plain read");
    const plain = (await controller.createInteractionClient(session)).interaction;
    const consume = async (chunks, counts) => {
        for await (const chunk of chunks) {
            counts.chunks++;
            for await (const entry of chunk) {
                if (entry.kind === "attr-value") {
                    counts.attributes++;
                    if (entry.value !== undefined) counts.withValue++;
                } else if (entry.kind === "attr-status") {
                    counts.statuses++;
                }
            }
        }
    };
    const read = { chunks: 0, attributes: 0, withValue: 0, statuses: 0 };
    let started = performance.now();
    await consume(plain.read(Read({ attributes: [{}], fabricFilter: true })), read);
    out({ event: "plainRead", ms: Math.round(performance.now() - started), ...read });

    const primed = { chunks: 0, attributes: 0, withValue: 0, statuses: 0 };
    let priming = true;
    started = performance.now();
    await plain.subscribe({
        ...Subscribe({ attributes: [{}], events: [{}], keepSubscriptions: false, fabricFilter: true,
            minIntervalFloor: Seconds(0), maxIntervalCeiling: Seconds(60) }),
        updated: async data => {
            if (priming) await consume(data, primed);
            else for await (const chunk of data) for await (const _entry of chunk);
        },
    });
    priming = false;
    out({ event: "plainSubscribed", ms: Math.round(performance.now() - started), ...primed });
}

main().then(
    () => process.exit(0),
    error => {
        out({ event: "failed", error: String(error?.message ?? error) });
        process.stderr.write(`bridge.mjs: ${error?.stack ?? error}\n`);
        process.exit(1);
    },
);
