"""`python -m rosetta` and the `rosetta` command: Ctrl-C while the CLI is still importing prints one line too."""

import sys


def run() -> int:
    try:
        from .cli import main
    except KeyboardInterrupt:
        print("rosetta: interrupted", file=sys.stderr)
        return 130
    return main()


if __name__ == "__main__":
    raise SystemExit(run())
