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
      path, objects, sequential: count,
      medianMs: +percentile(sequential, 0.5).toFixed(2), p99Ms: +percentile(sequential, 0.99).toFixed(2),
      window, getsPerSecond: +(count / burstSeconds).toFixed(1),
      oneParamMedianMs: +percentile(small, 0.5).toFixed(2),
    }) + "\n");
  } finally {
    await connection.disconnect();
  }
}

main().catch((e) => { console.error(JSON.stringify({ error: String(e && e.stack || e) })); process.exit(1); });
