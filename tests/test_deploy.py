"""deploy/: the cron wrapper mails one truthful line, and the crontab install keeps the user's other entries."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.conftest import ROOT
from tests.test_bad_input import closed_port

NIGHTLY = ROOT / "deploy" / "qpdp-nightly"


def _nightly(tmp_path: Path, log_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    qpdp = tmp_path / "qpdp"
    qpdp.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m archive.cli "$@"\n')
    qpdp.chmod(0o755)
    config = tmp_path / "broken.yaml"
    config.write_text(yaml.safe_dump({"settings": {"RETRY_TIMES": 0, "DOWNLOAD_DELAY": 0}, "sources": [
        {"id": "broken-test", "name": "Cổng thử hỏng", "level": "commune",
         "start_urls": [f"http://127.0.0.1:{closed_port()}/"]}]}, allow_unicode=True), encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(ROOT), "QPDP_HOME": str(ROOT), "QPDP_LOG_DIR": str(log_dir),
           "QPDP_CONFIG": str(config), "QPDP_DB": str(tmp_path / "alert-test.db"), "QPDP_BIN": str(qpdp)}
    return subprocess.run(["sh", str(NIGHTLY), *args], capture_output=True, text=True, env=env, timeout=300, check=False)


def test_a_broken_source_mails_one_line_with_exit_3(tmp_path: Path) -> None:
    logs = tmp_path / "log"
    logs.mkdir()
    result = _nightly(tmp_path, logs, "--broken-after", "1")
    assert result.returncode == 3, result.stdout + result.stderr
    assert result.stderr == ""
    assert result.stdout.splitlines() == [
        "qpdp crawl exited with code 3 (a source is BROKEN): BROKEN: 1 source(s) failed 1+ runs in a row: broken-test "
        f"(1 runs); see `qpdp status`; log: {logs}/crawl.log; health: qpdp status --db {tmp_path}/alert-test.db"]
    assert "source broken-test: " in (logs / "crawl.log").read_text(encoding="utf-8")


def test_a_missing_log_directory_is_named(tmp_path: Path) -> None:
    result = _nightly(tmp_path, tmp_path / "no-such-dir")
    assert result.returncode == 1
    user = subprocess.run(["id", "-un"], capture_output=True, text=True, check=True).stdout.strip()
    assert result.stdout.splitlines() == [f"qpdp nightly: cannot write {tmp_path}/no-such-dir/crawl.log as user {user}: "
                                          f"create {tmp_path}/no-such-dir owned by {user} (deploy/README.md, step 2)"]


@pytest.mark.parametrize("existing", ["", "MAILTO=me@example.org\n0 * * * * backup\n",
                                      "0 * * * * backup\n# qpdp-archive cron jobs old\n17 2 * * * old-crawl\n# end qpdp-archive\n@reboot x\n"])
def test_crontab_install_pipeline_keeps_other_entries(existing: str) -> None:
    readme = (ROOT / "deploy" / "README.md").read_text(encoding="utf-8")
    assert "sed '/^# qpdp-archive cron jobs/,/^# end qpdp-archive/d'" in readme
    script = (f"printf '%s' \"$EXISTING\" | sed '/^# qpdp-archive cron jobs/,/^# end qpdp-archive/d'; "
              f"cat {ROOT / 'deploy' / 'crontab'}")
    merged = subprocess.run(["sh", "-c", script], capture_output=True, text=True, env={**os.environ, "EXISTING": existing},
                            check=True).stdout
    ours = (ROOT / "deploy" / "crontab").read_text(encoding="utf-8")
    assert merged.count("qpdp-nightly") == 1 and merged.endswith(ours) and "old-crawl" not in merged
    for line in existing.splitlines():
        if "old" not in line and "qpdp-archive" not in line:
            assert line in merged
