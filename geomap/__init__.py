"""geomap: map armed-conflict incidents from news articles, offline first.

The Python API::

    import geomap

    geomap.geoparse("Shelling hit Kharkiv.").mentions   # place mentions and their places
    found = geomap.extract("Gunmen attacked a market in Mosul on Monday.",
                           published="2024-03-05")
    found.incidents                  # GeoJSON features, as incidents.geojson holds them
    found.to_geodataframe()          # incidents; "mentions" or "quotes" for the others
    geomap.Pipeline().process("...") # one article's parse, mentions and incidents
    geomap.run(["news/"], "maps/", formats=["gpkg"])

Everything is imported on first use (PEP 562), so ``import geomap`` and ``geomap --help`` stay
light: the pipeline, its sentence splitter and geopandas load only when asked for.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import date
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from geomap.io.results import Extraction, Geoparsed
    from geomap.pipeline import Pipeline, RunResult

__version__ = "0.1.0"
__all__ = ["Extraction", "Geoparsed", "Pipeline", "RunResult", "__version__", "extract",
           "geoparse", "run"]

#: Names served lazily, and the module each comes from.
_LAZY = {"Pipeline": "geomap.pipeline", "RunResult": "geomap.pipeline",
         "Extraction": "geomap.io.results", "Geoparsed": "geomap.io.results"}


def __getattr__(name: str) -> Any:
    # Lazy (PEP 562): `import geomap.gazetteer.index` must not pay for the whole pipeline's imports.
    if name in _LAZY:
        from importlib import import_module

        return getattr(import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'geomap' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(__all__)


@cache
def _default_pipeline() -> Pipeline:
    from geomap.pipeline import Pipeline

    return Pipeline()


def geoparse(text: str, *, article_id: str | None = None,
             pipeline: Pipeline | None = None) -> Geoparsed:
    """The place mentions of a text and the places they resolve to, without incidents.

    Each mention keeps its span, kind (toponym or demonym), qualifier ("eastern") and the
    candidates considered; the default pipeline (shipped gazetteer, offline) is built once.

    Examples
    --------
    >>> [m.place.name for m in geomap.geoparse("Clashes in Aleppo.").resolutions]  # doctest: +SKIP
    ['Aleppo']
    """
    from geomap.ids import digest
    from geomap.io.results import Geoparsed
    from geomap.parsed import parse_with
    from geomap.records import Article

    article = Article(article_id or f"text-{digest(text, length=8)}", text)
    pipe = pipeline or _default_pipeline()
    mentions = list(parse_with(pipe.recognizer, article).mentions)
    return Geoparsed.from_resolutions(article, pipe.chain.resolve_article(mentions))


def extract(text: str, *, published: date | str | None = None, title: str | None = None,
            source: str | None = None, url: str | None = None, article_id: str | None = None,
            pipeline: Pipeline | None = None) -> Extraction:
    """The incidents and place mentions of one article's text.

    ``published`` (a date, or ISO 8601 or RFC 2822 text) anchors relative dates ("on
    Monday"); the other metadata is carried onto the incidents. The default pipeline (shipped
    gazetteer, offline) is built once and reused.

    Examples
    --------
    >>> geomap.extract("A drone struck a convoy near Erbil.").incidents  # doctest: +SKIP

    Raises
    ------
    ValueError
        When ``published`` is text that is neither an ISO 8601 nor an RFC 2822 date.
    """
    from geomap.ids import digest
    from geomap.io.published import parse_date
    from geomap.io.results import Extraction
    from geomap.records import Article

    day = parse_date(published) if isinstance(published, str) else published
    article = Article(article_id or f"text-{digest(text, length=8)}", text, title=title,
                      published=day, url=url, source=source)
    return Extraction.from_run((pipeline or _default_pipeline()).run([article]))


def run(inputs: str | Path | Sequence[str | Path], out_dir: str | Path, *,
        formats: Sequence[str] | None = None, pipeline: Pipeline | None = None,
        force: bool = False, offline: bool = True, jobs: int = 1,
        factory: Callable[[], Pipeline] | None = None, engine: str = "local",
        scheduler: str | None = None,
        corrections: Mapping[str, Any] | None = None) -> RunResult:
    """What ``geomap run`` does: :func:`geomap.pipeline.run` taking one path or several, as
    text or :class:`~pathlib.Path`.

    ``formats`` defaults to GeoJSON and the map (``["geojson", "html"]``); ``offline`` keeps
    the map's tiles off; ``jobs`` above 1 needs a picklable ``factory`` building a pipeline.

    Examples
    --------
    >>> geomap.run("news/", "maps/", formats=["geojson", "gpkg"])  # doctest: +SKIP

    Raises
    ------
    geomap.errors.OutputError
        When ``out_dir`` holds a file geomap did not write (unless ``force``).
    """
    from geomap.io.formats import DEFAULT_FORMATS
    from geomap.pipeline import run as run_pipeline

    paths = [inputs] if isinstance(inputs, str | Path) else inputs
    return run_pipeline([str(p) for p in paths], Path(out_dir), pipeline=pipeline,
                        offline=offline, force=force, formats=formats or DEFAULT_FORMATS,
                        jobs=jobs, factory=factory, engine=engine, scheduler=scheduler,
                        corrections=corrections)
