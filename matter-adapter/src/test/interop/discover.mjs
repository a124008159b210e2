#!/usr/bin/env node
// Browses _matterc._udp with matter.js for one commissionable node and prints what it found as one JSON line.
//
//   node discover.mjs --long-discriminator 3840 [--interface vethB] [--timeout 30]
//   node discover.mjs --short-discriminator 15 ...
//
// Output on stdout (one line): {"found":true,"device":{...TXT fields, "addresses":[...]}} or {"found":false}.
// Exit code 0 when found, 2 when nothing was found before the timeout, 1 on error. Logs go to stderr.
import { Environment, Logger, LogLevel, Seconds } from "@matter/main";
import { CommissionableMdnsScanner, MdnsService } from "@matter/main/protocol";

function parseArgs(argv) {
    const options = { timeout: 30, ipv4: false };
    for (let i = 0; i < argv.length; i++) {
        const value = () => {
            if (i + 1 >= argv.length) throw new Error(`missing value for ${argv[i]}`);
            return argv[++i];
        };
        switch (argv[i]) {
            case "--long-discriminator": options.longDiscriminator = Number(value()); break;
            case "--short-discriminator": options.shortDiscriminator = Number(value()); break;
            case "--interface": options.networkInterface = value(); break;
            case "--timeout": options.timeout = Number(value()); break;
            case "--ipv4": options.ipv4 = true; break;
            default: throw new Error(`unknown argument ${argv[i]}`);
        }
    }
    if (options.longDiscriminator === undefined && options.shortDiscriminator === undefined) {
        throw new Error("give --long-discriminator or --short-discriminator");
    }
    return options;
}

// Keep stdout for the JSON result only.
Logger.defaultLogLevel = LogLevel.WARN;
Logger.destinations.default.write = text => process.stderr.write(text + "\n");

async function main() {
    const options = parseArgs(process.argv.slice(2));
    const identifier = options.longDiscriminator !== undefined
        ? { longDiscriminator: options.longDiscriminator }
        : { shortDiscriminator: options.shortDiscriminator };

    const environment = Environment.default;
    const mdns = new MdnsService(environment, { networkInterface: options.networkInterface, ipv4: options.ipv4 });
    await mdns.construction;
    const scanner = new CommissionableMdnsScanner(mdns.names);

    let found;
    let done;
    const foundPromise = new Promise(resolve => (done = resolve));
    const search = scanner.findCommissionableDevicesContinuously(
        identifier,
        device => {
            if (found === undefined && device.addresses.length > 0) {
                found = device;
                done();
            }
        },
        Seconds(options.timeout),
        foundPromise,
    );
    await Promise.race([search, foundPromise]);
    // Give the scanner a moment to collect every address record of the node before reporting.
    if (found !== undefined) {
        await new Promise(resolve => setTimeout(resolve, 1000));
        found = scanner.getDiscoveredCommissionableDevices(identifier)[0] ?? found;
    }
    await scanner.close();
    await mdns.close();

    if (found === undefined) {
        process.stdout.write(JSON.stringify({ found: false }) + "\n");
        return 2;
    }
    const device = Object.fromEntries(
        Object.entries(found).filter(([key]) => key !== "addresses" && typeof found[key] !== "function"),
    );
    device.addresses = found.addresses.map(address => ({ ...address }));
    process.stdout.write(JSON.stringify({ found: true, device }, (key, value) =>
        typeof value === "bigint" ? value.toString() : value) + "\n");
    return 0;
}

main().then(
    code => process.exit(code),
    error => {
        process.stderr.write(`discover.mjs: ${error?.stack ?? error}\n`);
        process.exit(1);
    },
);
