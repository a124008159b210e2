// usp-js 0.5.1 as a USP Controller for UspJsInteropIT. Settings come from the environment; each step prints one
// JSON line {"step": ..., "result": ...} on stdout. Any failure prints {"error": ...} and exits with status 1
// (controller-steps.js).
// MODE=basic: Get, Set Name, Operate Toggle(). MODE=subscribe: subscribe to ValueChange (an Add on
// Device.LocalAgent.Subscription.), wait for one Notify, optionally Delete it again (CLEAR=1).
// MODE=listen: Get, then wait for a Notify of an existing subscription (SUB_ID). MODE=selftest: the asynchronous
// Device.SelfTestDiagnostics() to its OperationComplete.
"use strict";
const { env, print, step, waitFor, runOverMqtt } = require("./controller-steps");

async function basic(usp, connection) {
  print("version", connection.getUSPVersion());
  await step("getDeviceInfo", usp.get("Device.DeviceInfo."));
  await step("getProxiedDevices", usp.get("Device.ProxiedDevice."));
  const device = env("DEVICE_PATH");
  await step("setName", usp.set(device + "Name", env("NEW_NAME")));
  await step("getName", usp.get(device + "Name"));
  const [toggle] = await usp.operate(device + "IoTCapability.1.BinaryControl.Toggle()", { isAsync: false });
  await step("toggle", toggle());
  await step("getValue", usp.get(device + "IoTCapability.1.BinaryControl.Value"));
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
  await step("notified", waitFor(notification, 60, "notification"));
  if (process.env.CLEAR === "1") {
    await clear();
    print("deleted");
  }
}

async function listen(usp, connection) {
  await step("get", usp.get("Device.DeviceInfo.SerialNumber"));
  const notification = new Promise((resolve) => connection.on("NOTIFY@" + env("SUB_ID"), (msg) => resolve(msg)));
  print("listening");
  await step("notified", waitFor(notification, 60, "notification"));
}

// Device.SelfTestDiagnostics() is asynchronous: usp-js adds an OperationComplete subscription on the command, sends
// the Operate and resolves with the OperationComplete Notify; the subscription is deleted afterwards.
async function selfTest(usp) {
  const [run, cleanup] = await usp.operate("Device.SelfTestDiagnostics()", { isAsync: true });
  print("subscribed");
  await step("completed", waitFor(run(), 60, "OperationComplete"));
  await cleanup();
  print("cleaned");
}

const modes = { basic, subscribe, listen, selftest: selfTest };

runOverMqtt(async (usp, connection) => {
  const mode = process.env.MODE || "basic";
  if (!Object.hasOwn(modes, mode)) {
    throw new Error("unknown MODE " + mode);
  }
  await modes[mode](usp, connection);
});
