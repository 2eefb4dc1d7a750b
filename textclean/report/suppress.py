"""Suppressions: findings a team has decided to live with, each with a reason.

Datasets have no comments to hold a `noqa`, so suppressions live beside the data, in
`textclean-ignore.yaml` (the nearest one at or above the current folder, or `--suppressions
FILE`) or in the config's `[[tool.textclean.suppress]]` tables::

    - document: "archive/2019/*"   # a document id or a glob (fnmatch) over ids and file paths
      rule: BP                     # a rule code or prefix, a list of them, or "*"
      reason: "syndicated footer; the publisher strips it"   # required
      expires: 2027-03-31          # optional: after this date the run fails until it is renewed
    - document: "pages.jsonl"
      rule: MK001
      fingerprint: 9f86d081884c7d65  # optional: only this finding (see `--output-json`)
      reason: "the entity is quoted on purpose"

A suppressed finding is kept in the report (status `suppressed`, with the reason) but is not
`remaining`: it does not fail the run. `--show-suppressed` prints them. An entry that matched
nothing in a run is reported (and warned about), so the file does not keep dead entries. An
entry past its `expires` date stops the run before anything is read.

JSONL and Parquet records can also carry their own list (`--suppress-field FIELD`): codes or
prefixes, as a list or a comma-separated string, skipped for that record only.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Sequence
from dataclasses import dataclass
from fnmatch import fnmatchcase
from pathlib import Path
from typing import Any

from textclean.errors import ConfigError

IGNORE_FILE = "textclean-ignore.yaml"
_KEYS = {"document", "rule", "fingerprint", "reason", "expires"}


class SuppressionExpired(ConfigError):
    """A suppression is past its `expires` date: the decision it records must be made again."""


@dataclass(frozen=True, slots=True)
class Suppression:
    """One entry: which findings it skips, why, and until when."""

    document: str
    rules: tuple[str, ...]  # codes or prefixes; ("*",) for every rule
    reason: str
    fingerprint: str | None = None
    expires: dt.date | None = None
    where: str = ""  # "textclean-ignore.yaml:4", for messages

    def matches(self, doc_id: str, path: str, rule: str, fingerprint: str) -> bool:
        if self.fingerprint is not None and fingerprint != self.fingerprint:
            return False
        if not any(r == "*" or rule.startswith(r) for r in self.rules):
            return False
        return fnmatchcase(doc_id, self.document) or fnmatchcase(path, self.document)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"document": self.document, "rule": ",".join(self.rules),
                               "reason": self.reason}
        if self.fingerprint is not None:
            out["fingerprint"] = self.fingerprint
        if self.expires is not None:
            out["expires"] = self.expires.isoformat()
        out["where"] = self.where
        return out


def parse_entry(raw: Any, where: str) -> Suppression:
    """One validated entry (a mapping from YAML or TOML); ConfigError says what is wrong."""
    if not isinstance(raw, dict):
        raise ConfigError(f"{where}: a suppression is a mapping with document, rule and reason")
    unknown = set(raw) - _KEYS
    if unknown:
        raise ConfigError(f"{where}: unknown key(s) {', '.join(sorted(unknown))}; "
                          f"known: {', '.join(sorted(_KEYS))}")
    for key in ("document", "rule", "reason"):
        if not raw.get(key):
            raise ConfigError(f"{where}: a suppression needs `{key}`")
    given = raw["rule"] if isinstance(raw["rule"], list) else str(raw["rule"]).split(",")
    rules = tuple(str(r).strip() for r in given if str(r).strip())
    if not rules:
        raise ConfigError(f"{where}: `rule` names no rule code or prefix")
    expires = raw.get("expires")
    if expires is not None and not isinstance(expires, dt.date):
        try:
            expires = dt.date.fromisoformat(str(expires))
        except ValueError:
            raise ConfigError(f"{where}: `expires` must be a date, e.g. 2027-03-31") from None
    if isinstance(expires, dt.datetime):
        expires = expires.date()
    fingerprint = raw.get("fingerprint")
    return Suppression(str(raw["document"]), rules, str(raw["reason"]).strip(),
                       None if fingerprint is None else str(fingerprint), expires, where)


def load_file(path: Path) -> list[Suppression]:
    """The entries of a `textclean-ignore.yaml` (a list, or a mapping with a `suppress` list)."""
    from ruamel.yaml import YAML
    from ruamel.yaml.error import YAMLError

    try:
        data = YAML(typ="rt").load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read: {exc.strerror or exc}") from exc
    except YAMLError as exc:
        raise ConfigError(f"{path}: not YAML: {exc}") from exc
    if data is None:
        return []
    if isinstance(data, dict):
        data = data.get("suppress", None) if set(data) <= {"suppress"} else None
    if not isinstance(data, list):
        raise ConfigError(f"{path}: expected a list of suppressions (or `suppress:` with one)")
    out = []
    for i, raw in enumerate(data):
        line = data.lc.item(i)[0] + 1 if hasattr(data, "lc") else i + 1
        out.append(parse_entry(dict(raw) if isinstance(raw, dict) else raw, f"{path}:{line}"))
    return out


def find_file(start: Path) -> Path | None:
    """The nearest `textclean-ignore.yaml` at or above `start`."""
    for folder in (start, *start.parents):
        candidate = folder / IGNORE_FILE
        if candidate.is_file():  # relative to the current folder, as reports show it
            return Path(os.path.relpath(candidate)) if candidate.is_absolute() else candidate
    return None


def check_expiry(entries: Sequence[Suppression], today: dt.date | None = None) -> None:
    """Raise SuppressionExpired naming every entry past its date."""
    today = today or dt.datetime.now(dt.UTC).date()
    expired = [e for e in entries if e.expires is not None and e.expires < today]
    if expired:
        lines = [f"{e.where}: the suppression of {','.join(e.rules)} in {e.document!r} expired "
                 f"on {e.expires} (reason: {e.reason})" for e in expired]
        raise SuppressionExpired("\n".join(lines) + f"\n{len(expired)} suppression(s) expired: "
                                 "fix those findings, or renew `expires` with a reason that "
                                 "still holds")


def record_codes(meta: Any, field_name: str) -> tuple[str, ...]:
    """The codes a JSONL record or Parquet row lists in `field_name` (none if absent)."""
    value: Any = None
    record = meta.get("record")
    if isinstance(record, dict):
        value = record.get(field_name)
    elif meta.get("batch") is not None:  # a Parquet row
        batch = meta["batch"]
        if field_name in batch.schema.names:
            value = batch.column(field_name)[meta["offset"]].as_py()
    if value is None:
        return ()
    items = value if isinstance(value, list | tuple) else str(value).split(",")
    return tuple(str(v).strip() for v in items if str(v).strip())
