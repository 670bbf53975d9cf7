"""What the forkserver of searchkit's worker processes loads before it forks any
(``searchkit.segments.context``): the indexer, so that workers start without importing it, and
SIGTERM ignored.

SIGTERM sent to the whole process group (systemd stopping a service, ``kill -- -PGID``) is left
to the main process, which stops its workers itself: the forkserver ignores it, as it does
Ctrl-C, and so does every worker forked from it, from its first instruction. When the
forkserver died of it, every worker looked dead to the cleaning pool, whose shutdown then hung
(QA). The forkserver still exits when the main process is gone. (Started from the main thread,
it ignores both from birth: ``searchkit.segments._start_forkserver``.)
"""

import signal

import searchkit.indexer  # noqa: F401  # preloaded

signal.signal(signal.SIGTERM, signal.SIG_IGN)
