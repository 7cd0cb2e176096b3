"""`python -m bot.serving.action_server --actions actions --port N`: Rasa SDK's action server,
started without TensorFlow.

Rasa puts TensorFlow in the same environment, and spaCy's `thinc` imports it at start-up
whenever it is installed (thinc/compat.py), only to offer it as a backend that nothing in the
action server uses. That import was about 420 MB of the action server's memory (issue #18,
docs/benchmarks.md). Marking the module absent before anything imports spaCy keeps it out;
thinc then carries on without it, as on a machine without TensorFlow, and redaction reads the
same (tests/actions/test_action_server_process.py). Only this process does it: the Rasa server
and the tests, which load models that need TensorFlow, import it as usual.

It loads the data the actions read before the server starts (bot/serving/preload.py), so its
readiness check answers only once the first turn is as quick as any other.
"""

from __future__ import annotations

import runpy
import sys

sys.modules["tensorflow"] = None  # type: ignore[assignment]  # `import tensorflow` now fails

if __name__ == "__main__":
    from bot.serving.preload import load_what_the_actions_read

    load_what_the_actions_read()
    runpy.run_module("rasa_sdk", run_name="__main__", alter_sys=True)
