"""Resolution: each mention to a place, with the article as context.

The gazetteer resolver ranks a name's readings (:mod:`.readings`, :mod:`.ranking`, :mod:`.cues`);
the chain (:mod:`.chain`) adds the online fallbacks and, last, the article's focus
(:mod:`.focus`).
"""

from geomap.resolve.chain import Resolver, ResolverChain
from geomap.resolve.gazetteer_resolver import GazetteerResolver

__all__ = ["GazetteerResolver", "Resolver", "ResolverChain"]
