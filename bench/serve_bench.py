"""Dev-server latency: p50 and p95 over 1,000 requests to one page, after the first (which parses it).

    python bench/serve_bench.py [--url /experience/] [--requests 1000]

Runs the real app (`create_app()`, content watching on, as under `flask run`) in Werkzeug's threaded server
on 127.0.0.1 and times each request from a keep-alive HTTP client in this process.
"""
from __future__ import annotations

import argparse
import http.client
import logging
import statistics
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from werkzeug.serving import make_server  # noqa: E402

from folio import create_app  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default="/experience/")
    parser.add_argument("--requests", type=int, default=1000)
    args = parser.parse_args()
    logging.getLogger("werkzeug").setLevel(logging.ERROR)  # no line per request
    server = make_server("127.0.0.1", 0, create_app(), threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    connection = http.client.HTTPConnection("127.0.0.1", server.server_port)

    def get() -> float:
        started = time.perf_counter()
        connection.request("GET", args.url)
        response = connection.getresponse()
        body = response.read()
        elapsed = time.perf_counter() - started
        if response.status != 200:
            sys.exit(f"{args.url}: HTTP {response.status}")
        return elapsed, len(body)

    first, size = get()
    times = sorted(get()[0] for _ in range(args.requests))
    p95 = times[int(0.95 * len(times)) - 1]
    print(f"{args.url}: first request {first * 1000:.1f} ms ({size:,} B); over {args.requests} more: "
          f"p50 {statistics.median(times) * 1000:.2f} ms, p95 {p95 * 1000:.2f} ms, max {times[-1] * 1000:.2f} ms")
    server.shutdown()


if __name__ == "__main__":
    main()
