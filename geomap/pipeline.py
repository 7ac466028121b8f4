"""Wire the stages: articles → mentions → resolutions → incidents → outputs.

Each stage lives in its own module; this one only chains them and counts what happened, so the
CLI and library users (``geomap.run``) share one code path.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import partial
from itertools import chain
from pathlib import Path
from typing import TYPE_CHECKING, Any

from geomap.errors import AssetsMissingError, InputError, OutputError
from geomap.gazetteer.index import Gazetteer
from geomap.ids import digest
from geomap.incidents.extract import extract_reported, not_about_conflict
from geomap.incidents.merge import merge_incidents
from geomap.io.articles import ReadMeter, read_articles
from geomap.io.formats import DEFAULT_FORMATS, parse_formats, plan, write_targets
from geomap.io.limits import ArticleLimits
from geomap.parsed import ParsedArticle, parse_with
from geomap.recognize import MentionFinder
from geomap.recognize.recognizer import Recognizer
from geomap.records import Article, Incident, Resolution
from geomap.resolve import GazetteerResolver, Resolver, ResolverChain

if TYPE_CHECKING:
    import geopandas
    import pandas

    from geomap.parallel import Processor

logger = logging.getLogger(__name__)
#: Where articles are processed: ``local``, in this process or ``jobs`` worker processes
#: (:mod:`geomap.parallel`); ``dask``, on a Dask cluster (:mod:`geomap.cluster`).
ENGINES = ("local", "dask")


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


#: The run summary's counts, in the order it prints them.
SUMMARY_KEYS = ("articles", "skipped", "mentions", "resolved", "unresolved", "service_errors",
                "by_fallback", "cached", "not_conflict", "incidents")


def tally(done: ArticleResult) -> Counter[str]:
    """One article's part of the run summary."""
    resolutions = done.parsed.resolutions
    return Counter({"articles": 1, "mentions": len(resolutions),
                    "resolved": sum(r.place is not None for r in resolutions),
                    "unresolved": sum(r.place is None for r in resolutions),
                    "service_errors": sum(r.error is not None for r in resolutions),
                    "by_fallback": sum(r.place is not None and r.resolver != "gazetteer"
                                       for r in resolutions),
                    "cached": sum(r.cached for r in resolutions),
                    "not_conflict": int(done.not_conflict is not None)})


@dataclass
class RunResult:
    """Everything a run produced, and the per-article problems it skipped.

    A streamed run (:func:`run` with ``keep=False``) keeps no article or incident: ``counts``
    and ``incident_count`` say how many there were.
    """

    articles: list[ArticleResult] = field(default_factory=list)
    incidents: list[Incident] = field(default_factory=list)
    errors: list[InputError] = field(default_factory=list)
    written: dict[str, Path] = field(default_factory=dict)
    #: The summary's counts of the articles processed so far (see :func:`tally`).
    counts: Counter[str] = field(default_factory=Counter)
    #: Incidents found so far, merged (None: count ``incidents``).
    incident_count: int | None = None

    def add(self, done: ArticleResult, *, keep: bool = True) -> None:
        """Count one processed article, and keep it unless ``keep`` is False."""
        self.counts.update(tally(done))
        if keep:
            self.articles.append(done)

    def mentions_geojson(self) -> list[dict[str, Any]]:
        """Mention features of every article, roles included."""
        from geomap.io.stream import mention_features, site_keys

        sites = site_keys(self.incidents)
        return [f for a in self.articles for f in mention_features(a.article, a.resolutions, sites)]

    def to_geodataframe(self, table: str = "incidents",
                        ) -> geopandas.GeoDataFrame | pandas.DataFrame:
        """The run's ``incidents``, ``mentions`` or ``quotes`` as a (Geo)DataFrame in the
        declared schema: :meth:`geomap.io.results.Extraction.to_geodataframe`."""
        from geomap.io.results import Extraction

        return Extraction.from_run(self).to_geodataframe(table)

    def summary(self) -> dict[str, int]:
        """Counts for the run summary line."""
        counts = self.counts if self.counts else sum((tally(a) for a in self.articles),
                                                     Counter())
        found = {**counts, "skipped": len(self.errors),
                 "incidents": len(self.incidents) if self.incident_count is None
                 else self.incident_count}
        return {key: found.get(key, 0) for key in SUMMARY_KEYS}


@dataclass
class ArticleOutput:
    """What a run writes and counts of one article, made where the article was processed.

    With worker processes, the mention features are encoded in the worker, and only their
    text, the incidents and the counts travel back to the process writing the files, not the
    article's words and resolutions: unpickling those, and encoding the features, made that
    one process the bound on how much a second worker adds.
    """

    #: The article without its text.
    article: Article
    #: Each mention feature as ``mentions.geojson`` holds it (``encode_line``: one line).
    mentions: list[str]
    #: What the map's places layer reads of each mention feature; empty when no map is drawn.
    places: list[dict[str, Any]]
    incidents: list[Incident]
    #: The article's part of the run summary (:func:`tally`).
    counts: Counter[str]
    #: The whole result, when the run keeps every article.
    result: ArticleResult | None = None


def article_output(done: ArticleResult, *, keep: bool = False,
                   places: bool = False) -> ArticleOutput:
    """``done`` made ready to write: see :class:`ArticleOutput`."""
    from geomap.io.stream import mention_features, site_keys
    from geomap.io.writers.geojson import encode_line
    from geomap.render.places_mentioned import PlacesMentioned

    features = mention_features(done.article, done.parsed.resolutions, site_keys(done.incidents))
    return ArticleOutput(replace(done.article, text=""),
                         [encode_line(f) for f in features],
                         [PlacesMentioned.essentials(f) for f in features] if places else [],
                         done.incidents, tally(done), done if keep else None)


class Pipeline:
    """The configured stages; build once, then process any number of articles.

    ``recognizer`` finds the mentions: :class:`~geomap.recognize.recognizer.Recognizer` on
    ``gazetteer`` by default, or any object with ``find(article)``, e.g. from
    :func:`geomap.recognize.get_recognizer`. ``limits`` bounds what one article may cost
    (:class:`~geomap.io.limits.ArticleLimits`; its defaults when None).

    Examples
    --------
    >>> Pipeline().process(article).incidents  # doctest: +SKIP
    """

    def __init__(self, gazetteer: Gazetteer | None = None, *,
                 fallbacks: Sequence[Resolver] = (), fallback_below: float = 0.0,
                 recognizer: MentionFinder | None = None, focus_country: bool = True,
                 limits: ArticleLimits | None = None) -> None:
        self.gazetteer = gazetteer or Gazetteer()
        self.limits = limits or ArticleLimits()  # per-article bounds (io/limits.py)
        self.recognizer = recognizer or Recognizer(self.gazetteer)
        self.chain = ResolverChain(GazetteerResolver(self.gazetteer), fallbacks,
                                   fallback_below=fallback_below, focus_country=focus_country)

    def process(self, article: Article | str) -> ArticleResult:
        """Find, resolve and extract in one article, which is split into sentences once.

        A plain string is an article with that text, its id derived from the text.
        """
        if isinstance(article, str):
            article = Article(f"text-{digest(article, length=8)}", article)
        article = self.limits.text(article)
        parsed = self.limits.parsed(parse_with(self.recognizer, article))
        parsed = parsed.with_resolutions(self.chain.resolve_article(list(parsed.mentions)))
        reason = not_about_conflict(parsed)
        if reason:
            logger.info("%s: %s", article.id, reason)
        incidents = extract_reported(parsed) if reason is None else []
        return ArticleResult(parsed, self.limits.incidents_of(article, incidents), reason)

    def run(self, articles: Iterable[Article], *, jobs: int = 1,
            factory: Callable[[], Pipeline] | None = None) -> RunResult:
        """Process every article and merge incidents reported more than once.

        With ``jobs`` above 1, articles are processed by that many worker processes, each with
        a pipeline from ``factory`` (a picklable callable; see :mod:`geomap.parallel`), built
        once per worker. The results are the same, in the same order, as with one job.

        Raises
        ------
        ValueError
            When ``jobs`` is above 1 and no ``factory`` is given: this pipeline cannot be sent
            to other processes, and they must build one like it.
        """
        return process_articles(articles, jobs=jobs, factory=factory, local=self)


@dataclass
class _Outputs:
    """Processes articles with ``pipeline`` and gives each one's :class:`ArticleOutput`."""

    pipeline: Pipeline
    keep: bool
    places: bool

    def process(self, article: Article) -> ArticleOutput:
        return article_output(self.pipeline.process(article), keep=self.keep,
                              places=self.places)


def _outputs_of(factory: Callable[[], Pipeline], keep: bool, places: bool) -> _Outputs:
    """In a worker: the pipeline from ``factory``, giving article outputs."""
    return _Outputs(factory(), keep, places)


def stream_articles(articles: Iterable[Article], *, jobs: int = 1,
                    factory: Callable[[], Processor[Any]] | None = None,
                    local: Processor[Any] | None = None, engine: str = "local",
                    scheduler: str | None = None,
                    on_dashboard: Callable[[str], None] | None = None,
                    ) -> Iterator[Any]:
    """Each article's result, in input order, as it is done: by ``local`` with one job (else
    by one ``factory()``), else by ``jobs`` workers with a pipeline each from ``factory``.

    Articles are read from ``articles`` only a few batches ahead of the results, so a run of
    any length holds only those in memory. The ``dask`` engine runs the same per-article code
    on the Dask cluster at ``scheduler``, else on a local one of ``jobs`` workers (one per core
    when ``jobs`` is 1), and ``on_dashboard`` is told the address of its dashboard; see
    :mod:`geomap.cluster`.

    Raises
    ------
    ValueError
        When workers are asked for and no ``factory`` is given (a pipeline cannot be sent to
        other processes, and they must build one like it), or the engine is unknown.
    """
    from geomap.parallel import process_all

    if engine not in ENGINES:
        raise ValueError(f"unknown engine {engine!r}; choose from {', '.join(ENGINES)}")
    if factory is None and (jobs > 1 or local is None or engine != "local"):
        raise ValueError("workers need a factory that builds the pipeline in each of them")
    if engine == "dask":
        from geomap.cluster import process_on_dask

        return process_on_dask(factory or Pipeline, articles, scheduler=scheduler,
                               workers=jobs if jobs > 1 else None, on_dashboard=on_dashboard)
    return process_all(factory or Pipeline, articles, jobs=jobs, local=local)


def process_articles(articles: Iterable[Article], *, jobs: int = 1,
                     factory: Callable[[], Pipeline] | None = None,
                     local: Pipeline | None = None, engine: str = "local",
                     scheduler: str | None = None) -> RunResult:
    """What :meth:`Pipeline.run` does: every result of :func:`stream_articles` kept, and
    incidents reported more than once merged.

    Raises
    ------
    ValueError
        As :func:`stream_articles`.
    """
    result = RunResult()
    for done in stream_articles(articles, jobs=jobs, factory=factory, local=local,
                                engine=engine, scheduler=scheduler):
        result.add(done)
    result.incidents = merge_incidents(i for a in result.articles for i in a.incidents)
    return result


def run(inputs: Sequence[str], out_dir: Path, *, pipeline: Pipeline | None = None,
        offline: bool = True, force: bool = False,
        formats: Sequence[str] = DEFAULT_FORMATS, jobs: int = 1,
        factory: Callable[[], Pipeline] | None = None, engine: str = "local",
        scheduler: str | None = None,
        corrections: Mapping[str, Any] | None = None, keep: bool = True,
        progress: Callable[[RunResult], None] | None = None,
        on_dashboard: Callable[[str], None] | None = None,
        meter: ReadMeter | None = None) -> RunResult:
    """Read ``inputs``, write their incidents and mentions to ``out_dir`` in ``formats``.

    The default formats, ``geojson`` and ``html``, write incidents.geojson, mentions.geojson
    and map.html; see :data:`geomap.io.writers.FORMATS` for the others. Bad articles are
    skipped and listed in ``RunResult.errors``. ``jobs`` worker processes share the articles,
    each with a pipeline from ``factory`` (default :class:`Pipeline`); the outputs are the
    same as with one. ``engine="dask"`` processes them on a Dask cluster instead (the one at
    ``scheduler``, else a local one), whose workers read the input files where they see them:
    see :func:`geomap.cluster.read_on_dask`. ``corrections`` (by
    incident id, :func:`geomap.io.corrections.read_corrections`) are applied to the incidents
    written.

    Articles are read, processed and their mentions written as a stream, and incidents merged
    as they come (:mod:`geomap.io.stream`). With ``keep`` (the default) every article's result
    and the merged incidents are also kept in the result; ``keep=False`` keeps only counts,
    so memory stays flat however many articles there are (the map and the layer formats,
    GeoPackage and the like, still hold what they draw or write). ``progress`` is called with
    the result so far after each article, and ``on_dashboard`` with the Dask dashboard's
    address when Dask runs; ``meter`` is kept told how much of the input has been read
    (:class:`geomap.io.articles.ReadMeter`), for a progress bar.

    Raises
    ------
    InputError
        When an input path is missing or no article could be read at all.
    OutputError
        When a format is unknown, or an output exists that geomap did not write and ``force``
        is False.
    AssetsMissingError
        When the map's libraries are not installed: the other outputs are written first.
    """
    from geomap.io.output import check_writable
    from geomap.io.output_set import OutputSet, check_unedited, untouched
    from geomap.io.stream import StreamedFeatures, StreamedRun
    from geomap.io.writers import FORMATS
    from geomap.io.writers.geojson import read_features
    from geomap.render.places_mentioned import PlacesMentioned

    if out_dir.exists() and not out_dir.is_dir():  # said before any article is read
        raise OutputError(f"{out_dir}: is a file; --out names the folder to write into")
    targets = plan(out_dir, parse_formats(formats))
    for target in targets:
        check_writable(target.path, force=force)
        check_unedited(target.path, force=force)  # its mark kept, its content edited by hand
    result = RunResult()
    drawn = any(t.label == "map" for t in targets)
    base = factory or (None if pipeline else Pipeline)
    # each article's mentions encoded where it is processed: see ArticleOutput
    outputs_of = partial(_outputs_of, base, keep, drawn) if base else None
    done: Iterator[ArticleOutput]
    if engine == "dask" and outputs_of is not None:  # the workers read what they can see
        from geomap.cluster import read_on_dask

        done = read_on_dask(outputs_of, inputs, on_error=result.errors.append, meter=meter,
                            scheduler=scheduler, workers=jobs if jobs > 1 else None,
                            on_dashboard=on_dashboard)
    else:
        done = stream_articles(
            read_articles(inputs, on_error=result.errors.append, meter=meter), jobs=jobs,
            engine=engine, scheduler=scheduler, on_dashboard=on_dashboard,
            local=_Outputs(pipeline, keep, drawn) if pipeline else None, factory=outputs_of)
    # the first article is processed before the output folder is touched: a setting that
    # cannot build the pipeline, or an input with no readable article, leaves it as it was
    try:
        first = next(done, None)
    except KeyboardInterrupt:  # as Ctrl-C later on says it
        raise untouched(out_dir, existed=out_dir.exists()) from None
    if first is None:
        errors = result.errors
        raise errors[0] if len(errors) == 1 else InputError(
            f"no readable article in {', '.join(inputs)} ({len(errors)} problems; the "
            f"first: {errors[0]})")
    missing: AssetsMissingError | None = None
    if drawn:  # the map's libraries load now, while any workers process the next articles
        from geomap.render.map import build_map, save_map

    # every file is staged, then all replace the last run's together (io/output_set.py)
    with OutputSet(out_dir) as outputs:
        assert outputs.staging is not None
        geojson = {t.tables[0]: outputs.staged(t.path) for t in targets
                   if t.writer is FORMATS["geojson"]}
        paths = {table: geojson.get(table, outputs.staging / f".{table}.geojson")
                 for table in ("incidents", "mentions")}
        # the map's places layer is gathered as the mentions are written, not read back
        places = PlacesMentioned() if drawn else None
        with StreamedRun(paths["incidents"], paths["mentions"], spill_dir=outputs.staging,
                         keep_incidents=keep, corrections=corrections,
                         on_mention=places.add if places else None) as streamed:
            for output in chain((first,), done):
                streamed.add_encoded(output.article, output.mentions, output.places,
                                     output.incidents)
                result.counts.update(output.counts)
                if output.result is not None:
                    result.articles.append(output.result)
                result.incident_count = streamed.incident_count
                if progress is not None:
                    progress(result)
            result.incidents = streamed.finish()
            result.incident_count = None if keep else streamed.written
            sources = streamed.sources
        written = {t.label: p for t in targets if t.writer is FORMATS["geojson"]
                   for p in (geojson[t.tables[0]],)}
        others = [replace(t, path=outputs.staged(t.path)) for t in targets
                  if t.label != "map" and t.writer is not FORMATS["geojson"]]
        if others:  # the layer formats are filled from the tables, read back
            tables = {table: list(read_features(path)) for table, path in paths.items()}
            written.update(write_targets(others, tables, force=True))
        if drawn:
            try:
                # the incidents read from their file as they are drawn: the map holds its own
                # compact columns, never every incident's feature
                page = build_map({"features": StreamedFeatures(paths["incidents"])},
                                 {"features": StreamedFeatures(paths["mentions"])},
                                 sources.values(), offline=offline, places=places)
            except AssetsMissingError as err:
                missing = err
            else:
                (target,) = (t for t in targets if t.label == "map")
                written["map"] = save_map(outputs.staged(target.path), page, force=True)
        moved = outputs.commit()
    # in the order the formats were given, the map last
    labels = [*(t.label for t in targets if t.label != "map"), "map"]
    result.written = {label: moved[written[label]] for label in labels if label in written}
    if missing:
        raise AssetsMissingError(f"wrote {', '.join(p.name for p in result.written.values())} "
                                 f"but no map: {missing}") from missing
    return result
