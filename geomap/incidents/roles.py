"""Label each place mention with its role: where something happened, or only who/what it names.

"Iran-backed", "US forces" and "Lebanon's Hezbollah" name an actor's origin, never an event site;
demonyms are never sites either. Every other mention is context until an incident links to it.
"""

from __future__ import annotations

import re

from geomap.records import Mention, Place

EVENT_SITE, ACTOR_ORIGIN, CONTEXT = "event_site", "actor_origin", "context"

_ORIGIN_AFTER = re.compile(
    r"(?i)^(?:-(?:backed|led|aligned|allied|based|funded|sponsored|supported|made|linked|"
    r"affiliated|trained|armed)\b|['’]s\s+(?!capital|city|north|south|east|west|border|"
    r"outskirts|centre|center|province|region|coast|town|village|territory|heartland|"
    # "Omdurman's Karari district", "Gaza's Shifa hospital": a part of the place, no actor
    r"(?:[A-Z][\w'’-]*\s+){1,3}(?:district|neighbou?rhood|quarter|suburbs?|hospital|camp|"
    r"market|airport|square|street|port|base|mosque|church|school|university|area)\b)|"
    r"\s+(?:forces|troops|soldiers|military|army|navy|air force|government|officials|"
    r"authorities|police|militia|militias|fighters|drones?|warplanes|jets|president|"
    r"prime minister|minister|ministry|embassy|envoy|officials?|helicopters?|aircraft|"
    r"planes?|warships?|vessels?|marines?|sailors?|pilots?|diplomats?|citizens?|nationals?|"
    r"contractors?|personnel|intelligence|officers?|spokes(?:man|woman|person)|leaders?|"
    r"delegation|convoy|patrols?|hostages?|envoys?|negotiators?)\b)")
#: A country followed by a verb is a government acting ("Iraq has denounced", "the US struck").
_STATE_AS_SUBJECT = re.compile(
    r"(?i)^\s+(?:has|have|had|is|was|will|would|says|said|accuses|accused|denies|denied|"
    r"denounces|denounced|condemns|condemned|launches|launched|conducted|carried|struck|"
    r"bombed|attacked|vows|vowed|warns|warned|claims|claimed|rejects|rejected|urges|urged|"
    r"strike|strikes|air ?strikes?|drone|missile|bombardment|shelling|raids?)\b")


def role_of(text: str, mention: Mention, place: Place | None = None) -> str:
    """``actor_origin`` for demonyms and names used as an actor's origin, else ``context``."""
    after = text[mention.end:mention.end + 30]
    if mention.kind == "demonym" or _ORIGIN_AFTER.match(after):
        return ACTOR_ORIGIN
    if place is not None and place.precision == "country" and _STATE_AS_SUBJECT.match(after):
        return ACTOR_ORIGIN
    return CONTEXT
