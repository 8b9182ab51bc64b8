"""Benchmark: reading names out of a 500 MB capture, beside Debian's tshark on the same file.

Run from the repository root: `python bench/network_traffic.py [--size-mb 500] [--keep]`.
It writes a mixed capture (DNS over UDP and TCP, TLS ClientHellos, some split over two
segments, TLS 1.2 server certificates, HTTP requests on ports 80 and 8080, bulk TLS and UDP
data) under bench/.work/, times cybercheck's reader and
`tshark -r FILE -T fields -e dns.qry.name -e tls.handshake.extensions_server_name -e http.host`,
compares the two sets of names (they must match) and prints a Markdown table for bench/README.md.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "checks" / "network"))

import netcapture_writer as w

from checks.network.sources.capture import read_capture

WORK = ROOT / "bench" / ".work"
PHONE = "192.168.43.17"
RESOLVER = "192.168.43.1"


def _names(rng: random.Random, count: int) -> list[str]:
    words = ["api", "cdn", "img", "static", "push", "sync", "mail", "login", "media", "edge", "app", "data"]
    tlds = ["com", "net", "org", "io", "co.uk", "de", "app"]
    names = set()
    while len(names) < count:
        label = "".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(rng.randint(4, 12)))
        names.add(f"{rng.choice(words)}.{label}.{rng.choice(tlds)}")
    return sorted(names)


def _certificate() -> bytes:
    work = WORK / "cert"
    work.mkdir(parents=True, exist_ok=True)
    der = work / "cert.der"
    if not der.exists():
        subprocess.run(
            ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", str(work / "key.pem"),
             "-subj", "/CN=panel.bench.test/O=Bench", "-days", "30", "-outform", "DER", "-out", str(der)],
            check=True, capture_output=True,
        )
    return der.read_bytes()


def generate(path: Path, size_mb: int, seed: int = 7) -> set[str]:
    """Write the capture; return the names it holds (lower-cased)."""
    rng = random.Random(seed)
    names = _names(rng, 6000)
    certificate = _certificate()
    bulk = rng.randbytes(1400)
    udp_bulk = rng.randbytes(1200)
    expected: set[str] = set()
    target = size_mb * 1024 * 1024
    ts = 1_767_000_000.0
    port = 30000
    with path.open("wb") as handle:
        out = w.PcapngWriter(handle)
        while handle.tell() < target:
            ts += rng.random() * 0.05
            port = 30000 + (port - 29999) % 30000
            name = rng.choice(names)
            server = f"203.0.{rng.randint(0, 255)}.{rng.randint(1, 254)}"
            choice = rng.random()
            ident = rng.randint(0, 65535)
            if choice < 0.25:  # DNS over UDP
                out.packet(ts, w.udp_frame(PHONE, RESOLVER, port, 53, w.dns_query(name, "A", ident)))
                out.packet(ts + 0.01, w.udp_frame(RESOLVER, PHONE, 53, port, w.dns_response(name, [server], ident)))
                expected.add(name)
            elif choice < 0.28:  # DNS over TCP
                query = w.dns_query(name, "AAAA", ident)
                out.packet(ts, w.tcp_frame(PHONE, RESOLVER, port, 53, len(query).to_bytes(2, "big") + query, seq=1))
                expected.add(name)
            elif choice < 0.60:  # a TLS connection: hello (sometimes in two segments), answer, bulk data
                out.packet(ts, w.tcp_frame(PHONE, server, port, 443, flags=0x02, seq=0))
                hello = w.client_hello(name, padding=rng.choice((0, 0, 1700)))
                if len(hello) > 1400:
                    out.packet(ts + 0.02, w.tcp_frame(PHONE, server, port, 443, hello[:1400], seq=1))
                    out.packet(ts + 0.03, w.tcp_frame(PHONE, server, port, 443, hello[1400:], seq=1401))
                else:
                    out.packet(ts + 0.02, w.tcp_frame(PHONE, server, port, 443, hello, seq=1))
                expected.add(name)
                if rng.random() < 0.1:
                    out.packet(ts + 0.05, w.tcp_frame(server, PHONE, 443, port, w.server_flight(certificate), seq=1))
                seq = 1
                for i in range(rng.randint(5, 60)):
                    record = b"\x17\x03\x03" + (len(bulk) - 5).to_bytes(2, "big") + bulk[5:]
                    out.packet(ts + 0.06 + i * 0.001, w.tcp_frame(server, PHONE, 443, port, record, seq=seq))
                    seq += len(record)
                    if i % 2:
                        out.packet(ts + 0.0605 + i * 0.001, w.tcp_frame(PHONE, server, port, 443, seq=1, ack=seq, flags=0x10))
            elif choice < 0.70:  # plain HTTP
                method = rng.choice(("GET", "GET", "POST"))
                body = b"x" * rng.randint(1, 300) if method == "POST" else b""
                dport = rng.choice((80, 8080))
                out.packet(ts, w.tcp_frame(PHONE, server, port, dport, w.http_request(method, name, "/p", body), seq=1))
                expected.add(name)
            else:  # bulk UDP (video calls, games)
                for i in range(rng.randint(5, 40)):
                    out.packet(ts + i * 0.002, w.udp_frame(PHONE, server, port, 20000 + port % 1000, udp_bulk))
    return expected


def _children_cpu() -> float:
    import resource

    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def tshark_names(path: Path) -> tuple[set[str], float, float]:
    """The names tshark reads, how long it took, and the processor time it used."""
    cpu = _children_cpu()
    started = time.perf_counter()
    result = subprocess.run(
        ["tshark", "-r", str(path), "-T", "fields", "-e", "dns.qry.name",
         "-e", "tls.handshake.extensions_server_name", "-e", "http.host"],
        check=True, capture_output=True, text=True,
    )
    elapsed = time.perf_counter() - started
    cpu = _children_cpu() - cpu
    names = set()
    for line in result.stdout.splitlines():
        for field in line.split("\t"):
            for value in field.split(","):
                if value:
                    names.add(value.strip().rstrip(".").lower().rsplit(":", 1)[0])
    return names, elapsed, cpu


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--size-mb", type=int, default=500)
    parser.add_argument("--keep", action="store_true", help="keep the capture in bench/.work/")
    args = parser.parse_args()
    WORK.mkdir(parents=True, exist_ok=True)
    path = WORK / f"mixed-{args.size_mb}mb.pcapng"
    started = time.perf_counter()
    expected = generate(path, args.size_mb)
    generated = time.perf_counter() - started
    size = path.stat().st_size

    started, cpu = time.perf_counter(), time.process_time()
    read = read_capture(path)
    ours, our_cpu = time.perf_counter() - started, time.process_time() - cpu
    our_names = {n.name for n in read.names}

    if shutil.which("tshark") is None:
        print("tshark is not installed (apt-get install tshark); only cybercheck's reader was timed.")
        theirs, tshark_time, tshark_cpu = set(), float("nan"), float("nan")
    else:
        theirs, tshark_time, tshark_cpu = tshark_names(path)

    print(f"capture: {size / 1e6:.0f} MB, {read.items} packets, generated in {generated:.1f} s")
    print(f"names: {len(our_names)} read by cybercheck, {len(theirs)} by tshark, {len(expected)} written")
    print("| reader | wall time (s) | processor time (s) | MB/s | packets/s | names |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    print(f"| cybercheck (checks.network.sources.capture) | {ours:.1f} | {our_cpu:.1f} | {size / 1e6 / ours:.0f} | "
          f"{read.items / ours:,.0f} | {len(our_names)} |")
    if theirs:
        print(f"| tshark {_tshark_version()} | {tshark_time:.1f} | {tshark_cpu:.1f} | {size / 1e6 / tshark_time:.0f} | "
              f"{read.items / tshark_time:,.0f} | {len(theirs)} |")
        print(f"speed-up: {tshark_time / ours:.1f}x wall time, {tshark_cpu / our_cpu:.1f}x processor time")
    same = our_names == expected and (not theirs or theirs == our_names)
    if not same:
        print("name sets differ:")
        print("  only cybercheck:", sorted(our_names - theirs)[:10], "missing vs written:", sorted(expected - our_names)[:10])
        print("  only tshark:", sorted(theirs - our_names)[:10])
    else:
        print("name sets: identical" + (" (cybercheck = tshark = written)" if theirs else " (cybercheck = written)"))
    if not args.keep:
        os.unlink(path)
    return 0 if same else 1


def _tshark_version() -> str:
    import re

    result = subprocess.run(["tshark", "--version"], capture_output=True, text=True, check=False)
    found = re.search(r"\d+\.\d+\.\d+", result.stdout)
    return found.group(0) if found else ""



if __name__ == "__main__":
    raise SystemExit(main())
