"""The ``searchkit`` command (``python -m searchkit`` too).

Ctrl-C and SIGTERM stop it with one line from its first instant: its modules take most of a
second to load, and one pressed meanwhile printed a traceback (QA). Once loaded, the CLI
takes them over (``searchkit.cli``).
"""

import os
import signal
from typing import Any


def main() -> None:
    """Run the CLI."""
    for stop in (signal.SIGINT, signal.SIGTERM):
        signal.signal(stop, _stopped_loading)
    from searchkit.cli import app  # after the handlers: it loads for long

    app(prog_name="searchkit")


def _stopped_loading(signum: int, frame: Any) -> None:
    """Stop at once: nothing is open or written yet. The status is the CLI's: 130 for Ctrl-C,
    143 for SIGTERM."""
    terminated = signum == signal.SIGTERM
    os.write(2, b"Error: terminated\n" if terminated else b"Error: interrupted\n")
    os._exit(143 if terminated else 130)


if __name__ == "__main__":
    main()
