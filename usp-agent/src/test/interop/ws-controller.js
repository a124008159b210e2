// A USP Controller over the USP WebSocket MTP for UspWebSocketInteropIT, built from two independent libraries: `ws`
// (the WebSocket client) and `protobufjs` (loading the agent's own .proto files at run time). It connects with the
// v1.usp subprotocol and names itself in the deprecated bbf-usp-protocol extension (R-WS.10a) rather than the eid
// query, waits for the WebSocketConnect Record, does a Get and an Operate Toggle(), reads the value back, and closes.
// Settings come from the environment (WS_URL, AGENT_ID, CONTROLLER_ID, DEVICE_PATH); each step prints one JSON line
// {"step": ..., "result": ...} on stdout. Any failure prints {"error": ...} and exits with status 1
// (controller-steps.js).
"use strict";
const path = require("path");
const protobuf = require("protobufjs");
const WebSocket = require("ws");
const { env, print, finish } = require("./controller-steps");

const PROTO_DIR = path.join(__dirname, "..", "..", "main", "proto");
const root = protobuf.loadSync([path.join(PROTO_DIR, "usp-record-1-4.proto"), path.join(PROTO_DIR, "usp-msg-1-4.proto")]);
const Record = root.lookupType("usp_record.Record");
const Msg = root.lookupType("usp.Msg");
const asObject = { enums: String, longs: String, bytes: String, defaults: false };

const agentId = env("AGENT_ID");
const controllerId = env("CONTROLLER_ID");

// Records arrive in order; a waiter takes the next one, or one that was queued before it asked.
const inbox = [];
const waiters = [];
const deliver = (record) => (waiters.length ? waiters.shift()(record) : inbox.push(record));
const nextRecord = (seconds, what) => new Promise((resolve, reject) => {
  if (inbox.length) {
    resolve(inbox.shift());
    return;
  }
  const timer = setTimeout(() => reject(new Error("no " + what + " within " + seconds + " s")), seconds * 1000);
  waiters.push((record) => { clearTimeout(timer); resolve(record); });
});

let counter = 0;
function request(socket, body) {
  const msgId = "ws-interop-" + (++counter);
  const type = Object.keys(body)[0].toUpperCase();
  const msg = Msg.fromObject({ header: { msgId, msgType: type }, body: { request: body } });
  const record = Record.fromObject({
    version: "1.4", toId: agentId, fromId: controllerId,
    noSessionContext: { payload: Msg.encode(msg).finish() },
  });
  socket.send(Record.encode(record).finish(), { binary: true });
  return msgId;
}

async function response(msgId) {
  const record = await nextRecord(30, "answer to " + msgId);
  if (!record.noSessionContext) {
    throw new Error("expected a message Record, got " + JSON.stringify(Record.toObject(record, asObject)));
  }
  const msg = Msg.toObject(Msg.decode(record.noSessionContext.payload), asObject);
  if (msg.header.msgId !== msgId) {
    throw new Error("answer to " + msg.header.msgId + " while waiting for " + msgId);
  }
  return msg;
}

async function main() {
  const socket = new WebSocket(env("WS_URL"), ["v1.usp"], {
    perMessageDeflate: false,
    headers: {
      "Sec-WebSocket-Extensions": 'bbf-usp-protocol; eid="' + controllerId + '"',
      // The Controller's secret from the agent's data directory (usp.websocket.auth=SECRET, the default).
      Authorization: "Bearer " + env("WS_SECRET"),
    },
    handshakeTimeout: 20000,
  });
  socket.binaryType = "nodebuffer";
  const closed = new Promise((resolve) => socket.on("close", (code) => resolve(code)));
  socket.on("message", (data, isBinary) => {
    if (isBinary) {
      deliver(Record.decode(data));
    }
  });
  await new Promise((resolve, reject) => {
    socket.once("open", resolve);
    socket.once("error", reject);
  });
  print("open", { protocol: socket.protocol });

  const connect = Record.toObject(await nextRecord(30, "WebSocketConnect Record"), asObject);
  print("connect", connect);

  const get = await response(request(socket, { get: { paramPaths: ["Device.DeviceInfo."] } }));
  print("getDeviceInfo", get.body.response.getResp);

  const device = env("DEVICE_PATH");
  const toggle = await response(request(socket, {
    operate: { command: device + "IoTCapability.1.BinaryControl.Toggle()", commandKey: "interop", sendResp: true },
  }));
  print("toggle", toggle.body.response.operateResp);

  const value = await response(request(socket, { get: { paramPaths: [device + "IoTCapability.1.BinaryControl.Value"] } }));
  print("getValue", value.body.response.getResp);

  socket.close(1000, "done");
  print("closed", await closed);
}

finish(main());
