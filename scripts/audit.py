"""Known vulnerabilities in what we ship: npm's advisories for the front end, PyPI's (through
pip-audit) for every package in uv.lock. Fails on a finding. Where the advisories cannot be
reached at all (a network that reaches only the package downloads), it says so loudly and
does not fail: a check that cannot ask has found nothing, which is not the same as a finding.
Set AUDIT_STRICT=1 to fail then too.

Usage: python scripts/audit.py UV PIP_AUDIT_VERSION
"""

import json
import os
import shutil
import subprocess
import sys
import tempfile

STRICT = os.environ.get("AUDIT_STRICT") == "1"


def npm() -> tuple[bool, bool]:
    """(found a vulnerability, could ask)."""
    run = subprocess.run(  # noqa: S603 - fixed arguments
        [shutil.which("npm") or "npm", "audit", "--json", "--omit=dev", "--audit-level=high"],
        capture_output=True,
        text=True,
    )
    try:
        report = json.loads(run.stdout or "{}")
    except json.JSONDecodeError:
        return False, False
    if "statusCode" in report or ("error" in report and "metadata" not in report):
        return False, False
    counts = report.get("metadata", {}).get("vulnerabilities", {})
    found = counts.get("high", 0) + counts.get("critical", 0)
    for name, advisory in report.get("vulnerabilities", {}).items():
        if advisory.get("severity") in ("high", "critical"):
            print(f"  npm: {name} ({advisory['severity']})")
    return found > 0, True


def pip(uv: str, version: str) -> tuple[bool, bool]:
    with tempfile.NamedTemporaryFile("w+", suffix=".txt") as requirements:
        subprocess.run(  # noqa: S603 - fixed arguments
            [
                uv,
                "export",
                "--frozen",
                "--format",
                "requirements-txt",
                "--quiet",
                "--output-file",
                requirements.name,
            ],
            check=True,
        )
        run = subprocess.run(  # noqa: S603 - fixed arguments
            [
                uv,
                "tool",
                "run",
                "--quiet",
                "--from",
                f"pip-audit=={version}",
                "pip-audit",
                "--requirement",
                requirements.name,
                "--require-hashes",
                "--disable-pip",
                "--format",
                "json",
                "--desc",
                "off",
            ],
            capture_output=True,
            text=True,
        )
    try:
        report = json.loads(run.stdout)
    except json.JSONDecodeError:
        print(run.stderr.strip()[-2000:])
        return False, False
    dependencies = report.get("dependencies", [])
    asked = [d for d in dependencies if "skip_reason" not in d]
    found = False
    for dependency in asked:
        for vuln in dependency.get("vulns", []):
            if vuln.get("fix_versions"):
                found = True
                print(
                    f"  pip: {dependency['name']} {dependency['version']}: {vuln['id']} "
                    f"(fixed in {', '.join(vuln['fix_versions'])})"
                )
    return found, bool(asked)


def main() -> int:
    uv, version = sys.argv[1], sys.argv[2]
    failed = False
    for name, check in (("npm audit", npm), ("pip-audit", lambda: pip(uv, version))):
        found, asked = check()
        if found:
            print(f"{name}: known vulnerabilities with a fix (above).")
            failed = True
        elif not asked:
            print(f"{name}: WARNING: the advisories could not be reached, so nothing was checked.")
            failed = failed or STRICT
        else:
            print(f"{name}: no known vulnerabilities with a fix.")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
