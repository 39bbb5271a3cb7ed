"""A stand-in service for the dev stack's process tests: answers GET /health on --port.

--long-line N   print a line of N bytes before serving and on every /health request
--ignore-sigterm  keep running on SIGTERM (a hung shutdown)
--exit-after S --code C   exit with code C, S seconds after it started serving
--grandchild    start a `sleep` worker first (same process group and stdout); print its pid
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--long-line", type=int, default=0)
    parser.add_argument("--ignore-sigterm", action="store_true")
    parser.add_argument("--exit-after", type=float, default=None)
    parser.add_argument("--code", type=int, default=1)
    parser.add_argument("--grandchild", action="store_true")
    args = parser.parse_args()

    if args.ignore_sigterm:
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
    if args.grandchild:
        worker = subprocess.Popen(["sleep", "600"])
        print(f"worker pid {worker.pid}", flush=True)
    long_line = "x" * args.long_line

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            if long_line:
                print(long_line, flush=True)  # blocks while nobody drains the pipe
            print(f"GET {self.path}", flush=True)
            self.send_response(200)
            self.send_header("content-type", "application/json")
            self.end_headers()
            self.wfile.write(b'{"status": "healthy"}')

        def log_message(self, *_args: object) -> None:
            pass

    if long_line:
        print(long_line, flush=True)
    server = ThreadingHTTPServer(("127.0.0.1", args.port), Handler)
    print(f"serving on {args.port} as pid {os.getpid()}", flush=True)
    if args.exit_after is not None:
        timer = threading.Timer(args.exit_after, lambda: os._exit(args.code))
        timer.start()
    server.serve_forever()


if __name__ == "__main__":
    sys.exit(main())
