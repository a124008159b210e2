// usp-js 0.5.1 as a USP Controller for UspJsInteropIT. Settings come from the environment; each step prints one
// JSON line {"step": ..., "result": ...} on stdout. Any failure prints {"error": ...} and exits with status 1.
// MODE=basic: Get, Set Name, Operate Toggle(). MODE=subscribe: subscribe to ValueChange (an Add on
// Device.LocalAgent.Subscription.), wait for one Notify, optionally Delete it again (CLEAR=1).
// MODE=listen: Get, then wait for a Notify of an existing subscription (SUB_ID). MODE=selftest: the asynchronous
// Device.SelfTestDiagnostics() to its OperationComplete.
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

const waitFor = (promise, seconds, what) =>
  Promise.race([
    promise,
    new Promise((_, reject) => setTimeout(() => reject(new Error("no " + what + " within " + seconds + " s")),
      seconds * 1000)),
  ]);

async function basic(usp, connection) {
  print("version", connection.getUSPVersion());
  print("getDeviceInfo", await usp.get("Device.DeviceInfo."));
  print("getProxiedDevices", await usp.get("Device.ProxiedDevice."));
  const device = env("DEVICE_PATH");
  print("setName", await usp.set(device + "Name", env("NEW_NAME")));
  print("getName", await usp.get(device + "Name"));
  const [toggle] = await usp.operate(device + "IoTCapability.1.BinaryControl.Toggle()", { isAsync: false });
  print("toggle", await toggle());
  print("getValue", await usp.get(device + "IoTCapability.1.BinaryControl.Value"));
}

async function subscribe(usp) {
  let notified;
  const notification = new Promise((resolve) => { notified = resolve; });
  const clear = await usp.subscribe({
    id: env("SUB_ID"),
    notif: "ValueChange",
    reference: env("REFERENCE"),
    persist: process.env.PERSIST === "1",
  }, (msg) => notified(msg));
  print("subscribed");
  print("notified", await waitFor(notification, 60, "notification"));
  if (process.env.CLEAR === "1") {
    await clear();
    print("deleted");
  }
}

async function listen(usp, connection) {
  print("get", await usp.get("Device.DeviceInfo.SerialNumber"));
  const notification = new Promise((resolve) => connection.on("NOTIFY@" + env("SUB_ID"), (msg) => resolve(msg)));
  print("listening");
  print("notified", await waitFor(notification, 60, "notification"));
}

// Device.SelfTestDiagnostics() is asynchronous: usp-js adds an OperationComplete subscription on the command, sends
// the Operate and resolves with the OperationComplete Notify; the subscription is deleted afterwards.
async function selfTest(usp) {
  const [run, cleanup] = await usp.operate("Device.SelfTestDiagnostics()", { isAsync: true });
  print("subscribed");
  print("completed", await waitFor(run(), 60, "OperationComplete"));
  await cleanup();
  print("cleaned");
}

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
    const mode = process.env.MODE || "basic";
    if (mode === "basic") {
      await basic(usp, connection);
    } else if (mode === "subscribe") {
      await subscribe(usp);
    } else if (mode === "listen") {
      await listen(usp, connection);
    } else if (mode === "selftest") {
      await selfTest(usp);
    } else {
      throw new Error("unknown MODE " + mode);
    }
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
