#!/usr/bin/env node
// Commissions a Matter node with the matter.js controller, with device attestation checked against a local PAA
// trust store, reads its Basic Information cluster and prints one JSON line. The controller's fabric is kept in
// --fabric-dir, so a second run with --reconnect finds the node again over CASE without the pairing code.
//
//   node commission.mjs --pairing-code 34970112332 --paa-dir ./paa --fabric-dir ./controller [--interface vethB]
//   node commission.mjs --reconnect --fabric-dir ./controller [--open-window] [--remove-other-fabrics]
//   node commission.mjs --reconnect --fabric-dir ./controller [--interface vethB]
//
// --cat HEX (repeatable, first run only) puts a CASE Authenticated Tag (32 bits, e.g. 00010001) into the
// controller's own NOC; matter.js keeps it with the fabric in --fabric-dir.
//
// Attestation policy: any error- or warning-level finding (bad chain, untrusted PAA, bad signature, revoked, CD
// signature not verified, ...) rejects the node; info findings (test PAA, test CD type) are listed in the output.
// --cd-signer FILE (repeatable) adds a Certification Declaration signing certificate to the offline trust store.
// The DCL is never contacted: its URL points at a closed local port, so only --paa-dir certificates are trusted.
//
// Output: {"commissioned":true,"nodeId":"…","fabric":{…},"attestationFindings":[…],"basicInformation":{…}}
// Option names avoid matter.js's own variables: it also reads process.argv (--storage would set "storage", --controller-dir "controller.dir").
// Exit code 0 on success, 1 on any failure (with {"commissioned":false,"error":"…"} on stdout).
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { Seconds } from "@matter/main";
import {
    BasicInformationCluster, GeneralCommissioning, OperationalCredentialsCluster, TimeSynchronizationCluster,
} from "@matter/main/clusters";
import { DclCertificateService } from "@matter/main/protocol";
import { CaseAuthenticatedTag, ManualPairingCodeCodec, NodeId } from "@matter/main/types";
import { controllerEnvironment, connectedNode, json, run, startController } from "./controller.mjs";

function parseArgs(argv) {
    const options = { timeout: 60, reconnect: false, ipv4: false, cdSigners: [], cats: [] };
    for (let i = 0; i < argv.length; i++) {
        const value = () => {
            if (i + 1 >= argv.length) throw new Error(`missing value for ${argv[i]}`);
            return argv[++i];
        };
        switch (argv[i]) {
            case "--pairing-code": options.pairingCode = value().replace(/-/g, ""); break;
            case "--paa-dir": options.paaDir = value(); break;
            case "--cd-signer": options.cdSigners.push(value()); break;
            case "--cat": options.cats.push(CaseAuthenticatedTag(Number.parseInt(value(), 16))); break;
            case "--fabric-dir": options.fabricDir = value(); break;
            case "--interface": options.networkInterface = value(); break;
            case "--timeout": options.timeout = Number(value()); break;
            case "--node-id": options.nodeId = BigInt(value()); break;
            case "--reconnect": options.reconnect = true; break;
            case "--open-window": options.openWindow = true; break;
            case "--remove-other-fabrics": options.removeOtherFabrics = true; break;
            case "--ipv4": options.ipv4 = true; break;
            // Benchmarks compare commissioning with a node that has no Time Synchronization cluster.
            case "--skip-time": options.skipTime = true; break;
            default: throw new Error(`unknown argument ${argv[i]}`);
        }
    }
    if (options.fabricDir === undefined) throw new Error("--fabric-dir is required");
    if (!options.reconnect && (options.pairingCode === undefined || options.paaDir === undefined)) {
        throw new Error("commissioning needs --pairing-code and --paa-dir");
    }
    return options;
}

/** The DER bytes of a .der or .pem certificate file. */
function readCertificate(file) {
    if (file.endsWith(".der")) {
        return readFileSync(file);
    }
    const base64 = readFileSync(file, "utf8").replace(/-----(BEGIN|END) CERTIFICATE-----/g, "").replace(/\s+/g, "");
    return Buffer.from(base64, "base64");
}

/** Loads every .der and .pem certificate of a directory into the controller's PAA trust store. */
async function loadPaaTrustStore(service, directory) {
    const loaded = [];
    for (const file of readdirSync(directory).sort()) {
        let der;
        if (file.endsWith(".der")) {
            der = readFileSync(join(directory, file));
        } else if (file.endsWith(".pem")) {
            const base64 = readFileSync(join(directory, file), "utf8")
                .replace(/-----(BEGIN|END) CERTIFICATE-----/g, "")
                .replace(/\s+/g, "");
            der = Buffer.from(base64, "base64");
        } else {
            continue;
        }
        await service.addCertificate(new Uint8Array(der), "PAA", { isProduction: false });
        loaded.push(file);
    }
    if (loaded.length === 0) throw new Error(`no .der or .pem PAA certificate in ${directory}`);
    return loaded;
}

async function readBasicInformation(node) {
    const client = node.getRootClusterClient(BasicInformationCluster);
    if (client === undefined) throw new Error("node has no Basic Information cluster on endpoint 0");
    const names = [
        "dataModelRevision", "vendorName", "vendorId", "productName", "productId", "nodeLabel", "location",
        "hardwareVersion", "hardwareVersionString", "softwareVersion", "softwareVersionString", "serialNumber",
        "uniqueId", "specificationVersion",
    ];
    const result = {};
    for (const name of names) {
        const getter = client[`get${name[0].toUpperCase()}${name.slice(1)}Attribute`];
        if (typeof getter === "function") {
            // requestFromRemote = true: read over the session now, not from a cache.
            result[name] = await getter.call(client, true);
        }
    }
    return result;
}

// Time Synchronization on endpoint 0: UTCTime, Granularity and TimeSource read over the session, then SetUTCTime
// with this machine's time (millisecond granularity) and the three read again.
async function timeSynchronization(node) {
    const client = node.getRootClusterClient(TimeSynchronizationCluster);
    if (client === undefined) throw new Error("node has no Time Synchronization cluster on endpoint 0");
    const read = async () => ({
        utcTime: await client.getUtcTimeAttribute(true),
        granularity: await client.getGranularityAttribute(true),
        timeSource: await client.getTimeSourceAttribute(true),
    });
    const before = await read();
    // matter.js takes and gives epoch-us as Unix-epoch microseconds and converts to the Matter epoch on the wire.
    const sentMicros = BigInt(Date.now()) * 1000n;
    let setUtcTime = "accepted";
    try {
        await client.commands.setUtcTime({ utcTime: sentMicros, granularity: 3 });
    } catch (error) {
        setUtcTime = { status: error.code, clusterStatus: error.clusterCode, message: String(error.message) };
    }
    return { before, sentMicros, setUtcTime, after: await read() };
}

async function main() {
    const options = parseArgs(process.argv.slice(2));
    const environment = controllerEnvironment(options);

    const unreachableDcl = { url: "http://[::1]:9" };
    const trustStore = new DclCertificateService(environment, {
        acceptTestCertificates: true,
        fetchTestCertificates: false,
        fetchGithubCertificates: false,
        updateInterval: null,
        dclConfig: unreachableDcl,
        testDclConfig: unreachableDcl,
    });
    await trustStore.construction;
    const paaFiles = options.paaDir !== undefined ? await loadPaaTrustStore(trustStore, options.paaDir) : [];
    for (const file of options.cdSigners) {
        await trustStore.addCertificate(new Uint8Array(readCertificate(file)), "CDSigner", { isProduction: false });
    }

    const controller = await startController(environment, {
        caseAuthenticatedTags: options.cats.length > 0 ? options.cats : undefined,
    });
    const findings = [];
    try {
        let nodeId;
        if (options.reconnect) {
            const known = controller.getCommissionedNodes();
            nodeId = options.nodeId !== undefined ? NodeId(options.nodeId) : known[0];
            if (nodeId === undefined || !known.includes(nodeId)) {
                throw new Error(`no commissioned node ${nodeId ?? ""} in ${options.fabricDir}`);
            }
        } else {
            const { shortDiscriminator, passcode } = ManualPairingCodeCodec.decode(options.pairingCode);
            nodeId = await controller.commissionNode({
                commissioning: {
                    regulatoryLocation: GeneralCommissioning.RegulatoryLocationType.IndoorOutdoor,
                    regulatoryCountryCode: "XX",
                    onAttestationFailure: async reported => {
                        findings.push(...reported.map(f => ({ level: f.level, type: f.type, message: f.message })));
                        return reported.every(f => f.level === "info");
                    },
                },
                discovery: {
                    identifierData: { shortDiscriminator },
                    discoveryCapabilities: { onIpNetwork: true },
                    timeout: Seconds(options.timeout),
                },
                passcode,
            });
        }

        const node = await connectedNode(controller, nodeId, options.timeout);
        const basicInformation = await readBasicInformation(node);
        const time = options.reconnect || options.skipTime ? undefined : await timeSynchronization(node);
        const fabric = controller.fabric;
        // Multi-admin: open an enhanced commissioning window for another controller, or remove every other fabric.
        const extra = {};
        if (options.openWindow) {
            const codes = await node.openEnhancedCommissioningWindow(300);
            extra.window = { manualPairingCode: codes.manualPairingCode, qrPairingCode: codes.qrPairingCode };
        }
        if (options.removeOtherFabrics) {
            const credentials = node.getRootClusterClient(OperationalCredentialsCluster);
            const all = await credentials.getFabricsAttribute(true, false);
            extra.fabricsBefore = all.map(f => ({ fabricIndex: f.fabricIndex, fabricId: f.fabricId.toString() }));
            extra.removed = [];
            for (const other of all.filter(f => f.fabricId.toString() !== fabric.fabricId.toString())) {
                const response = await credentials.commands.removeFabric({ fabricIndex: other.fabricIndex });
                extra.removed.push({ fabricIndex: other.fabricIndex, statusCode: response.statusCode });
            }
            extra.fabricsAfter = (await credentials.getFabricsAttribute(true, false))
                .map(f => ({ fabricIndex: f.fabricIndex, fabricId: f.fabricId.toString() }));
        }
        process.stdout.write(json({
            commissioned: true,
            reconnected: options.reconnect,
            nodeId: nodeId.toString(),
            fabric: {
                fabricId: fabric.fabricId.toString(),
                compressedFabricId: fabric.globalId.toString(16).toUpperCase().padStart(16, "0"),
                rootNodeId: fabric.rootNodeId.toString(),
            },
            paaTrustStore: paaFiles,
            cdSigners: options.cdSigners.map(f => f.split("/").pop()),
            attestationFindings: findings,
            basicInformation,
            time,
            ...extra,
        }) + "\n");
    } finally {
        await controller.close();
        await trustStore.close();
    }
}

run("commission.mjs", main, { commissioned: false });
