#!/usr/bin/env node
// What matter.js 0.17.9's legacy InteractionClient pays for every attribute value it hands out (see
// docs/matter-bridge.md, "Where the time goes"): DecodedDataReport.resolveAttributePath looks the value's cluster up
// with Matter.clusters(id) and then the attribute in it, and the standard model builds that scope anew on every call.
// Prints the mean time of that lookup per cluster of a bridged On/Off Light, twice (the first round warms the JIT).
//
//   node bench-name-lookup.mjs [calls per cluster, default 200]
import { Matter } from "@matter/model";

const calls = Number(process.argv[2] ?? "200");
const clusters = { Identify: 0x0003, Groups: 0x0004, OnOff: 0x0006, Descriptor: 0x001d,
    BridgedDeviceBasicInformation: 0x0039, ScenesManagement: 0x0062 };
for (const round of [1, 2]) {
    for (const [name, id] of Object.entries(clusters)) {
        const started = performance.now();
        for (let i = 0; i < calls; i++) Matter.clusters(id)?.attributes(0xfffd);
        const ms = (performance.now() - started) / calls;
        process.stdout.write(`round ${round} ${name.padEnd(30)} ${ms.toFixed(3)} ms a lookup\n`);
    }
}
