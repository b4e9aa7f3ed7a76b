"""scripts/audit.py fails on a known vulnerability with a fix, and only warns when the
advisories cannot be reached (unless AUDIT_STRICT=1)."""

import importlib.util
import json
import subprocess
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "audit.py"


@pytest.fixture
def audit():
    spec = importlib.util.spec_from_file_location("audit_script", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _answers(monkeypatch, *, npm: dict, pip: dict):
    def run(args, **kwargs):
        if "audit" in args[1:2]:
            return subprocess.CompletedProcess(args, 1, stdout=json.dumps(npm), stderr="")
        if "export" in args:
            return subprocess.CompletedProcess(args, 0, stdout="", stderr="")
        return subprocess.CompletedProcess(args, 1, stdout=json.dumps(pip), stderr="")

    monkeypatch.setattr(subprocess, "run", run)


NPM_CLEAN = {"vulnerabilities": {}, "metadata": {"vulnerabilities": {"high": 0, "critical": 0}}}
NPM_UNREACHABLE = {"statusCode": 405, "error": {"summary": ""}}
PIP_CLEAN = {"dependencies": [{"name": "django", "version": "5.2.9", "vulns": []}]}
PIP_FOUND = {
    "dependencies": [
        {
            "name": "django",
            "version": "5.2.0",
            "vulns": [{"id": "PYSEC-2025-1", "fix_versions": ["5.2.1"]}],
        }
    ]
}
PIP_UNREACHABLE = {
    "dependencies": [{"name": "amqp", "version": "5.4.2", "skip_reason": "not found on PyPI"}]
}


def test_it_passes_when_nothing_is_known(audit, monkeypatch):
    _answers(monkeypatch, npm=NPM_CLEAN, pip=PIP_CLEAN)
    monkeypatch.setattr("sys.argv", ["audit.py", "uv", "2.10.1"])
    assert audit.main() == 0


def test_it_fails_on_a_vulnerability_with_a_fix(audit, monkeypatch, capsys):
    _answers(monkeypatch, npm=NPM_CLEAN, pip=PIP_FOUND)
    monkeypatch.setattr("sys.argv", ["audit.py", "uv", "2.10.1"])
    assert audit.main() == 1
    assert "django 5.2.0: PYSEC-2025-1 (fixed in 5.2.1)" in capsys.readouterr().out


def test_it_warns_but_passes_when_the_advisories_cannot_be_reached(audit, monkeypatch, capsys):
    _answers(monkeypatch, npm=NPM_UNREACHABLE, pip=PIP_UNREACHABLE)
    monkeypatch.setattr("sys.argv", ["audit.py", "uv", "2.10.1"])
    assert audit.main() == 0
    assert capsys.readouterr().out.count("could not be reached") == 2
    audit.STRICT = True
    assert audit.main() == 1
