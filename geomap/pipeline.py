"""Wire the stages: articles → mentions → resolutions → incidents → outputs.

Each stage lives in its own module; this one only chains them and counts what happened, so the
CLI and library users (``geomap.run``) share one code path.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from geomap.errors import InputError
from geomap.gazetteer.index import Gazetteer
from geomap.incidents.extract import extract, not_about_conflict
from geomap.incidents.merge import merge_incidents
from geomap.incidents.roles import EVENT_SITE, role_of
from geomap.io.articles import read_articles
from geomap.io.geojson import feature_collection, incident_feature, mention_feature, write_geojson
from geomap.parsed import ParsedArticle, parse_with
from geomap.recognize import MentionFinder
from geomap.recognize.recognizer import Recognizer
from geomap.records import Article, Incident, Resolution
from geomap.resolve import GazetteerResolver, Resolver, ResolverChain

logger = logging.getLogger(__name__)


@dataclass
class ArticleResult:
    """What the pipeline found in one article: the parsed article and its incidents."""

    parsed: ParsedArticle
    incidents: list[Incident]
    #: Why the article was judged to report no armed conflict (None when it may report one).
    not_conflict: str | None = None

    @property
    def article(self) -> Article:
        """The article as read."""
        return self.parsed.article

    @property
    def resolutions(self) -> list[Resolution]:
        """Every mention of the article with its place (or none), in text order."""
        return list(self.parsed.resolutions)


@dataclass
class RunResult:
    """Everything a run produced, and the per-article problems it skipped."""

    articles: list[ArticleResult] = field(default_factory=list)
    incidents: list[Incident] = field(default_factory=list)
    errors: list[InputError] = field(default_factory=list)
    written: dict[str, Path] = field(default_factory=dict)

    def mentions_geojson(self) -> list[dict[str, Any]]:
        """Mention features of every article, roles included."""
        sites = {(m.article_id, m.start) for i in self.incidents
                 for m in (*i.site_mentions, *((i.location.mention,) if i.location else ()))}
        return [mention_feature(r, role=EVENT_SITE if (r.mention.article_id, r.mention.start)
                                in sites else role_of(a.article.text, r.mention, r.place),
                                text=a.article.text)
                for a in self.articles for r in a.resolutions]

    def summary(self) -> dict[str, int]:
        """Counts for the run summary line."""
        resolutions = [r for a in self.articles for r in a.resolutions]
        return {"articles": len(self.articles), "skipped": len(self.errors),
                "mentions": len(resolutions),
                "resolved": sum(r.place is not None for r in resolutions),
                "unresolved": sum(r.place is None for r in resolutions),
                "service_errors": sum(r.error is not None for r in resolutions),
                "by_fallback": sum(r.place is not None and r.resolver != "gazetteer"
                                   for r in resolutions),
                "cached": sum(r.cached for r in resolutions),
                "not_conflict": sum(a.not_conflict is not None for a in self.articles),
                "incidents": len(self.incidents)}


class Pipeline:
    """The configured stages; build once, then process any number of articles.

    ``recognizer`` finds the mentions: :class:`~geomap.recognize.recognizer.Recognizer` on
    ``gazetteer`` by default, or any object with ``find(article)``, e.g. from
    :func:`geomap.recognize.get_recognizer`.

    Examples
    --------
    >>> Pipeline().process(article).incidents  # doctest: +SKIP
    """

    def __init__(self, gazetteer: Gazetteer | None = None, *,
                 fallbacks: Sequence[Resolver] = (), fallback_below: float = 0.0,
                 recognizer: MentionFinder | None = None, focus_country: bool = True) -> None:
        self.gazetteer = gazetteer or Gazetteer()
        self.recognizer = recognizer or Recognizer(self.gazetteer)
        self.chain = ResolverChain(GazetteerResolver(self.gazetteer), fallbacks,
                                   fallback_below=fallback_below, focus_country=focus_country)

    def process(self, article: Article) -> ArticleResult:
        """Find, resolve and extract in one article, which is split into sentences once."""
        parsed = parse_with(self.recognizer, article)
        parsed = parsed.with_resolutions(self.chain.resolve_article(list(parsed.mentions)))
        reason = not_about_conflict(parsed)
        if reason:
            logger.info("%s: %s", article.id, reason)
        return ArticleResult(parsed, extract(parsed), reason)

    def run(self, articles: Iterable[Article]) -> RunResult:
        """Process every article and merge incidents reported more than once."""
        result = RunResult()
        for article in articles:
            result.articles.append(self.process(article))
        result.incidents = merge_incidents(i for a in result.articles for i in a.incidents)
        return result


def run(inputs: Sequence[str], out_dir: Path, *, pipeline: Pipeline | None = None,
        offline: bool = True, force: bool = False,
        corrections: Mapping[str, Any] | None = None) -> RunResult:
    """Read ``inputs``, write incidents.geojson, mentions.geojson and map.html to ``out_dir``.

    Bad articles are skipped and listed in ``RunResult.errors``. ``corrections`` (by incident
    id, :func:`geomap.io.corrections.read_corrections`) are applied to the incidents written.

    Raises
    ------
    InputError
        When an input path is missing or no article could be read at all.
    OutputError
        When an output exists that geomap did not write and ``force`` is False.
    """
    from geomap.io.corrections import apply_corrections
    from geomap.io.output import check_writable
    from geomap.render.map import build_map, save_map

    targets = {name: out_dir / name for name in
               ("incidents.geojson", "mentions.geojson", "map.html")}
    for path in targets.values():
        check_writable(path, force=force)
    errors: list[InputError] = []
    articles = list(read_articles(inputs, on_error=errors.append))
    if not articles:
        raise errors[0] if len(errors) == 1 else InputError(
            f"no readable article in {', '.join(inputs)} ({len(errors)} problems; the first: "
            f"{errors[0]})")
    result = (pipeline or Pipeline()).run(articles)
    result.errors = errors
    incidents = [incident_feature(i) for i in result.incidents]
    if corrections:
        incidents, _ = apply_corrections(incidents, corrections)
    mentions = result.mentions_geojson()
    # the map is built before anything is written: a failure leaves the last run's set whole
    html = build_map(feature_collection(incidents), feature_collection(mentions), articles,
                     offline=offline)
    for name, features in (("incidents", incidents), ("mentions", mentions)):
        result.written[name] = write_geojson(targets[f"{name}.geojson"], features, force=force)
    result.written["map"] = save_map(targets["map.html"], html, force=force)
    return result
