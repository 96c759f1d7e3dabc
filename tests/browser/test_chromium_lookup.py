"""The browser fixture's Chromium lookup: PATH first, Debian's path next, else a failure."""

from pathlib import Path

import pytest

from tests.browser import conftest


def test_chromium_on_path_comes_first(monkeypatch, tmp_path):
    chromium = tmp_path / "chromium"
    chromium.write_text("#!/bin/sh\n")
    monkeypatch.setattr(conftest.shutil, "which", lambda name: str(chromium))

    assert conftest.require_chromium() == chromium


def test_debian_chromium_is_the_fallback(monkeypatch, tmp_path):
    debian = tmp_path / "usr-bin-chromium"
    debian.write_text("#!/bin/sh\n")
    monkeypatch.setattr(conftest.shutil, "which", lambda name: None)
    monkeypatch.setattr(conftest, "DEBIAN_CHROMIUM", debian)

    assert conftest.require_chromium() == debian


def test_a_missing_chromium_fails_instead_of_skipping(monkeypatch, tmp_path):
    monkeypatch.setattr(conftest.shutil, "which", lambda name: None)
    monkeypatch.setattr(conftest, "DEBIAN_CHROMIUM", tmp_path / "missing")

    with pytest.raises(pytest.fail.Exception, match="No chromium on PATH"):
        conftest.require_chromium()


def test_the_default_fallback_is_debians_path():
    assert Path("/usr/bin/chromium") == conftest.DEBIAN_CHROMIUM
