"""A webhook receiver on loopback for the tests: a real HTTP server in a thread that records
every POST (headers and body), can answer an error ``failures`` times first, answer a fixed
``status``, redirect, or hold a request until released (a worker killed mid-delivery)."""

import http.server
import socket
import threading
import time


class Receiver:
    def __init__(self, *, failures=0, status=204, redirect_to="", hold=False):
        self.failures = failures
        self.status = status
        self.redirect_to = redirect_to
        self.hold = hold
        self.holding = threading.Event()
        self.released = threading.Event()
        self.received = []  # accepted: (headers dict, body bytes)
        self.refused = 0
        self.hits = 0
        receiver = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 - http.server's hook
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                receiver.hits += 1
                if receiver.hold and not receiver.released.is_set():
                    receiver.holding.set()
                    receiver.released.wait(60)
                    self.send_response(503)
                    self.end_headers()
                    return
                if receiver.redirect_to:
                    self.send_response(302)
                    self.send_header("Location", receiver.redirect_to)
                    self.end_headers()
                    return
                if receiver.refused < receiver.failures:
                    receiver.refused += 1
                    self.send_response(503)
                    self.end_headers()
                    return
                receiver.received.append(({k.lower(): v for k, v in self.headers.items()}, body))
                self.send_response(receiver.status)
                self.end_headers()
                self.wfile.write(b"ignored body")

            def log_message(self, *args):
                pass

        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        self.url = f"http://127.0.0.1:{self.port}/hook"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.released.set()
        self.server.shutdown()
        self.server.server_close()

    def wait_for(self, count, timeout=60):
        """Wait until ``count`` deliveries were accepted (a loop with a generous ceiling)."""
        deadline = time.monotonic() + timeout
        while len(self.received) < count and time.monotonic() < deadline:
            time.sleep(0.05)
        return list(self.received)
