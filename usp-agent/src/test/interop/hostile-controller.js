// usp-js 0.5.1 as the hostile ISP-Operations Controller of HostileControllerUspJsInteropIT. Settings come from the
// environment (as in controller.js, plus PLUG_PATH); each step prints one JSON line {"step": ..., "result": ...} on
// stdout, and a refused request prints {"step": ..., "result": {"refused": <the error>}}. Any other failure prints
// {"error": ...} and exits with status 1. Gets use raw mode (usp-js then returns the GetResp as received; the msg_id
// is left out), so that the Java side can compare two answers field by field.
"use strict";
const connect = require("usp-js").default;

const env = (name) => {
  const value = process.env[name];
  if (value === undefined || value === "") {
    throw new Error("missing environment variable " + name);
  }
  return value;
};

const print = (step, result) => console.log(JSON.stringify({ step, result: result === undefined ? null : result }));

// Raw results carry the whole message; its msg_id differs from one request to the next, so it is left out.
const withoutMsgId = (raw) => {
  if (raw && raw.header) {
    return { ...raw, header: { ...raw.header, msgId: undefined } };
  }
  return raw;
};

// A request the agent refuses rejects the usp-js promise: that is an answer too.
const outcome = async (promise) => {
  try {
    return withoutMsgId(await promise);
  } catch (error) {
    return { refused: error && error.message ? error.message : error };
  }
};

async function main() {
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
  const usp = connection.options({ timeout: 20000 });
  const plug = env("PLUG_PATH");
  try {
    print("getHiddenValue", await outcome(usp.get(plug + "IoTCapability.1.BinaryControl.Value", { raw: true })));
    print("getPlug", await outcome(usp.get(plug, { raw: true })));
    print("searchTrue", await outcome(usp.get("Device.ProxiedDevice.*.IoTCapability.[BinaryControl.Value==true].",
      { raw: true })));
    print("searchFalse", await outcome(usp.get(
      "Device.ProxiedDevice.*.IoTCapability.[BinaryControl.Value==false].", { raw: true })));
    const toggle = await outcome((async () => {
      const [run] = await usp.operate(plug + "IoTCapability.1.BinaryControl.Toggle()", { isAsync: false });
      return run();
    })());
    print("toggle", toggle);
  } finally {
    await connection.disconnect();
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    console.log(JSON.stringify({ error: String(error && error.stack ? error.stack : error) }));
    process.exit(1);
  },
);
