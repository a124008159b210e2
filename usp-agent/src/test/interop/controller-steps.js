// What the Controller scripts here share (controller.js and hostile-controller.js with usp-js over MQTT,
// ws-controller.js over the WebSocket MTP): settings read from the environment, each step printed as one JSON line
// {"step": ..., "result": ...} that the Java side (UspJsProcess) reads as it comes, the usp-js connection as the
// Controller the environment names, and the ending: exit status 0, or one {"error": ...} line and status 1.
"use strict";

const env = (name) => {
  const value = process.env[name];
  if (value === undefined || value === "") {
    throw new Error("missing environment variable " + name);
  }
  return value;
};

const print = (step, result) => console.log(JSON.stringify({ step, result: result === undefined ? null : result }));

// Awaits one request (a usp-js Get, Set, Operate...) and prints its result as the step `name`.
const step = async (name, request) => {
  const result = await request;
  print(name, result);
  return result;
};

const waitFor = (promise, seconds, what) =>
  Promise.race([
    promise,
    new Promise((_, reject) => setTimeout(() => reject(new Error("no " + what + " within " + seconds + " s")),
      seconds * 1000)),
  ]);

// usp-js over MQTT on loopback as CONTROLLER_ID (subscribed to CONTROLLER_TOPIC), talking to AGENT_ID on
// AGENT_TOPIC. Required here, not at the top, so that ws-controller.js needs no usp-js.
async function connectOverMqtt() {
  const connect = require("usp-js").default;
  const connection = await connect({
    host: "127.0.0.1",
    port: Number(env("MQTT_PORT")),
    protocol: "mqtt",
    username: "",
    password: "",
    fromId: env("CONTROLLER_ID"),
    toId: env("AGENT_ID"),
    publishEndpoint: env("AGENT_TOPIC"),
    subscribeEndpoint: env("CONTROLLER_TOPIC"),
    closeOnDisconnect: true,
  });
  // Generous per-call timeout for a busy 2-core machine (usp-js defaults to 5 s).
  return { connection, usp: connection.options({ timeout: 20000 }) };
}

// Ends the script when `work` settles: status 0, or the error as one JSON line and status 1.
const finish = (work) => work.then(
  () => process.exit(0),
  (error) => {
    console.log(JSON.stringify({ error: String(error && error.stack ? error.stack : error) }));
    process.exit(1);
  },
);

// Connects over MQTT, runs body(usp, connection), always disconnects, and ends the script.
const runOverMqtt = (body) => finish((async () => {
  const { connection, usp } = await connectOverMqtt();
  try {
    await body(usp, connection);
  } finally {
    await connection.disconnect();
  }
})());

module.exports = { env, print, step, waitFor, finish, runOverMqtt };
