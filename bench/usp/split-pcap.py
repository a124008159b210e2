#!/usr/bin/env python3
"""Joins a loopback capture of the broker's port with get-split.js's times (bench/usp-get-split.sh runs it).

usage: split-pcap.py PCAP SPLIT_JSON_LINES BROKER_PORT

The flows are told apart by what they carry: the connection that receives the large answers from the broker is
usp-js's, the one that sends them to the broker is the agent's. Per Get (the Gets are 20 ms apart), in order: usp-js's
request to the broker, the broker's forward to the agent, the answer's first and last segment from the agent, the
forward's first and last segment to usp-js. Segments of 8 bytes or fewer (PUBACKs) are left out.
"""
import json
import statistics
import struct
import sys

SMALL = 8


def packets(path):
    """(time in ms since the epoch, source port, destination port, TCP payload length) of each IPv4 packet."""
    with open(path, "rb") as f:
        magic, _, _, _, _, _, linktype = struct.unpack("<IHHiIII", f.read(24))
        scale = 1e-6 if magic == 0xA1B2C3D4 else 1e-9
        link = {1: 14, 113: 16, 0: 4}[linktype]
        while True:
            head = f.read(16)
            if len(head) < 16:
                return
            seconds, fraction, captured, _ = struct.unpack("<IIII", head)
            data = f.read(captured)
            ip = data[link:]
            if len(ip) < 20 or ip[0] >> 4 != 4:
                continue
            ihl = (ip[0] & 0x0F) * 4
            total = struct.unpack(">H", ip[2:4])[0]
            tcp = ip[ihl:]
            sport, dport = struct.unpack(">HH", tcp[0:4])
            offset = (tcp[12] >> 4) * 4
            yield (seconds + fraction * scale) * 1000.0, sport, dport, total - ihl - offset


def main():
    pcap, split, port = sys.argv[1], sys.argv[2], int(sys.argv[3])
    gets = []
    summary = None
    with open(split) as f:
        for line in f:
            if line.strip():
                row = json.loads(line)
                if row.get("summary"):
                    summary = row
                else:
                    gets.append(row)
    flows = {}  # (client port, "up"|"down") -> list of (time, length)
    for time, sport, dport, length in packets(pcap):
        if length <= 0:
            continue
        key = (dport, "down") if sport == port else (sport, "up")
        flows.setdefault(key, []).append((time, length))
    down = {k[0]: sum(n for _, n in v) for k, v in flows.items() if k[1] == "down"}
    up = {k[0]: sum(n for _, n in v) for k, v in flows.items() if k[1] == "up"}
    usp_js = max(down, key=down.get)
    agent = max(up, key=up.get)
    req_up = [p for p in flows.get((usp_js, "up"), []) if p[1] > SMALL]
    req_down = [p for p in flows.get((agent, "down"), []) if p[1] > SMALL]
    ans_up = [p for p in flows.get((agent, "up"), []) if p[1] > SMALL]
    fwd_down = [p for p in flows.get((usp_js, "down"), []) if p[1] > SMALL]

    def first_after(series, t):
        for p in series:
            if p[0] >= t:
                return p[0]
        return None

    def burst(series, start, end):
        inside = [p for p in series if start <= p[0] <= end]
        return (inside[0][0], inside[-1][0], sum(n for _, n in inside)) if inside else (None, None, 0)

    steps = {k: [] for k in ("sent>req@broker", "req@broker>req@agent", "req@agent>ans first", "ans first>ans last",
                             "ans last>fwd first", "fwd first>fwd last", "fwd last>message", "message>resolved",
                             "round trip", "agent (req@agent>ans last)", "broker (ans first>fwd last)")}
    for g in gets:
        w1 = first_after(req_up, g["sent"])
        w2 = first_after(req_down, w1) if w1 else None
        if w2 is None:
            continue
        a1, a2, abytes = burst(ans_up, w2, g["message"])
        f1, f2, fbytes = burst(fwd_down, a1 or w2, g["message"])
        if a1 is None or f1 is None:
            continue
        steps["sent>req@broker"].append(w1 - g["sent"])
        steps["req@broker>req@agent"].append(w2 - w1)
        steps["req@agent>ans first"].append(a1 - w2)
        steps["ans first>ans last"].append(a2 - a1)
        steps["ans last>fwd first"].append(f1 - a2)
        steps["fwd first>fwd last"].append(f2 - f1)
        steps["fwd last>message"].append(g["message"] - f2)
        steps["message>resolved"].append(g["resolved"] - g["message"])
        steps["round trip"].append(g["resolved"] - g["sent"])
        steps["agent (req@agent>ans last)"].append(a2 - w2)
        steps["broker (ans first>fwd last)"].append(f2 - a1)
    n = len(steps["round trip"])
    print("  %d of %d Gets matched in the capture (usp-js port %d, agent port %d); answer %s bytes" % (
        n, len(gets), usp_js, agent, summary["bytes"] if summary else "?"))
    for name, values in steps.items():
        if values:
            q = statistics.quantiles(values, n=4) if len(values) > 1 else [values[0]] * 3
            print("  %-28s median %7.2f ms  (p25 %6.2f, p75 %6.2f)" % (name, statistics.median(values), q[0], q[2]))
    if summary:
        print("  usp-js decode alone (readRecord, readMsg, decodeWithOptions on the captured answer), median of %d: "
              "%.2f ms" % (summary["decodeAloneCount"], summary["decodeAloneMedianMs"]))


if __name__ == "__main__":
    main()
