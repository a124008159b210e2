#!/usr/bin/env python3
"""Where the time of a bench/matter-bridge.sh run goes, from our bridge's timing log.

Run the benchmark with the node's timing log on, then read the log with this script:

  BENCH_JVM_ARGS='-Dorg.slf4j.simpleLogger.log.org.cpebridge.matter.node.InteractionGlue.timing=debug
    -Dorg.slf4j.simpleLogger.logFile=/tmp/bridge-{N}.log' bench/matter-bridge.sh 200
  bench/matter-bridge-timing.py /tmp/bridge-200.log

Per read and subscribe interaction: the ReportData chunks sent, their mean size, the time our bridge spent (from a
message's arrival on the node loop to our answer being sent) and the time the peer took (from our chunk being sent to
its StatusResponse arriving: the controller's processing plus the network). Per toggle of a device: the time from the
change to the ReportData leaving our bridge, and how often that report had to wait for the subscriber's
StatusResponse to the report before it (one report in flight per subscription).
"""
import re
import statistics
import sys

LINE = re.compile(r"timing (\w+) (.*)$")
FIELD = re.compile(r"(\w+)=(\S+)")
OPCODES = {2: "read", 3: "subscribe"}


def main(path):
    interactions = []
    current = None
    toggles = []
    toggle = None
    with open(path, encoding="utf-8", errors="replace") as log:
        for raw in log:
            match = LINE.search(raw)
            if not match:
                continue
            kind, fields = match.group(1), dict(FIELD.findall(match.group(2)))
            if kind == "in":
                opcode = int(fields["opcode"])
                ours = float(fields["ours_ms"])
                if opcode in OPCODES and fields["peer_ms"] == "-":
                    current = {"kind": OPCODES[opcode], "chunks": 1, "bytes": int(fields["out_bytes"]),
                               "first_ms": ours, "ours_ms": ours, "peer_ms": 0.0}
                    interactions.append(current)
                elif opcode == 1 and current is not None and fields["peer_ms"] != "-":
                    current["ours_ms"] += ours
                    current["peer_ms"] += float(fields["peer_ms"])
                    # A read's last chunk ends the exchange; a subscription's ends with the SubscribeResponse.
                    if int(fields["out_bytes"]) > 0 and (current["kind"] == "read" or fields["done"] == "false"):
                        current["chunks"] += 1
                        current["bytes"] += int(fields["out_bytes"])
                    if fields["done"] == "true":
                        current = None
                elif opcode == 1 and toggle is not None and "report_ms" not in toggle:
                    toggle["waited"] = True
            elif kind == "toggle":
                toggle = {"at": float(fields["at"]), "waited": False}
                toggles.append(toggle)
            elif kind == "report" and toggle is not None and "report_ms" not in toggle:
                toggle["report_ms"] = float(fields["at"]) - toggle["at"]
    for i in interactions:
        print(f"{i['kind']:9} chunks {i['chunks']:4}  mean chunk {i['bytes'] / i['chunks']:6.0f} B  "
              f"ours {i['ours_ms']:8.1f} ms (first chunk {i['first_ms']:6.1f})  peer {i['peer_ms']:8.1f} ms")
    reported = [t for t in toggles if "report_ms" in t]
    if reported:
        times = [t["report_ms"] for t in reported]
        waited = [t["report_ms"] for t in reported if t["waited"]]
        free = [t["report_ms"] for t in reported if not t["waited"]]
        print(f"change->ReportData sent: median {statistics.median(times):.1f} ms, max {max(times):.1f} ms "
              f"over {len(times)}; {len(waited)} waited for the previous report's StatusResponse"
              + (f" (median {statistics.median(waited):.1f} ms)" if waited else "")
              + (f", {len(free)} did not (median {statistics.median(free):.1f} ms)" if free else ""))


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: matter-bridge-timing.py BRIDGE_LOG")
    main(sys.argv[1])
