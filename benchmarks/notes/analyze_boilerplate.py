#!/usr/bin/env python3
"""Boilerplate / artifact analysis of the shared evaluation data.

Writes benchmarks/notes/boilerplate-tables.md (generated tables) which the
hand-written boilerplate-analysis.md summarises.  Run from anywhere:

    python3 benchmarks/notes/analyze_boilerplate.py [--out FILE]

Optional: ftfy (for the mojibake count); everything else is stdlib.
Runtime: about 1-2 minutes on the 2-core dev machine.
"""
from __future__ import annotations

import argparse
import json
import re
import statistics
from collections import Counter, defaultdict
from pathlib import Path

from lines_common import (FAMILIES, SEGMENTS, TruthIndex, corpus_scores, domain, families_of, family_of,
                          is_date_only, is_tune, lines_of, load_pairs, norm, nwords, toks)
from benchmarks.metric import scores_from_tp_fp_fn, tp_fp_fn  # noqa: E402

try:
    from ftfy.badness import is_bad as ftfy_is_bad
except Exception:  # pragma: no cover
    ftfy_is_bad = None

HERE = Path(__file__).resolve().parent
WHOLE_PAGE = "html-text"
EXTRACTOR_ORDER = ["AutoExtract", "trafilatura", "Diffbot", "newspaper", "news_please", "readability_js",
                   "go_domdistiller", "readability", "dragnet", "goose3", "boilerpipe", "justext", "html-text"]


def md_escape(s: str, n: int = 60) -> str:
    s = s if len(s) <= n else s[: n - 1] + "…"
    return s.replace("|", "\\|").replace("`", "'")


def table(header, rows):
    out = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    for r in rows:
        out.append("| " + " | ".join(str(x) for x in r) + " |")
    return "\n".join(out)


# ---------------------------------------------------------------------------
def label_lines(rows):
    """Per row: list of (line, in_truth) plus a per-page TruthIndex cache."""
    idx = {}
    labelled = []
    for r in rows:
        ti = idx.get(r["id"])
        if ti is None:
            ti = idx[r["id"]] = TruthIndex(r["truth"])
        labelled.append([(l, ti.contains(l)) for l in lines_of(r["text"])])
    return labelled, idx


def part_a(rows, labelled, truth_line_norms, out):
    pages = defaultdict(lambda: [set(), set()])  # norm -> [tune pages, hold pages]
    doms = defaultdict(lambda: [set(), set()])
    exs = defaultdict(set)
    nonwhole = defaultdict(set)
    nonwhole_dom = defaultdict(set)
    occ = Counter()
    for r, lab in zip(rows, labelled):
        k = 0 if is_tune(r["id"]) else 1
        for line, intr in lab:
            if intr:
                continue
            n = norm(line)
            pages[n][k].add(r["id"])
            doms[n][k].add(domain(r["url"]))
            exs[n].add(r["extractor"])
            occ[n] += 1
            if r["extractor"] != WHOLE_PAGE:
                nonwhole[n].add(r["id"])
                if k == 0:
                    nonwhole_dom[n].add(domain(r["url"]))
    n_tune = len({r["id"] for r in rows if is_tune(r["id"])})
    n_hold = len({r["id"] for r in rows if not is_tune(r["id"])})
    dom_tune = len({domain(r["url"]) for r in rows if is_tune(r["id"])})
    # nav-section: short, no family, >= 3 tune domains (data-driven "generic nav")
    def klass(n):
        fam = family_of(n)
        if fam:
            return "G:" + fam
        if nwords(n) <= 3 and len(doms[n][0]) >= 3 and not re.search(r"[.!?,]", n):
            return "nav-section"
        if len(doms[n][0] | doms[n][1]) >= 3:
            return "other-multi-site"
        return "site-specific"

    keys = [n for n in pages if pages[n][0]]
    keys.sort(key=lambda n: (-len(pages[n][0]), -len(doms[n][0]), n))
    top = keys[:150]
    out.append(f"## A. Output lines not in truth (tuning ids 0-7: {n_tune} pages, {dom_tune} domains; "
               f"holdout ids 8-f: {n_hold} pages)\n")
    out.append("Columns: pages/domains = distinct tuning pages/domains where the line occurs *outside* the truth "
               "(any of the 13 extractors); `ext` = number of extractors emitting it; `non-ws` = tuning pages where a "
               "non-whole-page extractor (not html-text) emits it; `hold` = holdout pages (ids 8-f); `truth` = pages "
               "(all ids) where the same normalised line IS a truth line; class: `G:<family>` generic family, "
               "`nav-section` short section label on >=3 domains, else site-specific.\n")
    rows_md = []
    for i, n in enumerate(top, 1):
        rows_md.append([i, "`" + md_escape(n, 55) + "`", len(pages[n][0]), len(doms[n][0]), len(exs[n]),
                        len(nonwhole[n] & pages[n][0]), len(pages[n][1]), truth_line_norms.get(n, 0), klass(n)])
    out.append(table(["#", "normalised line", "pages", "domains", "ext", "non-ws", "hold", "truth", "class"], rows_md))
    cls = Counter(klass(n) for n in top)
    generic = [n for n in top if klass(n) != "site-specific"]
    gen_hold = sum(1 for n in generic if pages[n][1])
    out.append(f"\nClass mix of the top 150: {dict(cls.most_common())}. Of the {len(generic)} non-site-specific "
               f"lines, {gen_hold} also occur (outside truth) on holdout pages.\n")

    # same, restricted to the 12 article extractors
    keys2 = [n for n in keys if len(nonwhole[n] & pages[n][0]) >= 2]
    keys2.sort(key=lambda n: (-len(nonwhole[n] & pages[n][0]), n))
    out.append("### A2. Non-truth lines from the 12 article extractors (html-text excluded), on >= 2 tuning pages\n")
    rows_md = []
    for n in keys2:
        rows_md.append(["`" + md_escape(n, 60) + "`", len(nonwhole[n] & pages[n][0]), len(nonwhole_dom[n]),
                        len(exs[n] - {WHOLE_PAGE}), len(nonwhole[n] - pages[n][0]), klass(n)])
    out.append(table(["normalised line", "pages", "domains", "ext", "hold pages", "class"], rows_md))
    n_nonwhole_tune = sum(1 for n in keys if nonwhole[n] & pages[n][0])
    out.append(f"\n{len(keys2)} of {n_nonwhole_tune} distinct non-truth lines of the article extractors recur on >= 2 "
               "tuning pages: their leftovers are mostly page-specific (captions, teasers, bylines).\n")
    return klass


def family_table(rows, labelled, idx, out):
    """Rule-precision view: of all output lines matching a family, how many are outside truth."""
    fam_stats = defaultdict(lambda: {"nt": 0, "in": 0, "nt_pages_t": set(), "nt_pages_h": set(),
                                     "nt_dom": set(), "ext": set(), "in_pages": set(), "nt_nonws": set(),
                                     "ex": Counter()})
    for r, lab in zip(rows, labelled):
        for line, intr in lab:
            for f in families_of(line):
                s = fam_stats[f]
                if intr:
                    s["in"] += 1
                    s["in_pages"].add(r["id"])
                else:
                    s["nt"] += 1
                    (s["nt_pages_t"] if is_tune(r["id"]) else s["nt_pages_h"]).add(r["id"])
                    s["nt_dom"].add(domain(r["url"]))
                    s["ext"].add(r["extractor"])
                    if r["extractor"] != WHOLE_PAGE:
                        s["nt_nonws"].add(r["id"])
                    s["ex"][norm(line)] += 1
    # truth lines matching each family
    truth_hits = defaultdict(list)
    for pid, ti in idx.items():
        pass
    out.append("## A3. Candidate generic families: output lines they match (all 181 pages, all extractors)\n")
    out.append("`not-in-truth` = matched output lines outside truth (would be correctly removed); `in-truth` = matched "
               "output lines that are kept by the truth (would be wrongly removed); prec = share of matches outside "
               "truth; pages t/h = tuning/holdout pages with a correct match; `non-ws pages` = pages where one of the 12 "
               "article extractors has a correct match.\n")
    rows_md = []
    for f, s in sorted(fam_stats.items(), key=lambda kv: -len(kv[1]["nt_pages_t"] | kv[1]["nt_pages_h"])):
        tot = s["nt"] + s["in"]
        ex = ", ".join(f"`{md_escape(k, 28)}`" for k, _ in s["ex"].most_common(4))
        rows_md.append([f, s["nt"], s["in"], f"{s['nt'] / tot:.3f}" if tot else "-", len(s["nt_pages_t"]),
                        len(s["nt_pages_h"]), len(s["nt_dom"]), len(s["nt_nonws"]), len(s["in_pages"]), ex])
    out.append(table(["family", "not-in-truth", "in-truth", "prec", "pages t", "pages h", "domains",
                      "non-ws pages", "in-truth pages", "top examples"], rows_md))
    return fam_stats


def part_b(truth_rows, fam_stats, rows, labelled, out):
    out.append("\n## B. Boilerplate-looking lines that the truth keeps (false-positive risks)\n")
    hits = []
    for d in truth_rows:
        for l in lines_of(d["truth"]):
            f = families_of(l)
            if f:
                hits.append((d["id"], domain(d["url"]), "+".join(f), l))
    out.append(f"Truth lines matched by a candidate family: {len(hits)} on {len({h[0] for h in hits})} pages.\n")
    grouped = defaultdict(lambda: [set(), set(), 0])
    for pid, dom, fam, line in hits:
        g = grouped[(fam, line if line.strip("\u200b") else "<U+200B only>")]
        g[0].add(pid[:6])
        g[1].add(dom)
        g[2] += 1
    out.append(table(["family", "truth line", "lines", "pages", "domains"],
                     [[k[0], "`" + md_escape(k[1], 60) + "`", v[2], ",".join(sorted(v[0])), ",".join(sorted(v[1]))]
                      for k, v in sorted(grouped.items())]))
    kw = re.compile(r"(?i)\b(share|sharing|subscri\w*|photo\w*|copyright|read more|advertis\w*|advert|newsletter|"
                    r"sign up|follow us|click here|click|cookie|getty|credit|image|caption|comment|related)\b")
    short = []
    for d in truth_rows:
        for l in lines_of(d["truth"]):
            m = kw.search(l)
            if m and nwords(l) <= 15 and not families_of(l):
                short.append((d["id"], domain(d["url"]), m.group(0).lower(), l))
    out.append(f"\nShort (<= 15 words) truth lines containing a boilerplate keyword but matched by no family: "
               f"{len(short)} on {len({s[0] for s in short})} pages.\n")
    out.append(table(["page", "domain", "keyword", "truth line"],
                     [[s[0][:6], s[1], s[2], "`" + md_escape(s[3], 60) + "`"] for s in short]))
    # keyword totals in truth (any length)
    kwc = Counter()
    kwp = defaultdict(set)
    for d in truth_rows:
        for m in kw.finditer(d["truth"]):
            k = m.group(0).lower()
            kwc[k] += 1
            kwp[k].add(d["id"])
    out.append("\nKeyword occurrences anywhere in truth (mostly inside ordinary sentences): " +
               ", ".join(f"{k} {kwc[k]} ({len(kwp[k])} pages)" for k, _ in kwc.most_common(20)) + "\n")
    # short truth lines in general: risk of "drop short lines" rules
    sl = Counter()
    for d in truth_rows:
        for l in lines_of(d["truth"]):
            w = nwords(l)
            for n in (3, 5, 8):
                if w <= n:
                    sl[n] += 1
    nl = sum(len(lines_of(d["truth"])) for d in truth_rows)
    pages_sl = {n: len({d["id"] for d in truth_rows if any(nwords(l) <= n for l in lines_of(d["truth"]))})
                for n in (3, 5, 8)}
    out.append(f"\nShort lines in truth (subheads, list items, sign-offs): of {nl} truth lines, <=3 words {sl[3]} "
               f"({pages_sl[3]} pages), <=5 words {sl[5]} ({pages_sl[5]} pages), <=8 words {sl[8]} ({pages_sl[8]} pages).\n")


# ---------------------------------------------------------------------------
def part_c(out):
    segs = [json.loads(l) for l in SEGMENTS.open(encoding="utf-8")]
    labels = Counter(s["label"] for s in segs)
    out.append(f"\n## C. trafilatura segments ({len(segs)} rows, labels {dict(labels)}, "
               f"{len({s['page'] for s in segs})} pages)\n")
    by = {lab: defaultdict(set) for lab in labels}
    for s in segs:
        by[s["label"]][norm(s["segment"])].add(s["page"])
    wo = by["without"]
    keys = sorted(wo, key=lambda n: (-len(wo[n]), n))
    rep = [n for n in keys if len(wo[n]) >= 2]
    out.append(f"`without` segments: {len(wo)} distinct normalised, {len(rep)} on >= 2 pages.\n")
    rows_md = [["`" + md_escape(n, 60) + "`", len(wo[n]), family_of(n) or ("date-only" if is_date_only(n) else "")]
               for n in rep[:80]]
    out.append(table(["`without` segment (normalised)", "pages", "family"], rows_md))
    # family coverage of 'without' vs 'with'
    fam_w = Counter()
    fam_wo = Counter()
    ex_w = defaultdict(list)
    ex_wo = defaultdict(Counter)
    for s in segs:
        for f in families_of(s["segment"]):
            if s["label"] == "with":
                fam_w[f] += 1
                ex_w[f].append(s["segment"])
            else:
                fam_wo[f] += 1
                ex_wo[f][norm(s["segment"])] += 1
    out.append("\nFamily matches on whole segments (`without` = good catches, `with` = would delete kept text):\n")
    rows_md = []
    for f in sorted(set(fam_w) | set(fam_wo), key=lambda f: (-fam_wo[f], f)):
        rows_md.append([f, fam_wo[f], fam_w[f],
                        ", ".join(f"`{md_escape(k, 25)}`" for k, _ in ex_wo[f].most_common(4)),
                        ", ".join(f"`{md_escape(k, 40)}`" for k in ex_w[f][:3])])
    out.append(table(["family", "without", "with", "without examples", "with examples (guards)"], rows_md))
    # `with` segments containing boilerplate words
    kw = re.compile(r"(?i)(teilen|share|abonn|subscri|newsletter|kommentar|comment|werbung|anzeige|advert|publicit|"
                    r"foto|photo|bild:|copyright|©|cookie|datenschutz|impressum|weiterlesen|read more|lire|leer más|"
                    r"czytaj|mehr|folgen|follow|like|gefällt)")
    guards = [s for s in segs if s["label"] == "with" and kw.search(s["segment"])]
    out.append(f"\n`with` segments containing a boilerplate word: {len(guards)} "
               f"(of which <= 8 words: {sum(1 for s in guards if nwords(s['segment']) <= 8)}). Short ones:\n")
    out.append(table(["page", "kw", "`with` segment"],
                     [[s["page"][:30], kw.search(s["segment"]).group(0), "`" + md_escape(s["segment"], 60) + "`"]
                      for s in guards if nwords(s["segment"]) <= 12]))


# ---------------------------------------------------------------------------
ART = {
    "html entity (&amp; &#39; ...)": re.compile(r"&(?:[a-zA-Z]{2,8}|#\d{2,6}|#[xX][0-9a-fA-F]{2,5});"),
    "zero-width U+200B/2060/FEFF": re.compile("[\u200b\u2060\ufeff]"),
    "ZWNJ/ZWJ U+200C/D (often legit)": re.compile("[\u200c\u200d]"),
    "soft hyphen U+00AD": re.compile("\u00ad"),
    "NBSP U+00A0": re.compile("\u00a0"),
    "literal URL": re.compile(r"\b(?:https?://|www\.)\S+"),
    "URL broken by a space": re.compile(
        r"(?:https?\s*:\s*/\s*/\s+\S|\b(?:https?://|www\.)\S*\s+\.(?:com|org|net|html?|php)\b"
        r"|\b(?:https?://|www\.)\S+/\s+[\w-]+/|\bwww\s?\.\s?[a-z0-9-]+\s?\.\s(?:com|org|net)\b"
        r"|\bwww\s\.\s?[a-z0-9-]+|\bwww\.[a-z0-9-]+\s\.(?:com|org|net)\b)"),
    "URL broken across a newline": re.compile(r"(?:https?://|www\.)\S*[/\-_?=&]\n[a-z0-9/_\-.?=&%]+\.?(?:\n|$)"),
    "hyphen + newline + lowercase": re.compile(r"[^\W\d_]-\n\s*[a-zà-ÿ]"),
    "'word- word' mid-line split": re.compile(r"\b[a-z]{2,}- [a-z]{2,}\b"),
    "C1 control / U+FFFD": re.compile("[\u0080-\u009f\ufffd]"),
    "glued sentence ('word.Word')": re.compile(r"[a-z]{2,}[.!?][A-Z][a-z]{2,}"),
    "glued block ('wordWORD'/'wordWord' >= 4+3)": re.compile(r"\b[a-z]{4,}[A-Z][A-Za-z]{2,}"),
}
CREDIT_SUFFIX = re.compile(
    r"(\((photo|image|credit|foto|picture|video)[^()]{0,80}\)|(photo|image|picture) ?(credit)?\s*[:|]\s*[^.]{2,60}"
    r"|credit\s*\.{2,}.{2,60}|/\s?(ap|afp|reuters|getty images|the new york times|epa|shutterstock)\)?)\s*$", re.I)
CAPTION_PREFIX = re.compile(r"^(image caption|media caption|caption|photo caption|pictured|above|left|right|top|"
                            r"bottom)\s*[:\-–]", re.I)
def is_credit(line):
    f = families_of(line)
    return "photo-credit" in f or "agency-credit" in f


TERMINAL = re.compile(r"[.!?…:;\"'”’»)\]】」。！？]$")


def artifact_counts(text: str):
    res = {}
    for k, rx in ART.items():
        res[k] = len(rx.findall(text or ""))
    ls = lines_of(text)
    res["mojibake line (ftfy is_bad)"] = sum(1 for l in ls if ftfy_is_bad(l)) if ftfy_is_bad else None
    res["photo/agency credit line (family)"] = sum(1 for l in ls if is_credit(l))
    res["caption w/ credit suffix or 'Caption:'"] = sum(
        1 for l in ls if nwords(l) > 3 and (CREDIT_SUFFIX.search(l) or CAPTION_PREFIX.search(l))
        and not is_credit(l))
    head = ls[:3]
    res["date/byline in first 3 lines"] = sum(
        1 for l in head if is_date_only(l) or "byline/dateline" in families_of(l))
    res["broken paragraph (no end punct -> lowercase)"] = sum(
        1 for a, b in zip(ls, ls[1:]) if nwords(a) >= 4 and not TERMINAL.search(a) and re.match(r"[a-zà-ÿ]", b))
    return res


def part_d(rows, labelled, idx, out):
    per_ex = defaultdict(lambda: defaultdict(lambda: [0, 0]))  # ex -> art -> [pages, occurrences]
    truth_c = defaultdict(lambda: [0, 0])
    seen = set()
    confirmed_broken = Counter()
    credit_nt = Counter()
    credit_in = Counter()
    for r, lab in zip(rows, labelled):
        c = artifact_counts(r["text"])
        for k, v in c.items():
            if v:
                per_ex[r["extractor"]][k][0] += 1
                per_ex[r["extractor"]][k][1] += v
            elif v is None:
                per_ex[r["extractor"]][k] = None
        if r["id"] not in seen:
            seen.add(r["id"])
            for k, v in artifact_counts(r["truth"]).items():
                if v is None:
                    truth_c[k] = None
                elif v and truth_c[k] is not None:
                    truth_c[k][0] += 1
                    truth_c[k][1] += v
        # broken paragraph confirmed by truth: joined pair sits inside one truth line
        truth_line_toks = [" " + " ".join(toks(l)) + " " for l in lines_of(r["truth"])]
        ls = [l for l, _ in lab]
        for a, b in zip(ls, ls[1:]):
            if nwords(a) >= 4 and not TERMINAL.search(a) and re.match(r"[a-zà-ÿ]", b):
                ta, tb = toks(a)[-2:], toks(b)[:2]
                if ta and tb:
                    probe = " " + " ".join(ta + tb) + " "
                    if any(probe in t for t in truth_line_toks):
                        confirmed_broken[r["extractor"]] += 1
        for l, intr in lab:
            if is_credit(l):
                (credit_in if intr else credit_nt)[r["extractor"]] += 1
    arts = list(artifact_counts("x").keys())
    out.append("\n## D. Artifact counts: pages with >= 1 (occurrences) per extractor, and in truth\n")
    hdr = ["artifact"] + [e for e in EXTRACTOR_ORDER] + ["TRUTH"]
    rows_md = []
    for a in arts:
        row = [a]
        for e in EXTRACTOR_ORDER:
            v = per_ex[e][a]
            row.append("n/a" if v is None else f"{v[0]} ({v[1]})")
        tv = truth_c[a]
        row.append("n/a" if tv is None else f"{tv[0]} ({tv[1]})")
        rows_md.append(row)
    rows_md.append(["broken paragraph confirmed by truth"] + [confirmed_broken[e] for e in EXTRACTOR_ORDER] + ["-"])
    rows_md.append(["photo-credit lines not in truth / in truth"] +
                   [f"{credit_nt[e]}/{credit_in[e]}" for e in EXTRACTOR_ORDER] + ["-"])
    out.append(table(hdr, rows_md))


# ---------------------------------------------------------------------------
def head_tail_mask(lab):
    """True for lines in the leading/trailing run of non-truth lines."""
    n = len(lab)
    mask = [False] * n
    i = 0
    while i < n and not lab[i][1]:
        mask[i] = True
        i += 1
    j = n - 1
    while j >= 0 and not lab[j][1]:
        mask[j] = True
        j -= 1
    return mask


def part_e(rows, labelled, out):
    by_ex = defaultdict(list)
    for r, lab in zip(rows, labelled):
        by_ex[r["extractor"]].append((r, lab))
    out.append("\n## E. Where the F1 gap is: oracle line removal (lines judged not-in-truth by the line matcher)\n")
    out.append("`-head/tail` = drop leading/trailing runs of non-truth lines; `-all` = drop every non-truth line; "
               "`-fam` = drop lines matched by any candidate family (real rule, no oracle); `-fam ht` = same but only "
               "inside the head/tail 25% of lines. Non-truth share = share of output words in non-truth lines that "
               "sit in head/tail runs.\n")
    rows_md = []
    for e in EXTRACTOR_ORDER:
        items = by_ex[e]
        base = corpus_scores((r["text"], r["truth"]) for r, _ in items)

        def variant(keep):
            return corpus_scores(("\n".join(l for i, (l, t) in enumerate(lab) if keep(lab, i)), r["truth"])
                                 for r, lab in items)
        masks = {id(lab): head_tail_mask(lab) for _, lab in items}
        ht = variant(lambda lab, i: not masks[id(lab)][i])
        al = variant(lambda lab, i: lab[i][1])
        fam = variant(lambda lab, i: not families_of(lab[i][0]))
        famht = variant(lambda lab, i: not (families_of(lab[i][0]) and
                                           (i < max(1, len(lab) // 4) or i >= len(lab) - max(1, len(lab) // 4))))
        w_ht = w_nt = 0
        for _, lab in items:
            m = masks[id(lab)]
            for i, (l, t) in enumerate(lab):
                if not t:
                    w_nt += nwords(l)
                    if m[i]:
                        w_ht += nwords(l)
        gap = 1 - base["f1"]
        rows_md.append([e, f"{base['f1']:.3f}", f"{base['precision']:.3f}", f"{base['recall']:.3f}",
                        f"{ht['f1']:.3f}", f"{al['f1']:.3f}", f"{al['recall']:.3f}",
                        f"{(ht['f1'] - base['f1']) / gap:.0%}" if gap else "-",
                        f"{(al['f1'] - ht['f1']) / gap:.0%}" if gap else "-",
                        f"{w_ht / w_nt:.0%}" if w_nt else "-",
                        f"{fam['f1']:.3f}", f"{famht['f1']:.3f}"])
    out.append(table(["extractor", "F1", "P", "R", "F1 -head/tail", "F1 -all", "R -all", "gap closed by head/tail",
                      "gap closed by middle", "non-truth words in head/tail", "F1 -fam", "F1 -fam ht"], rows_md))

    # html-text specifics
    items = by_ex[WHOLE_PAGE]
    nt = short = short_ht = 0
    for _, lab in items:
        m = head_tail_mask(lab)
        for i, (l, t) in enumerate(lab):
            if t:
                continue
            nt += 1
            if nwords(l) <= 5:
                short += 1
                if m[i]:
                    short_ht += 1
    ht_lines = sum(sum(head_tail_mask(lab)) for _, lab in items)
    out.append(f"\nhtml-text: {nt} non-truth lines; {short} ({short / nt:.0%}) are <= 5 words; {short_ht} "
               f"({short_ht / nt:.0%}) are <= 5 words AND in the head/tail runs; head/tail runs hold {ht_lines} lines "
               f"({ht_lines / nt:.0%} of non-truth lines).\n")
    rows_md = []
    for e in [WHOLE_PAGE, "boilerpipe", "justext", "readability", "trafilatura"]:
        its = by_ex[e]
        row = [e, f"{corpus_scores((r['text'], r['truth']) for r, _ in its)['f1']:.3f}"]
        for N in (3, 5, 8):
            s = corpus_scores(("\n".join(l for l, t in lab if t or nwords(l) > N), r["truth"]) for r, lab in its)
            row.append(f"{s['f1']:.3f} (P {s['precision']:.3f})")
        # non-oracle heuristic: drop runs of >= 3 consecutive lines of <= 3 words
        def drop_runs(lab, k=3, N=3):
            keep = [True] * len(lab)
            i = 0
            while i < len(lab):
                j = i
                while j < len(lab) and nwords(lab[j][0]) <= N:
                    j += 1
                if j - i >= k:
                    for q in range(i, j):
                        keep[q] = False
                i = max(j, i + 1)
            return "\n".join(l for (l, _), kp in zip(lab, keep) if kp)
        s = corpus_scores((drop_runs(lab), r["truth"]) for r, lab in its)
        row.append(f"{s['f1']:.3f} (R {s['recall']:.3f})")
        rows_md.append(row)
    out.append(table(["extractor", "F1", "oracle drop non-truth <=3 w", "<=5 w", "<=8 w",
                      "rule: drop runs of >=3 lines of <=3 words"], rows_md))


def part_e2(rows, labelled, out):
    """Per-family ablation: drop only the lines a family matches (no oracle)."""
    base_t = [tp_fp_fn(r["text"], r["truth"]) for r in rows]
    fams = [lab and [set(families_of(l)) for l, _ in lab] for lab in labelled]
    names = ["bare-number", "symbol-only", "date-only"] + [f[0] for f in FAMILIES]
    by_ex = defaultdict(list)
    for i, r in enumerate(rows):
        by_ex[r["extractor"]].append(i)
    base_f1 = {e: scores_from_tp_fp_fn([base_t[i] for i in ix])["f1"] for e, ix in by_ex.items()}

    def f1_drop(pred):
        res = {}
        for e, ix in by_ex.items():
            trip = []
            for i in ix:
                lab = labelled[i]
                drop = [pred(fams[i][k]) for k in range(len(lab))] if lab else []
                if any(drop):
                    kept = "\n".join(l for (l, _), d in zip(lab, drop) if not d)
                    trip.append(tp_fp_fn(kept, rows[i]["truth"]))
                else:
                    trip.append(base_t[i])
            res[e] = scores_from_tp_fp_fn(trip)["f1"]
        return res
    arts = [e for e in EXTRACTOR_ORDER if e not in (WHOLE_PAGE, "justext")]
    out.append("\n### E2. Per-family ablation (drop every line the family matches; real rule, no oracle)\n")
    out.append("dF1 x1000 vs. the unmodified output. `mean11` = mean over the 11 article extractors with line breaks "
               "(justext excluded: it emits ~1 line per page); `worst` = most negative of the 11.\n")
    rows_md = []
    safe = []
    for n in names:
        res = f1_drop(lambda fs, n=n: n in fs)
        d = {e: (res[e] - base_f1[e]) * 1000 for e in res}
        m = statistics.mean(d[e] for e in arts)
        rows_md.append([n, f"{m:+.2f}", f"{min(d[e] for e in arts):+.2f}", f"{max(d[e] for e in arts):+.2f}",
                        f"{d[WHOLE_PAGE]:+.1f}"] + [f"{d[e]:+.1f}" for e in arts])
        if min(d[e] for e in arts) > -0.05 and m > 0:
            safe.append(n)
    out.append(table(["family", "mean11", "worst", "best", "html-text"] + arts, rows_md))
    res = f1_drop(lambda fs: bool(fs & set(safe)))
    out.append(f"\nFamilies with no loss > 0.00005 on any of the 11 and a positive mean: {', '.join(safe)}. "
               "F1 with all of them combined: " +
               ", ".join(f"{e} {base_f1[e]:.3f}->{res[e]:.3f}" for e in EXTRACTOR_ORDER) + "\n")


def part_e3(rows, labelled, out):
    """What the head/tail non-truth lines of the article extractors are."""
    title = {}
    for r in rows:
        if r["extractor"] == WHOLE_PAGE:
            ls = lines_of(r["text"])
            title[r["id"]] = set(toks(ls[0])) if ls else set()
    cats = defaultdict(Counter)
    words = defaultdict(Counter)
    for r, lab in zip(rows, labelled):
        if r["extractor"] in (WHOLE_PAGE, "justext"):
            continue
        m = head_tail_mask(lab)
        first_truth = next((i for i, (_, t) in enumerate(lab) if t), len(lab))
        for i, (l, t) in enumerate(lab):
            if t:
                continue
            pos = "head" if m[i] and i < first_truth else ("tail" if m[i] else "middle")
            tk = set(toks(l))
            fam = families_of(l)
            if fam:
                c = "family:" + ("credit" if {"photo-credit", "agency-credit"} & set(fam) else fam[0])
            elif tk and title.get(r["id"]) and len(tk & title[r["id"]]) >= 0.6 * len(tk) and nwords(l) >= 3:
                c = "headline (~<title>)"
            elif nwords(l) <= 5:
                c = "other short (<=5 words)"
            elif TERMINAL.search(l):
                c = "other sentence-like (ends . ! ? etc)"
            else:
                c = "other long, no end punct (teaser/caption?)"
            cats[pos][c] += 1
            words[pos][c] += nwords(l)
    out.append("\n### E3. Non-truth lines of the 11 line-broken article extractors by position and kind (lines / words)\n")
    allc = sorted({c for p in cats for c in cats[p]})
    out.append(table(["kind", "head lines", "head words", "middle lines", "middle words", "tail lines", "tail words"],
                     [[c, cats["head"][c], words["head"][c], cats["middle"][c], words["middle"][c],
                       cats["tail"][c], words["tail"][c]] for c in allc]))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", type=Path, default=HERE / "boilerplate-tables.md")
    args = ap.parse_args()
    rows = load_pairs()
    labelled, idx = label_lines(rows)
    truth_rows = {r["id"]: r for r in rows}.values()
    truth_line_norms = Counter()
    for d in truth_rows:
        for n in {norm(l) for l in lines_of(d["truth"])}:
            truth_line_norms[n] += 1
    out = ["# Generated tables for boilerplate-analysis.md",
           "", "Generated by `benchmarks/notes/analyze_boilerplate.py`; do not edit by hand.", ""]
    n_lines = sum(len(l) for l in labelled)
    n_nt = sum(1 for lab in labelled for _, t in lab if not t)
    out.append(f"Output lines: {n_lines}; judged not in truth: {n_nt}.\n")
    part_a(rows, labelled, truth_line_norms, out)
    family_table(rows, labelled, idx, out)
    part_b(truth_rows, None, rows, labelled, out)
    part_c(out)
    part_d(rows, labelled, idx, out)
    part_e(rows, labelled, out)
    part_e2(rows, labelled, out)
    part_e3(rows, labelled, out)
    args.out.write_text("\n".join(out) + "\n", encoding="utf-8")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
