"""The README's examples are what the binary prints now (issue 16): the test
regenerates them with scripts/readme_examples.py and compares."""
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_readme_examples_are_current():
    gicsim = os.environ.get("GICSIM", str(ROOT / "build" / "gicsim"))
    r = subprocess.run([sys.executable, str(ROOT / "scripts" / "readme_examples.py"), "--check",
                        "--gicsim", gicsim], capture_output=True, text=True, timeout=900)
    assert r.returncode == 0, r.stderr


def test_a_stale_example_is_found(tmp_path):
    import importlib.util
    spec = importlib.util.spec_from_file_location("rex", ROOT / "scripts" / "readme_examples.py")
    rex = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(rex)
    text = "<!-- gicsim-example: main-job -->\n```\nold\n```\n<!-- /gicsim-example -->\n"
    m = next(rex.BLOCK.finditer(text))
    assert m.group("name") == "main-job" and m.group("body") == "```\nold\n```\n"
    # Host-time figures are not compared; everything else is.
    a = "x 1.000 s simulated in 0.20 s\n  delivered 5 (1.01 M per host second)"
    b = "x 1.000 s simulated in 9.99 s\n  delivered 5 (0.50 M per host second)"
    assert rex.normalise(a) == rex.normalise(b)
    assert rex.normalise(a) != rex.normalise(a.replace("delivered 5", "delivered 6"))
