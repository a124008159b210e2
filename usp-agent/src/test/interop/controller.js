// usp-js 0.5.1 as a USP Controller for UspJsInteropIT. Settings come from the environment; each step prints one
// JSON line {"step": ..., "result": ...} on stdout. Any failure prints {"error": ...} and exits with status 1.
"use strict";
const connect = require("usp-js").default;

const env = (name) => {
  const value = process.env[name];
  if (value === undefined || value === "") {
    throw new Error("missing environment variable " + name);
  }
  return value;
};

const print = (step, result) => console.log(JSON.stringify({ step, result }));

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
  try {
    print("version", connection.getUSPVersion());
    print("getDeviceInfo", await usp.get("Device.DeviceInfo."));
    print("getProxiedDevices", await usp.get("Device.ProxiedDevice."));
    const device = env("DEVICE_PATH");
    print("setName", await usp.set(device + "Name", env("NEW_NAME")));
    print("getName", await usp.get(device + "Name"));
    const [toggle] = await usp.operate(device + "IoTCapability.1.BinaryControl.Toggle()", { isAsync: false });
    print("toggle", await toggle());
    print("getValue", await usp.get(device + "IoTCapability.1.BinaryControl.Value"));
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
