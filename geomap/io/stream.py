"""A run's GeoJSON written as the articles are processed, so memory does not grow with them.

Each article's mentions go to ``mentions.geojson`` as soon as the article is done: a mention's
role is known from its own article's incidents, since a merged incident keeps every site
mention of the reports it folds together. Its incidents go to an
:class:`~geomap.incidents.merge.IncidentMerger`, which folds reports of the same event across
articles and keeps them on disk once there are many; they are written, in first-seen order,
when the last article is in. What stays in memory is what merging compares and the title,
link and outlet of the articles that reported an incident. The files are byte for byte what
writing every feature at the end would give.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from types import TracebackType
from typing import Any

from geomap.incidents.merge import IncidentMerger
from geomap.incidents.roles import EVENT_SITE, role_of
from geomap.io.corrections import apply_corrections
from geomap.io.geojson import feature_collection, incident_feature, mention_feature
from geomap.io.writers.geojson import FeatureStream, encode_line, read_features
from geomap.records import Article, Incident, Resolution

logger = logging.getLogger(__name__)

__all__ = ["StreamedFeatures", "StreamedRun", "mention_features", "site_keys"]


def site_keys(incidents: Iterable[Incident]) -> set[tuple[str, int]]:
    """(article id, start) of every mention that placed one of ``incidents``."""
    return {(m.article_id, m.start) for i in incidents
            for m in (*i.site_mentions, *((i.location.mention,) if i.location else ()))}


def mention_features(article: Article, resolutions: Sequence[Resolution],
                     sites: set[tuple[str, int]]) -> list[dict[str, Any]]:
    """The article's mention features, each with its role: an event site when it is one of
    ``sites`` (:func:`site_keys`), else what its words make it."""
    text = article.text
    return [mention_feature(r, role=EVENT_SITE if (r.mention.article_id, r.mention.start)
                            in sites else role_of(text, r.mention, r.place), text=text)
            for r in resolutions]


class StreamedFeatures:
    """The features of a GeoJSON file :class:`~geomap.io.writers.geojson.FeatureStream`
    wrote, read one at a time each time they are iterated (a map reads mentions twice)."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def __iter__(self) -> Iterator[dict[str, Any]]:
        return read_features(self.path)


class StreamedRun:
    """Write mentions as articles come and merged incidents at the end, to two GeoJSON files.

    ``on_mention`` is handed each mention feature as it is written (the map gathers its
    places layer so, instead of reading the file back). ``corrections`` (by incident id) are
    applied to the incidents as they are written; with
    ``keep_incidents`` the merged incidents are also returned by :meth:`finish` (for callers
    that want them in memory, such as the Python API). The merger's spill file goes in
    ``spill_dir``.

    Examples
    --------
    >>> with StreamedRun(incidents_path, mentions_path) as run:  # doctest: +SKIP
    ...     run.add(article, resolutions, incidents)
    ...     merged = run.finish()
    """

    def __init__(self, incidents_path: Path, mentions_path: Path, *,
                 spill_dir: Path | None = None, keep_incidents: bool = False,
                 corrections: Mapping[str, Any] | None = None,
                 on_mention: Callable[[Mapping[str, Any]], None] | None = None) -> None:
        self.incidents_path, self.mentions_path = incidents_path, mentions_path
        self.on_mention = on_mention
        self.keep_incidents = keep_incidents
        self.corrections = dict(corrections or {})
        #: Incidents kept so far (merged), and how many :meth:`finish` wrote.
        self.incident_count = 0
        self.written = 0
        self._head = {k: v for k, v in feature_collection(()).items() if k != "features"}
        self._mentions = FeatureStream(mentions_path, self._head)
        self._merger = IncidentMerger(spill_dir=spill_dir)
        #: Articles that reported an incident, without their text: the incidents' sources.
        self._sources: dict[str, Article] = {}

    def __enter__(self) -> StreamedRun:
        self._mentions.__enter__()
        return self

    def add(self, article: Article, resolutions: Sequence[Resolution],
            incidents: Sequence[Incident]) -> None:
        """Write one article's mentions now and keep its incidents for merging."""
        features = mention_features(article, resolutions, site_keys(incidents))
        self.add_encoded(article, [encode_line(f) for f in features],
                         features if self.on_mention is not None else (), incidents)

    def add_encoded(self, article: Article, mentions: Sequence[str],
                    places: Iterable[Mapping[str, Any]], incidents: Sequence[Incident]) -> None:
        """What :meth:`add` does, with the article's mention features already encoded
        (``encode_line(feature)``, done where the article was processed, in a
        worker process) and ``places``, what ``on_mention`` reads of them (the map's places
        layer): the process writing the files only appends text."""
        for text in mentions:
            self._mentions.write_encoded(text)
        if self.on_mention is not None:
            for feature in places:
                self.on_mention(feature)
        if incidents:
            self._sources[article.id] = replace(article, text="")
            self._merger.extend(incidents)
        self.incident_count = len(self._merger)

    def finish(self) -> list[Incident]:
        """Close the mentions file and write the merged incidents; those incidents when
        ``keep_incidents`` is set, else an empty list."""
        self._mentions.close()
        kept: list[Incident] = []
        used: set[str] = set()
        with FeatureStream(self.incidents_path, self._head) as stream:
            for incident in self._merger:
                feature = incident_feature(incident, articles=self._sources)
                correction = self.corrections.get(incident.incident_id)
                if correction is not None:
                    used.add(incident.incident_id)
                    (feature,), _ = apply_corrections([feature], {incident.incident_id:
                                                                  correction})
                stream.write(feature)
                self.written += 1
                if self.keep_incidents:
                    kept.append(incident)
        unused = sorted(set(self.corrections) - used)
        if unused:
            logger.warning("%d corrections name no incident of this run: %s", len(unused),
                           ", ".join(unused[:5]))
        return kept

    @property
    def sources(self) -> dict[str, Article]:
        """The articles (without text) that reported an incident, by id."""
        return self._sources

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        try:
            self._mentions.close(complete=kind is None)
        finally:
            self._merger.close()
