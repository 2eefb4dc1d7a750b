"""Coverage-guided fuzzing of one target with atheris (libFuzzer), for `make fuzz`.

    python tests/fuzz/run_atheris.py TARGET [libFuzzer options, e.g. -max_total_time=60]

TARGET is a name from `targets.TARGETS`. The corpus starts from real inputs (`seed_corpus`)
in `FUZZ_DIR/TARGET` (default: a `.fuzz` folder in the repo root, hidden and ignored by
discovery), where libFuzzer also keeps what it learns between runs; a crashing input is saved
under `FUZZ_DIR/crashes/` and the run exits non-zero. An input that runs past 10 s counts as
a crash too: textclean must never hang.
"""

from __future__ import annotations

import hashlib
import os
import sys
from pathlib import Path

try:
    import atheris
except ImportError:  # pragma: no cover - depends on the environment
    sys.exit("atheris is not installed: pip install -e '.[fuzz]' (needs Linux or macOS, CPython >= 3.8)")

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

with atheris.instrument_imports(include=["textclean"]):
    from fuzz.targets import TARGETS, seed_corpus


def main() -> None:
    if len(sys.argv) < 2 or sys.argv[1] not in TARGETS:
        sys.exit(f"usage: {sys.argv[0]} TARGET [libFuzzer options]; TARGET is one of: {', '.join(TARGETS)}")
    name = sys.argv[1]
    root = Path(os.environ.get("FUZZ_DIR", HERE.parents[1] / ".fuzz"))
    corpus = root / name
    crashes = root / "crashes"
    corpus.mkdir(parents=True, exist_ok=True)
    crashes.mkdir(parents=True, exist_ok=True)
    for seed in seed_corpus(name):
        (corpus / hashlib.sha1(seed).hexdigest()).write_bytes(seed)
    args = [sys.argv[0], *sys.argv[2:], "-timeout=10", f"-artifact_prefix={crashes}/{name}-", str(corpus)]
    atheris.Setup(args, TARGETS[name])
    atheris.Fuzz()


if __name__ == "__main__":
    main()
