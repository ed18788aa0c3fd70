"""How long ``hubgen serve`` takes from saving a page to telling the browser to reload.

The server runs on a free loopback port. Once it serves the first build, a
websocket client speaks the livereload protocol to it (``hello``, then ``info``,
which makes it a waiting browser), and each edit appends a sentence to one
page and times the arrival of the ``reload`` message. livereload drops a
reload that comes less than 3 s after the previous one, so edits are spaced
3.5 s after the last reload.
"""

from __future__ import annotations

import asyncio
import json
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from tornado.websocket import websocket_connect

from bench.project import MARKER, Project

GAP_S = 3.5  # livereload ignores reloads within 3 s of the last one
HELLO = {"command": "hello", "protocols": ["http://livereload.com/protocols/official-7"]}


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def wait_until_served(server: subprocess.Popen[bytes], url: str, timeout: float) -> None:
    """Wait until ``url`` answers with a page built through the bench layout."""
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # loopback only
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"hubgen serve stopped with exit status {server.returncode}")
        try:
            with opener.open(url, timeout=5) as answer:
                if MARKER in answer.read().decode("utf-8", "replace"):
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.2)
    raise SystemExit(f"hubgen serve did not serve {url} within {timeout:.0f} s")


async def _time_reloads(project: Project, port: int, edits: int, timeout: float) -> list[float]:
    arrivals: asyncio.Queue[tuple[float, dict[str, object]]] = asyncio.Queue()
    last_reload = time.perf_counter()

    def received(message: str | bytes | None) -> None:
        nonlocal last_reload
        if message is None:  # the server closed the connection
            arrivals.put_nowait((time.perf_counter(), {"command": "closed"}))
            return
        data = json.loads(message)
        if data.get("command") == "reload":
            last_reload = time.perf_counter()
        arrivals.put_nowait((time.perf_counter(), data))

    home = f"http://127.0.0.1:{port}/"
    socket_url = f"ws://127.0.0.1:{port}/livereload"
    connection = await websocket_connect(socket_url, on_message_callback=received)
    try:
        await connection.write_message(json.dumps(HELLO))
        _, answer = await asyncio.wait_for(arrivals.get(), timeout=10)
        if answer.get("command") != "hello":
            raise SystemExit(f"livereload answered {answer!r} to hello")
        await connection.write_message(json.dumps({"command": "info", "url": home}))
        latencies = []
        for number in range(edits):
            # Let any reload in flight arrive, and keep clear of livereload's 3 s window.
            while (wait := last_reload + GAP_S - time.perf_counter()) > 0 or not arrivals.empty():
                await asyncio.sleep(max(wait, 0))
                while not arrivals.empty():
                    arrivals.get_nowait()
            written = time.perf_counter()
            project.edit(number, offset=len(project.pages) // 2)
            while True:
                arrived, message = await asyncio.wait_for(arrivals.get(), timeout=timeout)
                if message.get("command") == "closed":
                    raise SystemExit("the livereload connection closed")
                if message.get("command") == "reload":
                    break
            latencies.append(arrived - written)
            print(
                f"  edit {number + 1}: reload after {1000 * latencies[-1]:.0f} ms", file=sys.stderr
            )
        return latencies
    finally:
        connection.close()


def stop(server: subprocess.Popen[bytes]) -> None:
    """Ctrl+C, as a person would; a kill only if it has not stopped 15 s later."""
    if server.poll() is not None:
        return
    server.send_signal(signal.SIGINT)
    try:
        server.wait(timeout=15)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()


def serve_latencies(project: Project, edits: int, log: Path, timeout: float) -> list[float]:
    """Start the server, time ``edits`` edit-to-reload round trips, stop the server."""
    port = free_port()
    first = project.pages[0]
    page_url = f"http://127.0.0.1:{port}/{first.state}/{first.slug}/"
    with log.open("ab") as output:
        server = subprocess.Popen(
            project.serve_command(port),
            cwd=project.root,
            stdin=subprocess.DEVNULL,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
        try:
            wait_until_served(server, page_url, timeout)
            return asyncio.run(_time_reloads(project, port, edits, timeout))
        finally:
            stop(server)
