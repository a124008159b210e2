// The comparison point for bench/matter-commissioning.sh: a matter.js bridge node (Aggregator) with one bridged
// on/off light, commissionable with passcode 20202021 and discriminator 3840 on UDP 5540. Runs until stdin closes.
// Uses the matter.js packages installed for the interop tests (matter-adapter/src/test/interop/node_modules).
import { Endpoint, Environment, ServerNode, VendorId } from "@matter/main";
import { BridgedDeviceBasicInformationServer } from "@matter/main/behaviors";
import { OnOffLightDevice } from "@matter/main/devices";
import { AggregatorEndpoint } from "@matter/main/endpoints";

const [storage, networkInterface] = process.argv.slice(2);
const environment = Environment.default;
environment.vars.set("storage.path", storage);
environment.vars.set("mdns.networkInterface", networkInterface);
environment.vars.set("mdns.ipv4", false);

const node = await ServerNode.create({
    id: "bench-bridge",
    network: { port: 5540 },
    commissioning: { passcode: 20202021, discriminator: 3840 },
    productDescription: { name: "bench bridge", deviceType: AggregatorEndpoint.deviceType },
    basicInformation: {
        vendorName: "bench", vendorId: VendorId(0xfff1), productName: "bench bridge", productId: 0x8000,
        serialNumber: "bench-0001",
    },
});
const aggregator = new Endpoint(AggregatorEndpoint, { id: "aggregator" });
await node.add(aggregator);
await aggregator.add(new Endpoint(OnOffLightDevice.with(BridgedDeviceBasicInformationServer), {
    id: "light",
    bridgedDeviceBasicInformation: { nodeLabel: "light", reachable: true },
}));
await node.start();
process.stdout.write("READY\n");
process.stdin.resume();
process.stdin.on("end", async () => {
    await node.close();
    process.exit(0);
});
