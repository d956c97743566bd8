#!/usr/bin/env python3
"""Writes a raw chain spec whose genesis holds the state of a large fleet, for measuring the
runtime's database weights on a realistic state (`depin-node benchmark storage`).

    scripts/fleet-state.py BASE.json OUT.json [--hotspots N] [--owners M] [--seed S]

BASE.json is a raw chain spec (`depin-node build-spec --chain bench --raw`); OUT.json is the
same chain with, added to its genesis, the keys a fleet of N hotspots of M owners stores, under
the runtime's own prefixes and hashers, so the trie has the shape and depth of that state:

  Registry::Devices, DeviceByKey, DevicesOf, OwnerDeviceCount; Coverage::Activity, Counted,
  HexCounts (a hex for every 0.6 hotspot at resolutions 4 to 10 together), HexScales (one per
  two hotspots); System::Account of every owner; Bme::AccountShares of every owner in one epoch.

Values are random bytes of each item's encoded size (the benchmark rewrites them with bytes of the
same length; nothing decodes them), so the chain cannot produce blocks: the database is only for
`benchmark storage`. Defaults: a million hotspots of 250,000 owners (Helium's IoT network had
about that many hotspots). The output is streamed (about 2 GB for the defaults).
"""

import argparse
import hashlib
import json
import random
import struct
import sys

import xxhash


def twox128(data: bytes) -> bytes:
    return xxhash.xxh64(data, seed=0).digest()[::-1] + xxhash.xxh64(data, seed=1).digest()[::-1]


def twox64(data: bytes) -> bytes:
    return xxhash.xxh64(data, seed=0).digest()[::-1]


def blake2_128(data: bytes) -> bytes:
    return hashlib.blake2b(data, digest_size=16).digest()


def prefix(pallet: str, item: str) -> bytes:
    return twox128(pallet.encode()) + twox128(item.encode())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("base")
    parser.add_argument("out")
    parser.add_argument("--hotspots", type=int, default=1_000_000)
    parser.add_argument("--owners", type=int, default=250_000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    if args.hotspots < 1 or not 1 <= args.owners <= args.hotspots:
        print("need 1 <= owners <= hotspots", file=sys.stderr)
        return 2

    with open(args.base) as f:
        spec = json.load(f)
    try:
        top = spec["genesis"]["raw"]["top"]
    except KeyError:
        print(f"{args.base} is not a raw chain spec (build-spec --raw)", file=sys.stderr)
        return 2
    marker = "0x" + "ff" * 40
    top[marker] = "0x"
    text = json.dumps(spec, indent=1)
    head, tail = text.split(f'"{marker}": "0x"')

    rng = random.Random(args.seed)
    value = lambda size: rng.randbytes(size)  # noqa: E731
    first_device = 1 << 40  # above any id the base spec holds
    owners = [rng.randbytes(32) for _ in range(args.owners)]
    written = 0

    with open(args.out, "w") as out:
        out.write(head)

        def put(key: bytes, val: bytes) -> None:
            # In the marker's place (after the base's entries and their comma), comma-separated.
            nonlocal written
            separator = ",\n" if written else ""
            out.write(f'{separator}"0x{key.hex()}": "0x{val.hex()}"')
            written += 1

        devices = prefix("Registry", "Devices")
        by_key = prefix("Registry", "DeviceByKey")
        devices_of = prefix("Registry", "DevicesOf")
        activity = prefix("Coverage", "Activity")
        counted = prefix("Coverage", "Counted")
        for i in range(args.hotspots):
            device = struct.pack("<Q", first_device + i)
            owner = owners[i % args.owners]
            key = b"\x00" + rng.randbytes(32)
            put(devices + twox64(device) + device, value(140))
            put(by_key + blake2_128(key) + key, device)
            put(devices_of + blake2_128(owner) + owner + twox64(device) + device, b"")
            put(activity + twox64(device) + device, value(40))
            put(counted + twox64(device) + device, value(8))
        owner_count = prefix("Registry", "OwnerDeviceCount")
        account = prefix("System", "Account")
        shares = prefix("Bme", "AccountShares")
        pool = struct.pack("<QB", 3, 0)  # (epoch, RewardPool::Coverage)
        for owner in owners:
            put(owner_count + blake2_128(owner) + owner, value(4))
            put(account + blake2_128(owner) + owner, value(80))
            put(shares + twox64(pool) + pool + blake2_128(owner) + owner, value(16))
        hex_counts = prefix("Coverage", "HexCounts")
        for _ in range(args.hotspots * 6 // 10):
            cell = rng.randbytes(8)
            put(hex_counts + blake2_128(cell) + cell, value(4))
        hex_scales = prefix("Coverage", "HexScales")
        for _ in range(args.hotspots // 2):
            cell = rng.randbytes(8)
            put(hex_scales + blake2_128(cell) + cell, value(12))
        out.write(tail)
    print(f"{args.out}: {written} keys added for {args.hotspots} hotspots of {args.owners} owners")
    return 0


if __name__ == "__main__":
    sys.exit(main())
