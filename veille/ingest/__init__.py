"""Turning sources into `Article`s: files and directories today; feeds and pages later."""

from veille.ingest.files import count_inputs, read_inputs, read_path

__all__ = ["count_inputs", "read_inputs", "read_path"]
