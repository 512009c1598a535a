#!/usr/bin/env python3
"""`make bench`: runs every tests/bench_*.py in turn; each prints its own figures."""

import glob
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
failed = []
for script in sorted(glob.glob(os.path.join(HERE, "bench_*.py"))):
    name = os.path.basename(script)[len("bench_"):-3]
    print(f"== {name}", flush=True)
    if subprocess.run([sys.executable, script]).returncode != 0:
        failed.append(name)
if failed:
    print(f"bench: failed: {', '.join(failed)}")
    sys.exit(1)
