"""Renderers: a Report in, text out. They compute nothing and decide nothing."""

from __future__ import annotations

from collections.abc import Callable

from textclean.render import console, json
from textclean.report import Report

RENDERERS: dict[str, Callable[[Report], str]] = {
    "text": console.render,
    "json": json.render,
}
