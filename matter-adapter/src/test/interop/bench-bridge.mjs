#!/usr/bin/env node
// The reference side of bench/matter-bridge.sh: a matter.js 0.17.9 bridge with N bridged On/Off lights, commissionable
// with passcode 20202021 and discriminator 3840 on --interface. stdin "toggle I" switches light I (1-based) as a
// person at the wall would and prints "CHANGED <epoch ms>" first; "READY" once online. Runs until stdin closes.
//
//   node bench-bridge.mjs --lights 200 --state-dir ./mjs-bridge --interface vethA
// (not --storage: matter.js reads process.argv too, and "storage" is its own variable)
import { createInterface } from "node:readline";
import { Environment, Logger, LogLevel, ServerNode, VendorId } from "@matter/main";
import { BridgedDeviceBasicInformationServer } from "@matter/main/behaviors";
import { AggregatorEndpoint } from "@matter/main/endpoints";
import { OnOffLightDevice } from "@matter/main/devices";
import { Endpoint } from "@matter/main";

const args = process.argv.slice(2);
const option = name => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : undefined; };
const lights = Number(option("--lights") ?? "1");
Logger.defaultLogLevel = LogLevel.WARN;
Logger.destinations.default.write = text => process.stderr.write(text + "\n");
const environment = Environment.default;
environment.vars.set("storage.path", option("--state-dir"));
environment.vars.set("mdns.ipv4", false);
if (option("--interface")) environment.vars.set("mdns.networkInterface", option("--interface"));

const node = await ServerNode.create({
    id: "bench-bridge",
    network: { port: 5540 },
    commissioning: { passcode: 20202021, discriminator: 3840 },
    productDescription: { name: "matter.js bench bridge", deviceType: AggregatorEndpoint.deviceType },
    basicInformation: { vendorName: "matter.js", vendorId: VendorId(0xfff1), productName: "bench bridge",
        productId: 0x8000, serialNumber: "bench-1", nodeLabel: "bench", hardwareVersion: 1, softwareVersion: 1 },
});
const aggregator = new Endpoint(AggregatorEndpoint, { id: "aggregator" });
await node.add(aggregator);
const endpoints = [];
for (let i = 1; i <= lights; i++) {
    const light = new Endpoint(OnOffLightDevice.with(BridgedDeviceBasicInformationServer), {
        id: `light${i}`,
        bridgedDeviceBasicInformation: { nodeLabel: `light ${i}`, productName: "light", uniqueId: `light-${i}`,
            reachable: true },
    });
    await aggregator.add(light);
    endpoints.push(light);
}
await node.start();
process.stdout.write("READY\n");
for await (const line of createInterface({ input: process.stdin })) {
    const [op, index] = line.trim().split(/\s+/);
    if (op === "toggle") {
        const light = endpoints[Number(index) - 1];
        process.stdout.write(`CHANGED ${performance.timeOrigin + performance.now()}\n`);
        await light.set({ onOff: { onOff: !light.state.onOff.onOff } });
    }
}
await node.close();
process.exit(0);
