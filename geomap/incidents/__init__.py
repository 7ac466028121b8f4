"""Incidents: what happened, where, when, who and how many died, with the source quote.

:mod:`.extract` finds event words and builds the records, using :mod:`.linking` (event word to
place), :mod:`.actors`, :mod:`.dates`, :mod:`.quantities`, :mod:`.roles` and
:mod:`.context_words`; :mod:`.merge` joins reports of one event across articles.
"""

from geomap.incidents.extract import extract
from geomap.incidents.merge import merge_incidents

__all__ = ["extract", "merge_incidents"]
