"""Incidents: what happened, where, when, who and how many died, with the source quote.

:mod:`.extract` finds event words and builds the records, using :mod:`.linking` (event word to
place), :mod:`.actors`, :mod:`.dates`, :mod:`.quantities`, :mod:`.roles` and
:mod:`.context_words`; :mod:`.merge` joins reports of one event across articles. The stage's
function is exported as ``extract_incidents``, so that ``geomap.incidents.extract`` stays the
module (a function of the same name would hide it from ``import geomap.incidents.extract``).
"""

from geomap.incidents.extract import extract as extract_incidents
from geomap.incidents.merge import merge_incidents

__all__ = ["extract_incidents", "merge_incidents"]
