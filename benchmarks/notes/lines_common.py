"""Shared helpers for the boilerplate analysis scripts (internal notes only).

Line = one non-blank line of ``text`` (split on ``\\n``, stripped).
A line is "in truth" (kept by humans) when:
  * it has >= 4 tokens and >= 50% of its 4-token shingles occur in the truth
    (lowercased tokens), or
  * it has 1-3 tokens and its lowercased token tuple equals a whole truth line
    or a whole truth "clause" (truth line split at . ! ? : ; | and dashes).
Everything else is "not in truth" (extra text the extractor kept).
"""
from __future__ import annotations

import json
import re
import sys
from collections import Counter
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
from benchmarks.metric import corpus_scores  # noqa: E402,F401

DATA = ROOT.parent / "shared" / "data"
PAIRS = DATA / "article-benchmark" / "pairs.jsonl"
SEGMENTS = DATA / "trafilatura-segments" / "segments.jsonl"

TOK = re.compile(r"\w+")
CLAUSE_SPLIT = re.compile(r"[.!?:;|•·]+\s+|\s+[-–—]+\s+|\n")


def load_pairs():
    with PAIRS.open(encoding="utf-8") as f:
        return [json.loads(l) for l in f]


def domain(url: str) -> str:
    host = urlparse(url).netloc.lower().split(":")[0]
    for pre in ("www.", "m.", "amp."):
        if host.startswith(pre):
            host = host[len(pre):]
    return host


def norm(line: str) -> str:
    s = re.sub(r"\d", "0", line.lower())
    return re.sub(r"\s+", " ", s).strip()


def lines_of(text: str) -> list[str]:
    return [l.strip() for l in (text or "").split("\n") if l.strip()]


def toks(s: str) -> list[str]:
    return [t.lower() for t in TOK.findall(s)]


def nwords(s: str) -> int:
    return len(s.split())


class TruthIndex:
    def __init__(self, truth: str):
        t = toks(truth)
        self.shingles = {tuple(t[i:i + 4]) for i in range(max(1, len(t) - 3))}
        self.short = set()
        for l in lines_of(truth):
            self.short.add(tuple(toks(l)))
            for c in CLAUSE_SPLIT.split(l):
                tt = tuple(toks(c))
                if tt:
                    self.short.add(tt)
        self.lines = {norm(l) for l in lines_of(truth)}

    def contains(self, line: str) -> bool:
        t = toks(line)
        if not t:
            # punctuation-only line: in truth only if literally a truth line
            return norm(line) in self.lines
        if len(t) < 4:
            return tuple(t) in self.short
        sh = [tuple(t[i:i + 4]) for i in range(len(t) - 3)]
        hit = sum(1 for s in sh if s in self.shingles)
        return hit >= 0.5 * len(sh)


def is_tune(page_id: str) -> bool:
    return page_id[0] in "01234567"


# ---------------------------------------------------------------------------
# Candidate generic boilerplate families (analysis prototypes, not rules).
# Each is matched against a whole stripped line (case-insensitive) and only
# applies to lines of at most `maxw` words.
# ---------------------------------------------------------------------------
_END = r"[\s:.!…»›>|\-–—]*"
MONTHS = ("january february march april may june july august september october november december "
          "jan feb mar apr jun jul aug sep sept oct nov dec "
          "januar februar märz mai juni juli oktober dezember "
          "janvier février mars avril juin juillet août septembre octobre novembre décembre "
          "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre "
          "stycznia lutego marca kwietnia maja czerwca lipca sierpnia września października listopada grudnia")
DATEWORDS = set(MONTHS.split()) | set(
    "monday tuesday wednesday thursday friday saturday sunday mon tue tues wed thu thur thurs fri sat sun "
    "montag dienstag mittwoch donnerstag freitag samstag sonntag lundi mardi mercredi jeudi vendredi samedi dimanche "
    "lunes martes miércoles jueves viernes sábado domingo am pm a m p et est edt pt pst pdt ct cst cdt gmt utc bst cet cest ist "
    "at on de del um à le el o uhr h th st nd rd of".split())

FAMILIES: list[tuple[str, int, str]] = [
    ("advertisement", 8,
     r"(advertisements?|advertising|advert|ads?|anzeigen?|werbung|publicidad|publicité|publicidade|pubblicità|reklama|iklan"
     r"|sponsored( content| links?| stories| post)?|paid (content|post)|promoted( content| stories)?"
     r"|(story|article|content) continues below( advertisement)?|continue reading (the main story|below)"
     r"|ad ?choices|interest based ads)" + _END),
    ("share", 6,
     r"(share( this| the)?( article| story| post| page| it)?|share (on|via) \w+|sharing is caring!?|tweet|pin( it)?"
     r"|\d[\d,.]*k? shares?|shares?|teilen|artikel teilen|beitrag teilen|diesen (artikel|beitrag) teilen"
     r"|teilen sie dies mit|mit freunden teilen|url zum kopieren|partager|partagez|compartir|compartilhe|udostępnij"
     r"|podziel się)" + _END),
    ("social-button", 3,
     r"(facebook|twitter|instagram|youtube|linkedin|pinterest|reddit|whatsapp|flipboard|tumblr|pocket|telegram"
     r"|snapchat|tiktok|e-?mail|print|drucken|imprimer|imprimir|drukuj|rss( feeds?)?|google\+|messenger|sms"
     r"|copy link|copy|mail)" + _END),
    ("follow", 12,
     r"(follow (us|me|\w+)( on .{1,60})?|connect with us|find us on .{1,40}|like us on facebook"
     r"|folg(e|en sie) uns.*|suivez[- ]nous.*|síguenos.*|siga(-nos| o| a)? .{1,40}|nos siga.*|obserwuj nas.*)" + _END),
    ("subscribe/newsletter", 25,
     r"(subscribe( now| today| here)?|subscriptions?|subscriber services|e-edition|digital edition"
     r"|sign up( now| today| here)?|sign up for .{1,80}|.{0,80}\bnewsletters?\b.{0,120}|click here to subscribe.*"
     r"|join our (mailing list|newsletter).*|thanks for signing up!?|.{0,60}\b(in|to) your inbox\b.{0,60}"
     r"|(jetzt )?abonnieren|abonniere .{1,40}|s'abonner|abonnez-vous.*|suscríbete.*|zapisz się.*|zapraszamy (też )?do subskrypcji"
     r"|bleiben sie auf dem laufenden)" + _END),
    ("account", 4,
     r"(sign in|sign out|log ?in|log ?out|register|my account|create (an )?account|anmelden|einloggen|connexion"
     r"|veuillez vous connecter|iniciar sesión|ingresar|zaloguj( się)?)" + _END),
    ("read-more/related", 8,
     r"(read more|learn more|see more|show more|view more|load more|more|more stories|more news|continue reading"
     r"|read (the )?(full|original) (story|article)|related( stories| articles| content| posts| news| links| coverage| topics)?"
     r"|more (from|on|about|in) .{1,40}|(you|you might|you may) (also )?like|also read|read also|recommended( for you)?"
     r"|most (popular|read|viewed|shared|commented)|trending( now| nationally| stories)?|top stories|editor'?s picks"
     r"|latest( news| stories| articles)?|next( article| story| post)?|previous( article| story| post)?"
     r"|weiterlesen|mehr (zum thema|lesen)|(auch|ebenfalls) (lesen|interessant)|lesen sie (auch|mehr)|schon gelesen\??"
     r"|das könnte (sie|dich) auch( interessieren)?|ähnliche (beiträge|artikel)|verwandte (artikel|beiträge|themen)"
     r"|neueste (beiträge|artikel)|weitere (artikel|beiträge|themen|nachrichten)|meist ?gelesen\w*|am meisten gelesen"
     r"|(vorheriger|nächster) (artikel|beitrag)|zurück( zur (übersicht|startseite|liste))?|aktuelle news"
     r"|lire (aussi|la suite)|à (lire|découvrir)( aussi)?( sur .{1,30})?|voir aussi|articles les plus lus|en images"
     r"|leer más|lee también|más leídas|temas relacionados|noticias relacionadas|te puede interesar|veja também"
     r"|leggi anche|per saperne di più|czytaj (też|także|więcej)( w .{1,30})?|zobacz (też|także|również)|polecamy"
     r"|najnowsze|inne artykuły autora|więcej informacji)" + _END),
    ("comments", 8,
     r"(comments?|\d+ comments?|comments? \(\d+\)|view comments|show comments|comments comments|post (a )?comment.*"
     r"|add (a |your )?comment|leave a (reply|comment).*|join the (conversation|discussion)|there are no comments yet"
     r"|be part of the conversation|(your )?email address will not be published.*"
     r"|kommentare?|\d+ kommentare?|(letzte|neueste) kommentare|kommentieren|kommentar verfassen"
     r"|schreibe(n sie)? einen kommentar|hinterlass(e|en sie) eine antwort|deine e-mail-adresse wird nicht veröffentlicht.*"
     r"|commentaires?|vos réactions|votre commentaire|votre adresse e-mail ne sera pas publiée.*|charte des commentaires"
     r"|comentarios?|komentarze?|do dyskusji)" + _END),
    ("cookie/privacy/legal", 40,
     r".*\b(cookies?|privacy (policy|notice|statement|rights|settings)|terms (of (use|service|sale)|and conditions|& conditions)"
     r"|do not sell my|disclaimer|datenschutz(erklärung)?|impressum|mentions légales|conditions générales|aviso legal"
     r"|polityka prywatności|dmca|rechtliches|materiał chroniony prawem|licencja na publikację)\b.*"),
    ("copyright", 30,
     r".*(©|\(c\)\s*\d{4}|\bcopyright\b|ⓒ|all rights reserved|alle rechte vorbehalten|tous droits réservés"
     r"|todos los derechos reservados|wszelkie prawa zastrzeżone|무단전재).*"),
    ("photo-credit", 15,
     r"(\(?\s*(photo|photograph|photos|image|images|picture|pic|foto|fotos|bild|imagen|crédito|credito|crédits? photos?"
     r"|credit|photo credit|image credit|image source|image copyright|source|źródło|quelle|illustration)\s*(:|by\b|credit\b).{0,80}"
     r"|credit\s*\.\.\..*|photograph by.*)"),
    ("agency-credit", 8,
     r"(.{0,60}\b(getty( images)?|reuters|associated press|ap photo|afp|epa|shutterstock|istock(photo)?"
     r"|alamy|dpa|picture alliance|zuma press|xinhua|unsplash|pap)\b.{0,40}"
     r"|.{1,60}\s?/\s?(ap|afp|reuters|getty( images)?|the new york times|epa|shutterstock|xinhua|dpa|ani|pti|ians|bloomberg|nasa|pap)\)?)"),
    ("gallery/ui", 6,
     r"(image caption|media caption|caption|expand|enlarge( this image)?|hide caption|toggle caption|view gallery"
     r"|back to gallery|close|×|x|✕|next|prev(ious)?|less|\.\.\. more|play video|watch( video| now)?|video"
     r"|(image|photo|slide|picture|bild|foto)?\s*\d+\s*(of|von|de|z|/)\s*/?\s*\d+)" + _END),
    ("nav-utility", 6,
     r"(skip to (main )?(content|navigation)|back to top.*|return to top|nach oben|menu|main menu|sections|menu sections"
     r"|search|home|homepage|toggle navigation|navigation|site ?map|contact( us)?|kontakt|about( us)?|über uns|faq|help"
     r"|feedback|careers|jobs|advertise( with us)?|place an ad|site index|logo.*|go to .{1,20}|jump to.*|you are( at| here)"
     r"|startseite|suche|qui sommes-nous\s?\??)" + _END),
    ("wordpress/tags", 10,
     r"(like this:|like loading\.\.\.|post was not sent - check your email addresses!|email check failed, please try again"
     r"|sorry, your blog cannot share posts by email\.|leave a reply cancel reply|tags?:?|related tags:?|filed under:?.*"
     r"|categories:?.*|kategorien:?|posted in .*|related posts?:?|share this:|print this (page|article)|tags: .*|topics:?"
     r"|schlagworte:?|themen:?|argomenti|gefällt mir|bloggen auf wordpress\.com|erstelle eine kostenlose website oder blog.*"
     r"|diese website verwendet akismet.*|this site uses akismet.*|powered by( .{1,30})?)"),
    ("reading-time", 8, r"(.{0,30}\b\d+ min(ute)?s? read|reading time.*|tempo de leitura:?.*|lesezeit.*)"),
    ("byline/dateline", 12,
     r"(by|(by|von|par|por|autor:?|author:?)\s+\S.{0,70}|(published|updated|posted|first published|last updated|last modified"
     r"|veröffentlicht|aktualisiert|publié|mis à jour|publicado|actualizado|opublikowano|publikacja:?)\b.{0,80})"),
]
_FAM_RE = [(name, maxw, re.compile(pat, re.I | re.S)) for name, maxw, pat in FAMILIES]


def is_date_only(line: str) -> bool:
    t = [x.lower() for x in TOK.findall(line)]
    return bool(t) and any(x.isdigit() for x in t) and all(
        x.isdigit() or x in DATEWORDS or re.fullmatch(r"\d+(st|nd|rd|th|h|am|pm)", x) for x in t)


def is_symbol_only(line: str) -> bool:
    return not re.search(r"[^\W\d_]", line)


def families_of(line: str) -> list[str]:
    """Names of all candidate families matching *line* (whole-line match)."""
    s = line.strip()
    out = []
    if not s:
        return out
    w = nwords(s)
    if is_symbol_only(s):
        out.append("bare-number" if re.fullmatch(r"[+-]?\d[\d,.]*[kKmM]?", s) else "symbol-only")
    elif is_date_only(s) and w <= 12:
        out.append("date-only")
    for name, maxw, rx in _FAM_RE:
        if w <= maxw and rx.fullmatch(s):
            out.append(name)
    return out


def family_of(line: str):
    f = families_of(line)
    return f[0] if f else None
