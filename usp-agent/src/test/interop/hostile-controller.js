// usp-js 0.5.1 as the hostile ISP-Operations Controller of HostileControllerUspJsInteropIT. Settings come from the
// environment (as in controller.js, plus PLUG_PATH); each step prints one JSON line {"step": ..., "result": ...} on
// stdout, and a refused request prints {"step": ..., "result": {"refused": <the error>}}. Any other failure prints
// {"error": ...} and exits with status 1 (controller-steps.js). Gets use raw mode (usp-js then returns the GetResp as
// received; the msg_id is left out), so that the Java side can compare two answers field by field.
"use strict";
const { env, step, runOverMqtt } = require("./controller-steps");

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

runOverMqtt(async (usp) => {
  const plug = env("PLUG_PATH");
  const rawGet = (path) => outcome(usp.get(path, { raw: true }));
  await step("getHiddenValue", rawGet(plug + "IoTCapability.1.BinaryControl.Value"));
  await step("getPlug", rawGet(plug));
  await step("searchTrue", rawGet("Device.ProxiedDevice.*.IoTCapability.[BinaryControl.Value==true]."));
  await step("searchFalse", rawGet("Device.ProxiedDevice.*.IoTCapability.[BinaryControl.Value==false]."));
  await step("toggle", outcome((async () => {
    const [run] = await usp.operate(plug + "IoTCapability.1.BinaryControl.Toggle()", { isAsync: false });
    return run();
  })()));
});
