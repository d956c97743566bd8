#!/usr/bin/env python3
"""Measures a running node over JSON-RPC: time from each block's import to its finality, and the
node's resident memory. Not a test: a measurement to report, with the command that produced it.

    scripts/measure-node.py [--rpc http://127.0.0.1:9944] [--blocks 10] [--pid PID]
"""
import argparse
import json
import statistics
import time
import urllib.request


def rpc(url, method, params=None):
    body = json.dumps({"id": 1, "jsonrpc": "2.0", "method": method, "params": params or []})
    req = urllib.request.Request(url, body.encode(), {"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=10) as resp:
        reply = json.load(resp)
    if "error" in reply:
        raise RuntimeError(f"{method}: {reply['error']}")
    return reply["result"]


def number(header):
    return int(header["number"], 16)


def rss_mib(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rpc", default="http://127.0.0.1:9944")
    ap.add_argument("--blocks", type=int, default=10, help="blocks to follow to finality")
    ap.add_argument("--pid", type=int, help="the node's pid, to report its memory")
    args = ap.parse_args()

    seen, final = {}, {}
    start_best = number(rpc(args.rpc, "chain_getHeader"))
    target = start_best + args.blocks
    deadline = time.time() + 30 + 12 * args.blocks
    while time.time() < deadline and (len(final) < args.blocks):
        now = time.time()
        best = number(rpc(args.rpc, "chain_getHeader"))
        fin = number(rpc(args.rpc, "chain_getHeader", [rpc(args.rpc, "chain_getFinalizedHead")]))
        for n in range(start_best + 1, min(best, target) + 1):
            seen.setdefault(n, now)
        for n in seen:
            if n <= fin:
                final.setdefault(n, now)
        time.sleep(0.1)
    lags = [final[n] - seen[n] for n in sorted(final)]
    if lags:
        print(f"block import to finality over {len(lags)} blocks: median {statistics.median(lags):.1f} s,"
              f" min {min(lags):.1f} s, max {max(lags):.1f} s")
    else:
        print("no block was finalized while measuring")
    if args.pid:
        print(f"resident memory of pid {args.pid}: {rss_mib(args.pid):.0f} MiB")


if __name__ == "__main__":
    main()
