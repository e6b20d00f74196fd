"""python -m offline_data build [names...]: fills the cache (all sets by default) and prints where."""

import sys
import time

from . import GENERATORS, get


def main(argv: list[str]) -> int:
    if not argv or argv[0] != "build":
        print(__doc__)
        return 2
    for name in argv[1:] or sorted(GENERATORS):
        started = time.monotonic()
        path = get(name)
        print(f"offline_data: {name}: {path} ({time.monotonic() - started:.1f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
