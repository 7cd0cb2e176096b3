"""`make audit`: known vulnerabilities in the pinned dependencies (requirements.lock), by pip-audit.

pip-audit runs from its own virtual environment (build/audit-venv, pinned in
scripts/audit-requirements.txt), because it needs a newer `packaging` than Rasa 3.6 allows in
the project's. It asks PyPI's vulnerability data about every pinned package, so it needs the
network at run time. When the data cannot be had (no network, or a PyPI mirror that does not
serve per-release metadata, as on the project's build machines), pip-audit itself reports
"No known vulnerabilities found" while skipping every package; this script says instead how
many packages could not be audited, and exits 3, so an audit that did not happen never passes.

Report: build/audit/pip-audit.json (pip-audit's own) and build/audit/report.txt.
Exit status: 0 all audited, none vulnerable; 1 vulnerabilities found; 3 could not audit.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "build" / "audit"
PIP_AUDIT = ROOT / "build" / "audit-venv" / "bin" / "pip-audit"
LOCK = ROOT / "requirements.lock"


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    raw = OUT / "pip-audit.json"
    run = subprocess.run(
        [
            str(PIP_AUDIT),
            "--requirement",
            str(LOCK),
            "--no-deps",  # requirements.lock already pins every transitive package
            "--disable-pip",
            "--progress-spinner",
            "off",
            "--format",
            "json",
            "--output",
            str(raw),
        ],
        capture_output=True,
        text=True,
    )
    if not raw.exists():
        print(run.stderr[-3000:], file=sys.stderr)
        print("make audit: pip-audit did not run (see above)", file=sys.stderr)
        return 3
    result = json.loads(raw.read_text(encoding="utf-8"))
    packages = result.get("dependencies", [])
    skipped = [p for p in packages if p.get("skip_reason")]
    vulnerable = [p for p in packages if p.get("vulns")]
    audited = len(packages) - len(skipped)
    lines = [
        f"pip-audit over {LOCK.name}: {len(packages)} pinned packages, {audited} audited, "
        f"{len(skipped)} could not be audited, {len(vulnerable)} with known vulnerabilities.",
    ]
    for package in vulnerable:
        for vuln in package["vulns"]:
            fixes = ", ".join(vuln.get("fix_versions") or []) or "no fix yet"
            lines.append(
                f"  {package['name']} {package['version']}: {vuln['id']} (fixed in {fixes})"
            )
    if skipped:
        reasons = sorted({p["skip_reason"].split(":")[0] for p in skipped})
        lines.append(
            f"  not audited: {', '.join(p['name'] for p in skipped[:10])}"
            + (" ..." if len(skipped) > 10 else "")
        )
        lines.append(f"  why: {'; '.join(reasons)}")
    if packages and len(skipped) == len(packages):
        lines.append(
            "NOT AUDITED: the vulnerability data could not be reached from this machine (PyPI's "
            "per-release JSON, which pip-audit reads, is not served here). Run `make audit` "
            "where pypi.org is reachable; nothing above means the dependencies are safe."
        )
    text = "\n".join(lines) + "\n"
    (OUT / "report.txt").write_text(text, encoding="utf-8")
    print(text, end="")
    print(f"report: {OUT / 'report.txt'} (pip-audit's JSON: {raw})")
    if skipped:
        return 3
    return 1 if vulnerable else 0


if __name__ == "__main__":
    sys.exit(main())
