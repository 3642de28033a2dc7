"""Turning sources into `Article`s: files and directories today; feeds and pages later."""

from veille.ingest.files import read_inputs, read_path

__all__ = ["read_inputs", "read_path"]
