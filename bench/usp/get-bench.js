// Times USP Get requests from the usp-js Controller to a running cpe-bridge over MQTT: WARMUP + N sequential Gets of
// PATH (latency median / p99), then N Gets with WINDOW in flight (throughput), then N one-parameter Gets. Writes one
// JSON line to RESULT_FILE. Settings come from the environment (see bench/usp-get.sh, which runs it).
"use strict";
const connect = require("usp-js").default;

const env = (name, fallback) => {
  const value = process.env[name];
  if (value === undefined || value === "") {
    if (fallback === undefined) throw new Error("missing environment variable " + name);
    return fallback;
  }
  return value;
};

const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * p) - 1)];
const ms = (ns) => Number(ns) / 1e6;

async function timed(usp, path, count) {
  const latencies = [];
  for (let i = 0; i < count; i++) {
    const start = process.hrtime.bigint();
    const answer = await usp.get(path);
    latencies.push(ms(process.hrtime.bigint() - start));
    if (answer === undefined || answer === null) throw new Error("empty answer to Get " + path);
  }
  return latencies.sort((a, b) => a - b);
}

// ROLE=both: one bridge, two Controllers in the same run. The household Controller adds an ISP-Operations one
// (Controller row with AssignedRole Role.3 and its own MQTT topic, as HostileControllerIT does), then the two take
// turns Get for Get, so the load, the JIT and the heap are the same for both; the ISP's Gets go through the privacy
// classes and wait for their access log entries.
async function interleaved(household, connection, path, warmup, count) {
  const ispId = env("ISP_ID", "proto::isp-bench");
  const ispTopic = env("ISP_TOPIC", "usp/controller/isp-bench");
  const step = (name, promise) => promise.catch((e) => { throw { step: name, error: e }; });
  const added = await step("add the ISP's Controller row", household.add("Device.LocalAgent.Controller.", {
    EndpointID: ispId, Enable: "true", AssignedRole: "Device.LocalAgent.ControllerTrust.Role.3" }));
  const row = Array.isArray(added) ? added[0] : added;
  const rowPath = row.endsWith(".") ? row : row + ".";
  await step("add " + rowPath + "MTP.", household.add(rowPath + "MTP.", { Protocol: "MQTT", "MQTT.Topic": ispTopic }));
  const ispConnection = await connect({
    host: "127.0.0.1",
    port: Number(env("MQTT_PORT")),
    protocol: "mqtt",
    username: env("MQTT_USERNAME", ""),
    password: env("MQTT_PASSWORD", ""),
    fromId: ispId,
    toId: env("AGENT_ID"),
    publishEndpoint: env("AGENT_TOPIC"),
    subscribeEndpoint: ispTopic,
    closeOnDisconnect: true,
  });
  const isp = ispConnection.options({ timeout: 30000 });
  try {
    const hidden = await isp.get("Device.ProxiedDevice.1.Name").catch(() => "hidden");
    if (hidden !== "hidden" && !(Array.isArray(hidden) && hidden.length === 0)) {
      throw new Error("the ISP Controller still sees the device name: " + JSON.stringify(hidden));
    }
    const objects = {};
    for (const [name, usp] of [["household", household], ["isp", isp]]) {
      const first = await usp.get(path);
      objects[name] = Array.isArray(first) ? first.length : 1;
    }
    const take = async (usp, p, times) => {
      const start = process.hrtime.bigint();
      const answer = await usp.get(p);
      times.push(ms(process.hrtime.bigint() - start));
      if (answer === undefined || answer === null) throw new Error("empty answer to Get " + p);
    };
    const sorted = (values) => [...values].sort((a, b) => a - b);
    // The times in the order taken, so that each ISP Get can be paired with the household Get next to it.
    const turns = async (p, n) => {
      const times = { household: [], isp: [] };
      for (let i = 0; i < n; i++) {
        // Who goes first alternates, so that neither always follows the other's garbage.
        const order = i % 2 === 0 ? ["household", "isp"] : ["isp", "household"];
        for (const who of order) await take(who === "household" ? household : isp, p, times[who]);
      }
      return times;
    };
    await turns(path, warmup);
    const big = await turns(path, count);
    const small = await turns("Device.DeviceInfo.SerialNumber", count);
    const fig = (values) => ({ medianMs: +percentile(sorted(values), 0.5).toFixed(2),
      p99Ms: +percentile(sorted(values), 0.99).toFixed(2) });
    const overPercent = (ispMs, householdMs) => (ispMs - householdMs) / householdMs * 100;
    const hm = percentile(sorted(big.household), 0.5);
    const im = percentile(sorted(big.isp), 0.5);
    // The load drifts within a run: BLOCKS consecutive blocks of turns each give the ISP's median over the
    // household's, and each turn gives the ISP's Get over the household's next to it; the medians of those are
    // what one burst of load cannot move much.
    const blocks = Math.max(1, Math.min(count, Number(env("BLOCKS", "10"))));
    const blockPercents = [];
    for (let b = 0; b < blocks; b++) {
      const from = Math.floor(b * count / blocks);
      const to = Math.floor((b + 1) * count / blocks);
      blockPercents.push(overPercent(percentile(sorted(big.isp.slice(from, to)), 0.5),
        percentile(sorted(big.household.slice(from, to)), 0.5)));
    }
    const pairPercents = big.isp.map((t, i) => overPercent(t, big.household[i]));
    const round1 = (x) => +x.toFixed(1);
    const spread = (values) => {
      const s = sorted(values);
      return { median: round1(percentile(s, 0.5)), p25: round1(percentile(s, 0.25)),
        p75: round1(percentile(s, 0.75)), min: round1(s[0]), max: round1(s[s.length - 1]) };
    };
    require("fs").writeFileSync(env("RESULT_FILE"), JSON.stringify({
      role: "both", path, objects, sequential: count,
      household: { ...fig(big.household), oneParamMedianMs: +percentile(sorted(small.household), 0.5).toFixed(2) },
      isp: { ...fig(big.isp), oneParamMedianMs: +percentile(sorted(small.isp), 0.5).toFixed(2) },
      ispOverHouseholdMedianPercent: round1(overPercent(im, hm)),
      blockMedians: { blocks, ...spread(blockPercents) },
      pairedPercent: spread(pairPercents),
    }) + "\n");
  } finally {
    await ispConnection.disconnect();
  }
}

async function main() {
  const path = env("PATH_TO_GET", "Device.ProxiedDevice.");
  const warmup = Number(env("WARMUP", "30"));
  const count = Number(env("COUNT", "200"));
  const window = Number(env("WINDOW", "8"));
  const connection = await connect({
    host: "127.0.0.1",
    port: Number(env("MQTT_PORT")),
    protocol: "mqtt",
    username: env("MQTT_USERNAME", ""),
    password: env("MQTT_PASSWORD", ""),
    fromId: env("CONTROLLER_ID"),
    toId: env("AGENT_ID"),
    publishEndpoint: env("AGENT_TOPIC"),
    subscribeEndpoint: env("CONTROLLER_TOPIC"),
    closeOnDisconnect: true,
  });
  const usp = connection.options({ timeout: 30000 });
  try {
    // READY does not wait for the agent's MQTT subscription, and the simulator's devices register after READY:
    // ask with a short timeout until the agent answers and serves all of them.
    const expect = Number(env("EXPECT_DEVICES", "0"));
    const probe = connection.options({ timeout: 1000 });
    for (let tries = 0; ; tries++) {
      const entries = Number(await probe.get("Device.ProxiedDeviceNumberOfEntries").catch(() => -1));
      if (entries >= expect) break;
      if (tries > 600) throw new Error("only " + entries + " of " + expect + " devices after 60 s");
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    // ROLE=isp: the Controller, Household at first start, gives its own row the ISP-Operations role, so every Get
    // goes through the privacy classes and the access log, as an operator's would.
    const role = env("ROLE", "household");
    if (role === "isp") {
      await usp.set("Device.LocalAgent.Controller.1.AssignedRole", "Device.LocalAgent.ControllerTrust.Role.3");
      const hidden = await usp.get("Device.ProxiedDevice.1.Name").catch(() => "hidden");
      if (hidden !== "hidden" && !(Array.isArray(hidden) && hidden.length === 0)) {
        throw new Error("ROLE=isp but the device name is still visible: " + JSON.stringify(hidden));
      }
    }
    if (role === "both") {
      await interleaved(usp, connection, path, warmup, count);
      return;
    }
    const first = await usp.get(path);
    const objects = Array.isArray(first) ? first.length : 1;
    await timed(usp, path, warmup);
    const sequential = await timed(usp, path, count);

    let sent = 0;
    const burstStart = process.hrtime.bigint();
    const worker = async () => {
      while (sent < count) {
        sent++;
        await usp.get(path);
      }
    };
    await Promise.all(Array.from({ length: window }, worker));
    const burstSeconds = ms(process.hrtime.bigint() - burstStart) / 1000;

    const small = await timed(usp, "Device.DeviceInfo.SerialNumber", count);
    // usp-js logs on stdout itself; the figures go to RESULT_FILE.
    require("fs").writeFileSync(env("RESULT_FILE"), JSON.stringify({
      role, path, objects, sequential: count,
      medianMs: +percentile(sequential, 0.5).toFixed(2), p99Ms: +percentile(sequential, 0.99).toFixed(2),
      window, getsPerSecond: +(count / burstSeconds).toFixed(1),
      oneParamMedianMs: +percentile(small, 0.5).toFixed(2),
    }) + "\n");
  } finally {
    await connection.disconnect();
  }
}

main().catch((e) => {
  console.error(JSON.stringify({ error: e instanceof Error ? String(e.stack) : e }));
  process.exit(1);
});
