// The controller's side of the round-trip split (bench/usp-get-split.sh runs it): WARMUP + COUNT sequential usp-js
// Gets of PATH, each with three wall-clock times (ms since the epoch, microsecond resolution, the clock tcpdump
// stamps packets with): the Get sent, the answer's MQTT PUBLISH parsed by the mqtt client ('message' emitted, before
// usp-js looks at it) and the Get's promise resolved (usp-js has decoded the Record and the Msg). Then, on the last
// answer's payload kept from that run, usp-js's own decode alone (readRecord, readMsg, decodeWithOptions: what its
// 'message' handler does for a Get response) DECODE_COUNT times in a loop, no broker, no agent. Observes usp-js
// through the mqtt client's emit; changes nothing in it. Writes one JSON line per timed Get, then a summary line, to
// RESULT_FILE.
"use strict";
const path = require("path");
const fs = require("fs");
const connect = require("usp-js").default;
const uspDir = path.dirname(require.resolve("usp-js"));
const mqttDir = path.dirname(require.resolve("async-mqtt", { paths: [uspDir] }));
const mqtt = require(require.resolve("mqtt", { paths: [mqttDir] }));
const commands = require(path.join(uspDir, "commands"));
const { loadProtobuf } = require(path.join(uspDir, "configurations", "mqtt.js"));
const { performance } = require("perf_hooks");

const env = (name, fallback) => {
  const value = process.env[name];
  if (value === undefined || value === "") {
    if (fallback === undefined) throw new Error("missing environment variable " + name);
    return fallback;
  }
  return value;
};
const now = () => performance.timeOrigin + performance.now();
const median = (values) => {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor((s.length - 1) / 2)];
};

// The last answer's PUBLISH payload and when the mqtt client emitted it.
let lastMessageAt = 0;
let lastPayload = null;
const emit = mqtt.MqttClient.prototype.emit;
mqtt.MqttClient.prototype.emit = function (event, ...args) {
  if (event === "message") {
    lastMessageAt = now();
    lastPayload = args[1];
  }
  return emit.call(this, event, ...args);
};

async function main() {
  const getPath = env("PATH_TO_GET", "Device.ProxiedDevice.");
  const warmup = Number(env("WARMUP", "100"));
  const count = Number(env("COUNT", "100"));
  const connection = await connect({
    host: "127.0.0.1", port: Number(env("MQTT_PORT")), protocol: "mqtt",
    username: env("MQTT_USERNAME", ""), password: env("MQTT_PASSWORD", ""),
    fromId: env("CONTROLLER_ID"), toId: env("AGENT_ID"),
    publishEndpoint: env("AGENT_TOPIC"), subscribeEndpoint: env("CONTROLLER_TOPIC"), closeOnDisconnect: true,
  });
  const usp = connection.options({ timeout: 30000 });
  const out = [];
  try {
    const expect = Number(env("EXPECT_DEVICES", "0"));
    const probe = connection.options({ timeout: 1000 });
    for (let tries = 0; ; tries++) {
      const entries = Number(await probe.get("Device.ProxiedDeviceNumberOfEntries").catch(() => -1));
      if (entries >= expect) break;
      if (tries > 600) throw new Error("only " + entries + " of " + expect + " devices after 60 s");
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    for (let i = 0; i < warmup; i++) await usp.get(getPath);
    // The capture starts now: bench/usp-get-split.sh waits for this file.
    fs.writeFileSync(env("READY_FILE"), "timing\n");
    await new Promise((resolve) => setTimeout(resolve, Number(env("CAPTURE_SETTLE_MS", "1000"))));
    for (let i = 0; i < count; i++) {
      const sent = now();
      const answer = await usp.get(getPath);
      const resolved = now();
      if (answer === undefined || answer === null) throw new Error("empty answer to Get " + getPath);
      out.push({ sent, message: lastMessageAt, resolved, bytes: lastPayload.length });
      // A gap between Gets, so that each one's packets are told apart in the capture.
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  } finally {
    await connection.disconnect();
  }
  // usp-js's decode of the same payload alone, as its 'message' handler does it for a Get response: the newest
  // protobuf roots read the Record, the ones of the Record's version the Msg.
  const newest = await loadProtobuf(env("USP_JS_VERSION", "1.4"));
  const ofVersion = await loadProtobuf(commands.readRecord(newest, lastPayload)[1].version);
  const decodeCount = Number(env("DECODE_COUNT", "200"));
  const decodes = [];
  for (let i = 0; i < decodeCount + 50; i++) {
    const start = now();
    const [record, converted] = commands.readRecord(newest, lastPayload);
    const [msg, err] = commands.readMsg(ofVersion, record, converted);
    if (err) throw new Error("decode failed: " + JSON.stringify(err));
    commands.decodeWithOptions(msg, "GET", {}, converted.version);
    if (i >= 50) decodes.push(now() - start);
  }
  const lines = out.map((o) => JSON.stringify(o));
  lines.push(JSON.stringify({ summary: true, count, bytes: lastPayload.length,
    medianRoundTripMs: +median(out.map((o) => o.resolved - o.sent)).toFixed(3),
    medianMessageToResolvedMs: +median(out.map((o) => o.resolved - o.message)).toFixed(3),
    decodeAloneMedianMs: +median(decodes).toFixed(3), decodeAloneCount: decodeCount }));
  fs.writeFileSync(env("RESULT_FILE"), lines.join("\n") + "\n");
}

main().catch((e) => {
  console.error(JSON.stringify({ error: e instanceof Error ? String(e.stack) : e }));
  process.exit(1);
});
