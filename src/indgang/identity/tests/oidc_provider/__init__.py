"""A real OpenID provider for the login tests: node-oidc-provider (npm) run by
``provider.mjs`` on 127.0.0.1, started, stopped and restarted by the tests.

Nothing is downloaded at test time: the package comes from the project's
``node_modules`` (``npm ci`` in ``make test``).
"""

from __future__ import annotations

import json
import os
import select
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Any

from django.conf import settings

SCRIPT = Path(__file__).resolve().parent / "provider.mjs"
START_TIMEOUT_SECONDS = 20


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class LocalProvider:
    """One provider on one port; ``start(**changes)`` (re)starts it with a
    changed configuration, as an operator would, keeping the port."""

    def __init__(self, config: dict[str, Any]) -> None:
        self.port = free_port()
        self.issuer = f"http://127.0.0.1:{self.port}"
        self.config = {**config, "port": self.port, "issuer": self.issuer}
        self.process: subprocess.Popen[bytes] | None = None
        self.log = tempfile.NamedTemporaryFile(prefix="oidc-provider-", suffix=".log")  # noqa: SIM115

    def start(self, **changes: Any) -> LocalProvider:
        self.stop()
        self.config.update(changes)
        node = shutil.which("node")
        assert node, "the login tests need Node.js (node) on PATH"
        module = Path(settings.NODE_MODULES) / "oidc-provider" / "lib" / "index.js"
        assert module.exists(), f"{module} is missing: run npm ci"
        self.process = subprocess.Popen(
            [node, str(SCRIPT), json.dumps(self.config)],
            stdout=subprocess.PIPE,
            stderr=self.log,
            env={**os.environ, "OIDC_PROVIDER_MODULE": module.as_uri()},
        )
        assert self.process.stdout is not None
        deadline = time.monotonic() + START_TIMEOUT_SECONDS
        while time.monotonic() < deadline:
            ready, _, _ = select.select([self.process.stdout], [], [], 0.2)
            if ready:
                line = self.process.stdout.readline().decode()
                if line.startswith("ready"):
                    return self
            if self.process.poll() is not None:
                break
        self.stop()
        self.log.seek(0)
        raise RuntimeError(f"the OIDC provider did not start:\n{self.log.read().decode()}")

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
            if self.process.stdout is not None:
                self.process.stdout.close()
            self.process = None

    def output(self) -> str:
        """What the provider wrote to stderr: its warnings and every refusal."""
        self.log.flush()
        return Path(self.log.name).read_text()

    def close(self) -> None:
        self.stop()
        self.log.close()
