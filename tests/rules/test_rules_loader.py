"""Broken rule files stop the load, each problem reported as file:line:col: message."""

from __future__ import annotations

import pytest

import textclean
from textclean.errors import ConfigError, RuleError
from textclean.rules.kinds import KINDS
from textclean.rules.loader import load_rules

GOOD = """\
code: XX001
name: good-rule
summary: a good rule
level: info
kind: pattern
pattern: 'x+'
"""


def _problems(tmp_path, text, name="rule.yml"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    with pytest.raises(RuleError) as info:
        textclean.load_rules([path], defaults=False)
    return [str(p) for p in info.value.problems]


def test_good_rule_loads(tmp_path):
    (tmp_path / "good.yml").write_text(GOOD)
    rules = textclean.load_rules([tmp_path], defaults=False)
    assert rules.codes == ("XX001",)


def test_yaml_syntax_error(tmp_path):
    problems = _problems(tmp_path, "code: XX001\nname: [unclosed\n")
    assert len(problems) == 1 and problems[0].startswith(f"{tmp_path}/rule.yml:") or "rule.yml:" in problems[0]
    assert "YAML error" in problems[0]


def test_unknown_field_points_at_key(tmp_path):
    problems = _problems(tmp_path, GOOD + "sumary: typo\n")
    assert problems == [f"{tmp_path / 'rule.yml'}:7:1: unknown field 'sumary'"]


def test_missing_field(tmp_path):
    problems = _problems(tmp_path, GOOD.replace("summary: a good rule\n", ""))
    assert any("missing required field 'summary'" in p for p in problems)


def test_wrong_type_points_at_value(tmp_path):
    problems = _problems(tmp_path, GOOD.replace("level: info", "level: loud"))
    assert len(problems) == 1
    assert ":4:8: level:" in problems[0]


def test_bad_regex_points_at_pattern(tmp_path):
    problems = _problems(tmp_path, GOOD.replace("'x+'", "'(unclosed'"))
    assert len(problems) == 1 and ":6:10: regex does not compile" in problems[0]


def test_unknown_repair(tmp_path):
    text = GOOD.replace("kind: pattern\npattern: 'x+'\n", "kind: repair\nrepair: make_it_nice\n")
    problems = _problems(tmp_path, text)
    assert len(problems) == 1 and "unknown repair 'make_it_nice'" in problems[0]


def test_unknown_kind(tmp_path):
    problems = _problems(tmp_path, GOOD.replace("kind: pattern", "kind: magic"))
    assert problems == [f"{tmp_path / 'rule.yml'}:5:7: unknown kind 'magic'; "
                        f"expected one of: {', '.join(KINDS)}"]


def test_duplicate_code_across_files(tmp_path):
    (tmp_path / "a.yml").write_text(GOOD)
    (tmp_path / "b.yml").write_text(GOOD.replace("good-rule", "other-rule"))
    with pytest.raises(RuleError) as info:
        textclean.load_rules([tmp_path], defaults=False)
    assert "duplicate rule code XX001" in str(info.value)


def test_duplicate_key_rejected(tmp_path):
    problems = _problems(tmp_path, GOOD + "level: error\n")
    assert len(problems) == 1 and "rule.yml:7:" in problems[0]


def test_python_tag_rejected(tmp_path):
    problems = _problems(tmp_path, GOOD + "why: !!python/object/apply:os.system ['echo hi']\n")
    assert "tag" in problems[0] and ":7:" in problems[0]


def test_alias_bomb_rejected_quickly(tmp_path):
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n"
        for i in range(9)
    )
    problems = _problems(tmp_path, bomb)
    assert "anchors are not allowed" in problems[0] and ":1:" in problems[0]


def test_all_problems_reported_at_once(tmp_path):
    (tmp_path / "a.yml").write_text(GOOD.replace("level: info", "level: loud"))
    (tmp_path / "b.yml").write_text(GOOD.replace("XX001", "XX002").replace("'x+'", "'['"))
    with pytest.raises(RuleError) as info:
        textclean.load_rules([tmp_path], defaults=False)
    assert len(info.value.problems) == 2


def test_list_file_positions(tmp_path):
    text = "rules:\n  - " + GOOD.replace("\n", "\n    ").rstrip() + "\n  - code: XX002\n    name: b\n"
    problems = _problems(tmp_path, text)
    assert problems == [f"{tmp_path / 'rule.yml'}:8:5: missing required field 'kind' "
                        f"(one of: {', '.join(KINDS)})"]


def test_unsafe_fix_needs_note(tmp_path):
    problems = _problems(tmp_path, GOOD + "fix: {replace: '', safety: unsafe}\n")
    assert "safety_note" in problems[0]


def test_select_and_ignore_by_prefix():
    rules = textclean.load_rules(select=["BP", "EN001"], ignore=["BP002"])
    assert "EN001" in rules.codes and "BP001" in rules.codes and "BP002" not in rules.codes
    assert not any(c.startswith("WS") for c in rules.codes)


def test_opt_in_only_when_selected():
    assert not any(c.startswith("TY") for c in textclean.load_rules().codes)
    assert not any(c.startswith("TY") for c in textclean.load_rules(select=["ALL"]).codes)
    assert "TY001" in textclean.load_rules(select=["TY"]).codes


def test_unknown_selector_is_an_error():
    with pytest.raises(ConfigError):
        textclean.load_rules(select=["ZZ9"])


# --- the on-disk cache of loaded rules --------------------------------------------------------

_CACHED_RULE = (
    "code: XX001\nname: x\nsummary: first\nlevel: info\nkind: pattern\npattern: 'zz'\n"
    "examples:\n  - {text: 'a', finds: []}\n"
)


@pytest.fixture
def cache(tmp_path, monkeypatch):
    """A private cache folder, and a load that forgets what this process has loaded."""
    from textclean.rules import loader as loader

    folder = tmp_path / "cache"
    monkeypatch.setenv(loader.CACHE_ENV, str(folder))
    monkeypatch.chdir(tmp_path)

    def load(*paths):
        loader.forget_loaded()
        return load_rules(list(paths), defaults=False)

    return folder, load


def test_a_new_process_reads_the_rules_from_the_cache(cache, tmp_path, monkeypatch):
    from textclean.rules import loader as loader

    folder, load = cache
    path = tmp_path / "x.yml"
    path.write_text(_CACHED_RULE)
    first = load(path)
    assert len(list((folder / "rules").glob("*.json"))) == 1

    def no_parsing(files):
        raise AssertionError("parsed again")

    monkeypatch.setattr(loader, "_load_files", no_parsing)
    again = load(path)
    assert again.codes == first.codes == ("XX001",) and again.rules[0].spec.summary == "first"
    assert again.rules[0].find("azzb")[0].span.start == 1


def test_an_edited_rule_file_is_parsed_again(cache, tmp_path):
    folder, load = cache
    path = tmp_path / "x.yml"
    path.write_text(_CACHED_RULE)
    load(path)
    path.write_text(_CACHED_RULE.replace("first", "again"))
    assert load(path).rules[0].spec.summary == "again"
    assert len(list((folder / "rules").glob("*.json"))) == 2


def test_a_broken_cache_entry_is_ignored(cache, tmp_path):
    folder, load = cache
    path = tmp_path / "x.yml"
    path.write_text(_CACHED_RULE)
    load(path)
    (entry,) = (folder / "rules").glob("*.json")
    entry.write_bytes(b"not a pickle")
    assert load(path).codes == ("XX001",)
    assert entry.read_bytes() != b"not a pickle"  # written again


def test_rules_with_problems_are_never_cached(cache, tmp_path):
    folder, load = cache
    path = tmp_path / "x.yml"
    path.write_text(_CACHED_RULE.replace("kind: pattern", "kind: nonsense"))
    for _ in range(2):
        with pytest.raises(RuleError):
            load(path)
    assert not list(folder.rglob("*.json"))


def test_the_cache_can_be_turned_off(cache, tmp_path, monkeypatch):
    from textclean.rules import loader as loader

    folder, load = cache
    monkeypatch.setenv(loader.CACHE_ENV, "off")
    path = tmp_path / "x.yml"
    path.write_text(_CACHED_RULE)
    assert load(path).codes == ("XX001",)
    assert not folder.exists()
    assert loader.cache_dir() is None


def test_a_read_only_cache_folder_only_costs_speed(cache, tmp_path, monkeypatch):
    from textclean.rules import loader as loader

    blocker = tmp_path / "a-file"
    blocker.write_text("")
    monkeypatch.setenv(loader.CACHE_ENV, str(blocker / "cache"))  # cannot be created
    path = tmp_path / "x.yml"
    path.write_text(_CACHED_RULE)
    assert cache[1](path).codes == ("XX001",)


def test_the_cache_folder_follows_xdg_and_needs_a_home(monkeypatch, tmp_path):
    from textclean.rules import loader as loader

    monkeypatch.delenv(loader.CACHE_ENV, raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert loader.cache_dir() == tmp_path / "textclean"
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert loader.cache_dir() == tmp_path / "home" / ".cache" / "textclean"
    monkeypatch.setattr(loader.os.path, "expanduser", lambda path: path)  # no home at all
    assert loader.cache_dir() is None


class _Planted:
    """Unpickling this runs code: it creates the file `marker` (what an attacker would do)."""

    def __init__(self, marker):
        self.marker = str(marker)

    def __reduce__(self):
        return (open, (self.marker, "w"))


def test_a_planted_cache_file_runs_nothing_and_is_rebuilt(cache, tmp_path):
    """Issue 16, item 7: the cache holds data, never code. A file planted under the entry's
    name (a shared XDG_CACHE_HOME, a restored CI cache) is not executed; it is ignored and
    written again."""
    import pickle

    folder, load = cache
    path = tmp_path / "x.yml"
    path.write_text(_CACHED_RULE)
    load(path)
    (entry,) = (folder / "rules").iterdir()
    marker = tmp_path / "code-ran"
    planted = pickle.dumps(_Planted(marker))
    entry.write_bytes(planted)
    entry.with_suffix(".pickle").write_bytes(planted)  # and under the old cache's name
    again = load(path)
    assert not marker.exists()
    assert again.codes == ("XX001",) and again.rules[0].find("azzb")[0].span.start == 1
    assert entry.read_bytes() != planted  # rebuilt
    assert pickle.loads(planted) is not None and marker.exists()  # the plant was live


def _shared_list(folder, name, text):
    (folder / "_lists").mkdir(exist_ok=True)
    (folder / "_lists" / name).write_text(text)


_LIST_RULE = (
    "code: XX001\nname: nav\nsummary: navigation\nlevel: info\nkind: repair\n"
    "repair: delete_navigation_block\nparams:\n  markers: {include: _lists/nav.yml}\n"
)


def test_a_list_parameter_can_be_included_from_a_shared_file(tmp_path):
    _shared_list(tmp_path, "nav.yml", "# shared\n- home\n- contact us\n")
    (tmp_path / "nav.yml").write_text(_LIST_RULE)
    rules = load_rules([tmp_path], defaults=False)  # the _lists folder holds no rules
    assert rules.codes == ("XX001",)
    assert rules["XX001"].spec.params["markers"] == ["home", "contact us"]


def test_the_default_packs_share_one_page_marker_list():
    rules = textclean.load_rules()
    markers = rules["BP017"].spec.params["markers"]
    assert len(markers) > 50 and markers == rules["BP019"].spec.params["markers"]


def _splice_rule(include="_lists/stamps.yml", last="^last$"):
    """A line rule whose second pattern is a shared list (at line 8), its third at line 9."""
    return ("code: XX001\nname: stamp\nsummary: stamp\nlevel: info\nkind: line\npatterns:\n"
            f"  - '^mine$'\n  - include: {include}\n  - '{last}'\n")


def test_a_line_rule_splices_an_included_list_into_its_patterns(tmp_path):
    _shared_list(tmp_path, "stamps.yml", "- '^a$'\n- '^b$'\n")
    (tmp_path / "stamp.yml").write_text(_splice_rule())
    (rule,) = load_rules([tmp_path], defaults=False)
    assert rule.spec.patterns == ["^mine$", "^a$", "^b$", "^last$"]
    found = textclean.check_text("b\n\nc\n\nlast", [rule])
    assert [f.span.start for f in found] == [0, 6]


def test_a_bad_pattern_of_a_spliced_list_points_at_its_include(tmp_path):
    _shared_list(tmp_path, "stamps.yml", "- '^a$'\n- '(b'\n")
    problems = _problems(tmp_path, _splice_rule(last="(last"))
    assert [p.split(": ", 1)[0] for p in problems] == [
        f"{tmp_path / 'rule.yml'}:8:5", f"{tmp_path / 'rule.yml'}:9:5"]
    assert all("regex does not compile" in p for p in problems)
    assert "cannot include" in _problems(tmp_path, _splice_rule(include="_lists/gone.yml"))[0]


def test_the_date_rules_share_their_date_forms():
    rules = textclean.load_rules()
    dates = rules["BP035"].spec.patterns[:-1]  # and the label of a stamp alone
    assert len(dates) == 6 and rules["MD002"].spec.patterns[3:] == dates
    assert (rules["MD002"].spec.position, rules["BP035"].spec.position) == ("edges", "body")
    assert rules["MD002"].spec.window == rules["BP035"].spec.window


def test_an_include_that_cannot_be_read_points_at_the_parameter(tmp_path):
    problems = _problems(tmp_path, _LIST_RULE)
    assert len(problems) == 1 and problems[0].startswith(f"{tmp_path / 'rule.yml'}:8:")
    assert "cannot include '_lists/nav.yml'" in problems[0]
    (tmp_path / "_lists").mkdir()
    (tmp_path / "_lists" / "nav.yml").write_text("home: 1\n")
    assert "must hold a YAML list of strings" in _problems(tmp_path, _LIST_RULE)[0]


def test_an_edited_included_list_is_parsed_again(cache, tmp_path):
    _folder, load = cache
    (tmp_path / "_lists").mkdir()
    (tmp_path / "_lists" / "nav.yml").write_text("- home\n")
    path = tmp_path / "x.yml"
    path.write_text(_LIST_RULE)
    assert load(path).rules[0].spec.params["markers"] == ["home"]
    (tmp_path / "_lists" / "nav.yml").write_text("- home\n- search\n")
    assert load(path).rules[0].spec.params["markers"] == ["home", "search"]


COMMENTS = """\
code: XX001
name: comments
summary: a comment thread
level: info
kind: repair
repair: delete_comment_thread
params:
  min_words_above: 20
  meta_patterns:
    - '(?!by\\b)\\p{Lu}\\w+ \\d{1,2}:\\d{2}'
    - PATTERN
fix:
  safety: safe
"""


@pytest.mark.parametrize("pattern", [
    r"(?<=\bat\s+)\d{1,2}:\d{2}",  # a look-behind of no fixed length: Python reads it, the core cannot
    r"\p{Nope}",  # no such class
    r"(\w+) \1",  # a back-reference
])
def test_a_finder_pattern_the_core_cannot_compile_stops_the_load(tmp_path, pattern):
    """The core compiles a finder's patterns on first use, but a pattern it cannot compile is
    refused when the rule loads, naming it: never an error in the middle of a run."""
    problems = _problems(tmp_path, COMMENTS.replace("PATTERN", f"'{pattern}'"))
    quoted = '"' + pattern.replace("\\", "\\\\") + '"'  # as the core quotes it
    assert problems == [
        f"{tmp_path / 'rule.yml'}:8:3: parameter \"meta_patterns\" of finder \"delete_comment_thread\": "
        f"pattern {quoted} runs in neither of the core's regex engines"
    ]


def test_finder_patterns_compiled_on_first_use_find_the_same(cache, tmp_path, monkeypatch):
    from textclean.rules import loader as loader

    folder, load = cache
    path = tmp_path / "rule.yml"
    path.write_text(COMMENTS.replace("PATTERN", r"'(?<=\bat )\d{1,2}:\d{2}'"), encoding="utf-8")
    article = "The pier reopened on Monday after two years of repairs. " * 4
    text = f"{article}\n\nJane 14:19\n\nI walked there on Sunday, lovely.\n"
    assert textclean.fix_text(text, load(path)).text == article + "\n"  # parsed and checked
    assert len(list((folder / "rules").glob("*.json"))) == 1

    def no_parsing(files):
        raise AssertionError("parsed again")

    monkeypatch.setattr(loader, "_load_files", no_parsing)
    assert textclean.fix_text(text, load(path)).text == article + "\n"  # from the cache, unchecked


# A rule of every kind, with every optional field the schema turns into something other than
# plain JSON (nested models, enums, a float given as an int) given somewhere.
EVERY_KIND = """\
rules:
  - code: XX001
    name: named-group
    summary: a pattern with a named group
    why: because
    level: warning
    aliases: [XX101]
    message: a message
    applies_to: {url: ['https://example.com/*']}
    kind: pattern
    pattern: 'a(?P<b>b+)'
    group: b
    fix: {safety: unsafe, safety_note: may be wrong, replace: 'c'}
    examples:
      - {text: 'abb', finds: ['bb'], fixed: 'ac', safe_fixed: 'abb', url: 'https://example.com/x',
         note: a note}
      - {text: 'a', finds: [], xfail: not yet}
  - code: XX002
    name: misspelt
    summary: misspelt
    level: info
    kind: swap
    swap: {teh: the, adn: and}
    ignore_case: true
    fix: {safety: safe}
  - code: XX003
    name: byline
    summary: a byline
    level: info
    opt_in: true
    kind: line
    phrases: [Share this]
    patterns: ['^By \\\\w+$']
    position: head
    window: 4
    max_words: 6
    extract: {field: byline, label: '^By\\\\s+'}
    may_be_heading: [share this]
    fix: {delete: line}
  - code: XX004
    name: repeated
    summary: repeated
    level: info
    kind: repair
    repair: delete_navigation_block
    params: {markers: [home, contact us]}
  - code: XX005
    name: short
    summary: short
    level: error
    kind: metric
    metric: word_count
    min: 3
  - code: XX006
    name: learned
    summary: learned
    level: warning
    kind: classifier
    model: lines-v1.bin
    threshold: 1
    unsafe_threshold: 0.5
    fix: {safety: safe}
"""


def _same(a, b, where="spec", *, fields_set=False):
    """`a` and `b` are equal and of the same types, all the way down (with `fields_set`, each
    model's fields given too)."""
    from pydantic import BaseModel

    assert type(a) is type(b), where
    if isinstance(a, BaseModel):
        assert a == b and (not fields_set or a.model_fields_set == b.model_fields_set), where
        for name in type(a).model_fields:
            _same(getattr(a, name), getattr(b, name), f"{where}.{name}", fields_set=fields_set)
    elif isinstance(a, list | tuple):
        assert len(a) == len(b), where
        for i, (x, y) in enumerate(zip(a, b, strict=True)):
            _same(x, y, f"{where}[{i}]", fields_set=fields_set)
    elif isinstance(a, dict):
        assert list(a) == list(b), where
        for key in a:
            _same(a[key], b[key], f"{where}.{key}", fields_set=fields_set)
    else:
        assert a == b, where


def _revalidated(spec):
    """`spec` dumped and validated again: what a cached load made of it before it stopped
    validating."""
    from textclean.rules.kinds import RULE_ADAPTER

    return RULE_ADAPTER.validate_python(RULE_ADAPTER.dump_python(spec, mode="json"))


def test_a_cached_rule_of_every_kind_is_the_rule_its_file_gives(cache, tmp_path):
    """A cached load rebuilds the specs without validating them again: each must be what the
    schema made of the rule file (nested models, enums, floats), as a load of the dump would."""
    folder, load = cache
    path = tmp_path / "every.yml"
    path.write_text(EVERY_KIND, encoding="utf-8")
    parsed = load(path)
    assert {type(r).kind for r in parsed.all_rules} == set(KINDS)
    (entry,) = (folder / "rules").glob("*.json")
    written = entry.stat()
    cached = load(path)
    assert (entry.stat().st_ino, entry.stat().st_mtime_ns) == (written.st_ino, written.st_mtime_ns)
    assert len(cached.all_rules) == len(parsed.all_rules) == 6
    for fresh, again in zip(parsed.all_rules, cached.all_rules, strict=True):
        assert type(again) is type(fresh) and (again.path, again.line) == (fresh.path, fresh.line)
        _same(again.spec, fresh.spec, fresh.code)
        _same(again.spec, _revalidated(fresh.spec), fresh.code, fields_set=True)
        assert again.spec.model_dump_json() == fresh.spec.model_dump_json()
    assert cached["XX006"].spec.threshold == 1.0 and isinstance(cached["XX006"].spec.threshold, float)
    assert cached["XX001"].find("xabb")[0].span.start == 2
    assert textclean.fix_text("teh cat", cached.select(["XX002"])).text == "the cat"


def test_the_default_rules_from_the_cache_are_the_rules_their_files_give(cache):
    from textclean.rules import loader as loader

    loader.forget_loaded()
    parsed = textclean.load_rules(select=["ALL"])
    loader.forget_loaded()
    cached = textclean.load_rules(select=["ALL"])
    assert len(cached.rules) == len(parsed.rules) > 50
    for fresh, again in zip(parsed.rules, cached.rules, strict=True):
        assert again.spec == fresh.spec
        _same(again.spec, _revalidated(fresh.spec), fresh.code, fields_set=True)


@pytest.mark.parametrize("damage", ["drop a field", "add a field", "not a model"])
def test_a_cache_entry_of_another_shape_is_ignored(cache, tmp_path, damage):
    """An entry whose specs are not the dumps of the rule models (an entry damaged, or planted
    by hand) is not loaded: the rules are parsed again and the entry written again."""
    import json

    folder, load = cache
    path = tmp_path / "every.yml"
    path.write_text(EVERY_KIND, encoding="utf-8")
    parsed = load(path)
    (entry,) = (folder / "rules").glob("*.json")
    written = entry.read_bytes()
    data = json.loads(written)
    fix = data["rules"][0]["spec"]["fix"]
    if damage == "drop a field":
        del fix["safety"]
    elif damage == "add a field":
        fix["delete_all"] = True
    else:
        data["rules"][0]["spec"]["fix"] = ["replace", "c"]
    entry.write_text(json.dumps(data))
    again = load(path)
    for fresh, cached in zip(parsed.all_rules, again.all_rules, strict=True):
        _same(cached.spec, fresh.spec, fresh.code)
    assert entry.read_bytes() == written  # written again


def test_a_specs_json_is_the_same_parsed_or_cached(cache, tmp_path):
    """`spec_json` (what a resumable run's rules hash can read) gives the same bytes for a rule
    parsed from its file and for the rule from the cache, and other bytes for another rule."""
    import json

    from textclean.rules.schema import spec_json

    _folder, load = cache
    path = tmp_path / "every.yml"
    text = EVERY_KIND.replace("contact us]}", "contact us], min_share: 0.25, min_lines: 3}")
    path.write_text(text, encoding="utf-8")
    parsed, cached = load(path), load(path)
    for fresh, again in zip(parsed.all_rules, cached.all_rules, strict=True):
        assert spec_json(again.spec) == spec_json(fresh.spec)
        assert json.loads(spec_json(fresh.spec)) == json.loads(fresh.spec.model_dump_json())
    path.write_text(text.replace("adn: and", "adn: end"), encoding="utf-8")
    changed = load(path)
    differ = [spec_json(r.spec) != spec_json(c.spec) for r, c in zip(parsed.all_rules, changed.all_rules, strict=True)]
    assert differ == [r.code == "XX002" for r in parsed.all_rules]


def test_a_cached_load_builds_no_rule_validator(tmp_path):
    """A run whose rules come from the cache never validates a spec, so pydantic never builds
    the rule schema's validators (`defer_build`); rule files parsed are validated."""
    import os
    import subprocess
    import sys

    script = (
        "import textclean\n"
        "from textclean.rules.kinds import KINDS\n"
        "from textclean.rules.schema import spec_json\n"
        "rules = textclean.load_rules()\n"
        "assert textclean.fix_text('Tom &amp; Jerry', rules).text == 'Tom & Jerry'\n"
        "for rule in rules: spec_json(rule.spec)\n"
        "from textclean.rules.kinds import RULE_ADAPTER\n"
        "built = [k for k, c in KINDS.items() if c.spec_model.__pydantic_complete__]\n"
        "print(RULE_ADAPTER.pydantic_complete, built)\n"
    )
    env = {**os.environ, "TEXTCLEAN_CACHE_DIR": str(tmp_path)}
    runs = [subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True,
                           env=env, timeout=120).stdout.splitlines()[-1] for _ in range(2)]
    assert runs == ["True []", "False []"]  # parsed and validated, then from the cache
