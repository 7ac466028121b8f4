"""Resolution: each mention to a place, with the article as context.

The gazetteer resolver ranks a name's readings (:mod:`.readings`, :mod:`.ranking`, :mod:`.cues`),
narrowed to the areas the text puts them in (:mod:`.containment`), with hand-set or learned
weights (:mod:`.model`, fitted by :mod:`.learn`); the chain (:mod:`.chain`) adds the online
fallbacks and, last, the article's focus (:mod:`.focus`).
"""

from geomap.resolve.chain import Resolver, ResolverChain
from geomap.resolve.gazetteer_resolver import GazetteerResolver

__all__ = ["GazetteerResolver", "Resolver", "ResolverChain"]
