"""A TCP forwarder in front of a real server that can make it look down or slow.

- up: forwards both ways;
- down: nothing listens on the port any more (connection refused), as when the server died;
- stall: connections are accepted and read, but nothing ever comes back, as when the server
  hangs.
The server behind it is the project's real one, untouched; only the wire is switched.
"""

from __future__ import annotations

import contextlib
import socket
import threading

from tests.databases import forward

UP, DOWN, STALL = "up", "down", "stall"


class SwitchableProxy:
    def __init__(self, target_port: int, target_host: str = "127.0.0.1") -> None:
        self.target = (target_host, target_port)
        self.mode = UP
        self._lock = threading.Lock()
        self._sockets: list[socket.socket] = []
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port = self._listener.getsockname()[1]
        self._serve(self._listener)

    def _serve(self, listener: socket.socket) -> None:
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()

    def _accept(self, listener: socket.socket) -> None:
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return
            with self._lock:
                self._sockets.append(client)
                mode = self.mode
            if mode == STALL:
                threading.Thread(target=self._swallow, args=(client,), daemon=True).start()
                continue
            try:
                upstream = socket.create_connection(self.target, timeout=5)
            except OSError:
                client.close()
                continue
            upstream.settimeout(None)
            with self._lock:
                self._sockets.append(upstream)
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=forward, args=(a, b), daemon=True).start()

    @staticmethod
    def _swallow(client: socket.socket) -> None:
        with contextlib.suppress(OSError):
            while client.recv(65536):
                pass

    def _drop_connections(self) -> None:
        with self._lock:
            sockets, self._sockets = self._sockets, []
        for sock in sockets:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
            sock.close()

    def switch(self, mode: str) -> None:
        """Change mode; open connections are dropped, so nothing carries over."""
        if mode not in (UP, DOWN, STALL):
            raise ValueError(mode)
        if mode == self.mode:
            return
        if self.mode == DOWN:  # listen again, on the same port
            self._listener = socket.create_server(("127.0.0.1", self.port))
            self._serve(self._listener)
        with self._lock:
            self.mode = mode
        if mode == DOWN:  # shutdown first: close alone leaves a thread's accept() listening
            with contextlib.suppress(OSError):
                self._listener.shutdown(socket.SHUT_RDWR)
            self._listener.close()
        self._drop_connections()

    def close(self) -> None:
        self.switch(DOWN)
