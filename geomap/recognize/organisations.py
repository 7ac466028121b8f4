"""Organisations named with their acronym: the plain words inside them are no places.

News names an agency or a force once in full with its acronym after it: "the UK Maritime Trade
Operations (UKMTO)", "the Food and Drug Administration (FDA)". A plain English word inside such
a name ("Maritime", a region of Togo; "Drug", a town of India) is a part of the name, not a
place. A proper name inside one stays a mention ("Titus County" of "Titus County Sheriff's
Office (TCSO)": the office is there). The words before the brackets whose initials spell the
acronym make the name; a name that is a place in full ("Democratic Republic of the Congo
(DRC)") is left to the gazetteer.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from geomap import rules
from geomap.records import Mention

#: "(UKMTO)", "(SOHR)", "(IDPs)": an acronym in brackets.
_ACRONYM = re.compile(r"[ \t\u00a0]\(([A-Z]{2,8})s?\)")
_WORD = re.compile(r"[^\W_][\w'’.&-]*")
#: Small words a name may hold that give its acronym no letter.
_CONNECTORS = frozenset("of for and the on in de la du des el al".split())
#: How far before the brackets a name is looked for.
_REACH = 160


def acronym_names(text: str) -> list[tuple[int, int]]:
    """The ``(start, end)`` of every name whose initials its bracketed acronym spells."""
    names = []
    for bracket in _ACRONYM.finditer(text):
        acronym, end = bracket.group(1), bracket.start()
        words = list(_WORD.finditer(text, max(0, end - _REACH), end))
        if not words or words[-1].end() != end:
            continue
        letters, start = "", None
        for word in reversed(words):
            token = word.group(0)
            if token.lower() in _CONNECTORS and letters:
                continue
            if not token[:1].isupper():
                break
            letters = (token if token.isupper() else token[0]) + letters
            if letters == acronym:
                start = word.start()
                break
            if not acronym.endswith(letters):
                break
        if start is not None:
            names.append((start, end))
    return names


def outside_acronym_names(text: str, mentions: Sequence[Mention]) -> list[Mention]:
    """The mentions but the plain words inside an organisation's name."""
    names = acronym_names(text) if "(" in text else []
    if not names:
        return list(mentions)
    words = rules.english_words()
    return [m for m in mentions if m.text.lower() not in words or not any(
        start <= m.start and m.end <= end and (m.start, m.end) != (start, end)
        for start, end in names)]
