"""Long-running servers: keep Python's garbage collector off what was loaded at start-up.

A server's start-up leaves a large heap that lives as long as the process: the trained model
(TensorFlow, spaCy, scikit-learn), the redactor, the routing directory. Python's full
(generation 2) collections walk every one of those objects each time; under load on this
machine that meant pauses of 400-640 ms in the Rasa server and the action server, felt by
every resident waiting at that moment. `freeze_long_lived_objects()` moves everything alive
now into a permanent generation that collections skip; objects made while serving are still
collected as usual. Call it once start-up is over.
"""

from __future__ import annotations

import gc

_frozen = False


def freeze_long_lived_objects() -> bool:
    """Collect once, then freeze the survivors. Only the first call in a process does anything;
    True if it was this one."""
    global _frozen
    if _frozen:
        return False
    gc.collect()
    gc.freeze()
    _frozen = True
    return True


def frozen_object_count() -> int:
    return gc.get_freeze_count()
