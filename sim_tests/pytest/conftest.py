import os
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def gicsim():
    exe = os.environ.get("GICSIM", str(ROOT / "build" / "gicsim"))
    if not Path(exe).exists():
        pytest.fail(f"gicsim executable not found at {exe}; build first")

    def run(*args, timeout=300):
        return subprocess.run([exe, *map(str, args)], capture_output=True, text=True,
                              timeout=timeout)

    return run
