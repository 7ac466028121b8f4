"""Who an attack hit decides its type where the event word does not.

"Attack", "raid", "killed", "gunmen" say violence happened, not between whom. ACLED types an
attack on civilians as Violence against civilians and one on soldiers, police or a base as a
Battle. The target words are data (``civilian_target`` and ``armed_target`` rows of
``geomap/data/event_context.csv``).
"""

from __future__ import annotations

import re
from functools import cache

from geomap.incidents.context_words import phrases

#: Triggers up to this priority name violence without naming whom it hit.
GENERIC_PRIORITY = 45
CIVILIANS = ("Violence against civilians", "Attack")
ARMED = ("Battles", "Armed clash")
_RETYPED = frozenset({CIVILIANS, ARMED})
#: An armed group doing the attacking, or speaking, is no target ("troops stormed", "police
#: said").
_ACTING = re.compile(r"(?i)\s+(?:\w+\s+){0,2}?(?:killed|attacked|opened|launched|stormed|"
                     r"raided|shot|fired|ambushed|struck|shelled|carried|abducted|kidnapped|"
                     r"seized|burned|torched|beheaded|massacred|said|says|told|reported|added|"
                     r"confirmed)\b")


@cache
def _pattern(rule: str) -> re.Pattern[str]:
    return re.compile(rf"(?i)\b(?:{'|'.join(phrases(rule))})\b")


def by_target(event: tuple[str, str], priority: int, clause: str) -> tuple[str, str]:
    """``event`` (type, sub-type), retyped by its targets when the trigger is generic.

    >>> by_target(ARMED, 15, "gunmen attacked a village, killing 12 people")
    ('Violence against civilians', 'Attack')
    >>> by_target(CIVILIANS, 25, "gunmen killed five soldiers at a checkpoint")
    ('Battles', 'Armed clash')
    """
    return typed_by_target(event, priority, clause)[0]


def typed_by_target(event: tuple[str, str], priority: int, clause: str
                    ) -> tuple[tuple[str, str], str | None]:
    """:func:`by_target`'s answer and the target word that decided it (None if none did)."""
    if event not in _RETYPED or priority > GENERIC_PRIORITY:
        return event, None
    civilian = _pattern("civilian_target").search(clause)
    armed = next((m for m in _pattern("armed_target").finditer(clause)
                  if not _ACTING.match(clause, m.end())), None)
    if civilian and not armed:
        return CIVILIANS, civilian.group(0)
    if armed and not civilian:
        return ARMED, armed.group(0)
    return event, None
