"""The cycle collector is held off only while a block runs, nests, and always comes back on."""

from __future__ import annotations

import gc

import pytest

from cybercheck.collector import held_off


def test_the_collector_is_back_on_afterwards_even_after_an_error() -> None:
    assert gc.isenabled()
    with held_off():
        assert not gc.isenabled()
        with held_off():  # nested: the inner one leaves it off
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()
    with pytest.raises(RuntimeError), held_off():
        raise RuntimeError
    assert gc.isenabled()


def test_a_collector_that_was_off_stays_off() -> None:
    gc.disable()
    try:
        with held_off():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()
