// What commission.mjs, acl.mjs and group.mjs share: the matter.js controller on the fabric kept in a --fabric-dir,
// reaching the node over CASE, and the one-JSON-line output on stdout (matter.js's own log goes to stderr).
import { Environment, Logger, LogLevel } from "@matter/main";
import { OperationalCredentialsCluster } from "@matter/main/clusters";
import { CommissioningController } from "@project-chip/matter.js";

// stdout carries the JSON result only.
Logger.defaultLogLevel = LogLevel.INFO;
Logger.destinations.default.write = text => process.stderr.write(text + "\n");

/** JSON with bigints as decimal strings. */
export const json = value => JSON.stringify(value, (key, v) => (typeof v === "bigint" ? v.toString() : v));

/**
 * matter.js's default environment with the controller's fabric in {@code fabricDir}, mDNS over IPv6 only unless
 * {@code ipv4}, on {@code networkInterface} when given.
 */
export function controllerEnvironment({ fabricDir, ipv4 = false, networkInterface }) {
    const environment = Environment.default;
    environment.vars.set("storage.path", fabricDir);
    environment.vars.set("mdns.ipv4", ipv4);
    if (networkInterface !== undefined) {
        environment.vars.set("mdns.networkInterface", networkInterface);
    }
    return environment;
}

/** A started controller in {@code environment}; {@code extra} adds CommissioningController options. */
export async function startController(environment, extra = {}) {
    const controller = new CommissioningController({
        environment: { environment, id: "cpe-bridge-interop" },
        autoConnect: false,
        adminFabricLabel: "cpe-bridge interop",
        ...extra,
    });
    await controller.start();
    return controller;
}

/** The first node the controller's stored fabric knows (the one commission.mjs commissioned). */
export function commissionedNodeId(controller, fabricDir) {
    const nodeId = controller.getCommissionedNodes()[0];
    if (nodeId === undefined) throw new Error(`no commissioned node in ${fabricDir}`);
    return nodeId;
}

/** The node {@code nodeId}, connected over CASE and initialized from the node within {@code timeout} seconds. */
export async function connectedNode(controller, nodeId, timeout) {
    const node = await controller.getNode(nodeId);
    if (!node.isConnected) node.connect({ autoSubscribe: false });
    if (!node.remoteInitializationDone) {
        await withTimeout(node.events.initializedFromRemote, timeout, "node did not initialize over CASE");
    }
    return node;
}

/** OperationalCredentials.CurrentFabricIndex, read over the session. */
export function currentFabricIndex(client) {
    return client.getAttribute({
        endpointId: 0, clusterId: OperationalCredentialsCluster.id,
        attribute: OperationalCredentialsCluster.attributes.currentFabricIndex, requestFromRemote: true,
    });
}

// matter.js observables are thenable: awaiting one waits for its next emission.
export function withTimeout(thenable, seconds, message) {
    return Promise.race([
        Promise.resolve(thenable),
        new Promise((_, reject) => setTimeout(() => reject(new Error(message)), seconds * 1000).unref()),
    ]);
}

/**
 * Runs {@code main} and exits 0, or prints {...failure, error} as the JSON line, the stack on stderr, and exits 1.
 */
export function run(script, main, failure = {}) {
    main().then(
        () => process.exit(0),
        error => {
            process.stdout.write(json({ ...failure, error: String(error?.message ?? error) }) + "\n");
            process.stderr.write(`${script}: ${error?.stack ?? error}\n`);
            process.exit(1);
        },
    );
}
