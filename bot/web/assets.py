"""Front-end files installed from npm (web/package.json, `npm ci` run by make), served by path.

Only these folders are served, so nothing else under node_modules is reachable."""

from __future__ import annotations

from pathlib import Path

from bot import paths

NODE_MODULES = paths.PROJECT_ROOT / "web" / "node_modules"
VENDOR_DIRS: dict[str, Path] = {
    "govuk": NODE_MODULES / "govuk-frontend" / "dist" / "govuk",
    "socket.io": NODE_MODULES / "socket.io-client" / "dist",
}
# The project's stylesheet, compiled from web/scss by make (GOV.UK Frontend with Arial).
BUILT_DIR = paths.BUILD_DIR / "web"
AXE_SCRIPT = NODE_MODULES / "axe-core" / "axe.min.js"  # used by the browser tests only


def missing() -> list[Path]:
    folders = [*VENDOR_DIRS.values(), BUILT_DIR]
    return [folder for folder in folders if not folder.is_dir()]
