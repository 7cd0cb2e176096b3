"""Servers freeze their start-up heap once, so full collections stop walking the model."""

from __future__ import annotations

import gc
import weakref

from bot.serving.heap import freeze_long_lived_objects, frozen_object_count


def test_the_start_up_heap_is_frozen_once_and_new_objects_are_still_collected() -> None:
    freeze_long_lived_objects()  # this process may have frozen already (importing `actions` does)
    frozen = frozen_object_count()
    assert frozen > 0
    assert freeze_long_lived_objects() is False  # later calls do nothing
    assert frozen_object_count() == frozen

    class Cycle:
        pass

    made_after = Cycle()
    made_after.self = made_after  # garbage only a collection can free
    tracked = weakref.ref(made_after)
    del made_after
    gc.collect()
    assert tracked() is None
