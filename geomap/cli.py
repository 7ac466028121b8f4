"""The ``geomap`` command line: thin commands that parse options, call the library and print.

Data goes to stdout, messages to stderr. A :class:`~geomap.errors.GeomapError` becomes one
``Error: ...`` line and exit code 1; usage errors exit 2.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from enum import Enum
from functools import partial, wraps
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer

from geomap import __version__
from geomap.errors import GeomapError, MissingExtraError, OutputError, RunInterrupted
from geomap.interrupts import noted
from geomap.options import (
    ClusterAbove,
    Config,
    CountryFallback,
    Force,
    GazetteerPath,
    GeocodeCache,
    Geocoder,
    GeocoderOptions,
    Geocoding,
    Inputs,
    Json,
    MaxDataMb,
    Offline,
    Places,
    RecognizerChoice,
    SpacyModel,
    Tiles,
    UserAgent,
)

if TYPE_CHECKING:
    from geomap.gazetteer.index import Gazetteer
    from geomap.pipeline import Pipeline
    from geomap.settings import Settings

app = typer.Typer(help="Map armed-conflict incidents from news articles.",
                  no_args_is_help=True, add_completion=False)
gazetteer_app = typer.Typer(help="Build, inspect and query the local gazetteer.",
                            no_args_is_help=True)
app.add_typer(gazetteer_app, name="gazetteer")
assets_app = typer.Typer(help="Install the JavaScript/CSS libraries maps inline.",
                         no_args_is_help=True)
app.add_typer(assets_app, name="assets")

F = TypeVar("F", bound=Callable[..., Any])
Corrections = Annotated[Path | None, typer.Option(
    "--corrections", help="Apply a corrections file exported from the review map (by "
    "incident id); each change and note is kept in the incident's 'review'.", exists=True,
    dir_okay=False)]


def reports_errors(func: F) -> F:
    """Turn a GeomapError into one ``Error:`` line on stderr and exit code 1."""
    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except GeomapError as err:
            typer.echo(f"Error: {err}", err=True)
            raise typer.Exit(1) from None
    return wrapper  # type: ignore[return-value]


def _version(value: bool) -> None:
    if value:
        from geomap.gazetteer.index import ATTRIBUTION

        typer.echo(f"geomap {__version__}\n{ATTRIBUTION}")
        raise typer.Exit()


@app.callback()
def main(version: Annotated[bool, typer.Option(
        "--version", callback=_version, is_eager=True, help="Show the version and exit.")] = False,
         ) -> None:
    """Map armed-conflict incidents from news articles: place mentions, incidents, maps."""


def _settings(config: Path | None, *, geocoder_option: list[str] | None = None,
              **flags: Any) -> Settings:
    """The settings for one command: config file < environment < the flags given."""
    from geomap.settings import load_settings

    given = {k: v.value if isinstance(v, Enum) else v for k, v in flags.items()}
    return load_settings(config, options=geocoder_option or (), **given)


def _pipeline(settings: Settings, *, fallbacks: bool = True) -> Pipeline:
    """The pipeline the settings describe; with ``fallbacks``, the online geocoder behind it
    (asked only when ``settings.geocoding``; else a named cache answers)."""
    from geomap.gazetteer.index import Gazetteer
    from geomap.pipeline import Pipeline

    resolvers, below = [], 0.0
    if fallbacks:
        from geomap.geocoders.fallbacks import build_fallbacks
        resolvers = build_fallbacks(settings, offline=not settings.geocoding)
        below = settings.fallback_below
    gaz = Gazetteer(settings.gazetteer, places_csv=settings.places)
    return Pipeline(gaz, fallbacks=resolvers, fallback_below=below,
                    recognizer=_recognizer(gaz, settings),
                    focus_country=settings.country_fallback, limits=settings.limits)


def _batch_pipeline(settings: Settings) -> Pipeline:
    """:func:`_pipeline` for a process that runs one batch of articles (``geomap run`` and its
    worker processes): its garbage collector tuned for that (:mod:`geomap.collector`)."""
    from geomap.collector import built_for_a_batch

    return built_for_a_batch(partial(_pipeline, settings))


def _corrections(path: Path | None) -> dict[str, Any] | None:
    """The corrections file's corrections by incident id, read before anything runs."""
    if path is None:
        return None
    from geomap.io.corrections import read_corrections

    return read_corrections(path)


def _recognizer(gazetteer: Gazetteer, settings: Settings) -> Any:
    from geomap.recognize import get_recognizer

    return get_recognizer(settings.recognizer)(gazetteer, model=settings.spacy_model)


def _check_formats(names: list[str] | None) -> list[str] | None:
    """Usage error (exit 2) for an unknown format name, listing the known ones; one
    ``Error:`` line (exit 1) for a format whose libraries are not installed."""
    if names:
        from geomap.io.formats import parse_formats

        try:
            parse_formats(names)
        except OutputError as err:
            raise typer.BadParameter(str(err)) from None
        except MissingExtraError as err:
            typer.echo(f"Error: {err}", err=True)
            raise typer.Exit(1) from None
    return names


#: ``--format`` of ``run``: output formats by name (repeatable, or a comma list).
Formats = Annotated[list[str] | None, typer.Option(
    "--format", "-f", show_default=False, callback=_check_formats,
    help="Output formats, repeatable or comma-separated: geojson, html (the map), geojsonseq, "
         "gpkg, fgb, parquet, csv, kml, acled-csv (default: geojson,html).")]


#: ``--jobs`` of ``run``: worker processes, each with its own gazetteer.
Jobs = Annotated[int | None, typer.Option(
    "--jobs", "-j", min=1, show_default=False, help="Worker processes sharing the articles, "
    "each loading the gazetteer once (default: one per core); the outputs are the same as "
    "with one.")]
#: ``--quiet`` of ``run``: no progress line.
Quiet = Annotated[bool, typer.Option(
    "--quiet", "-q", help="No progress line on stderr (it is shown only on a terminal, for "
    "runs longer than a few seconds).")]


class Engine(str, Enum):
    """Where ``run`` processes articles (:data:`geomap.pipeline.ENGINES`)."""

    local = "local"
    dask = "dask"


EngineChoice = Annotated[Engine, typer.Option(
    "--engine", help="local: this machine, --jobs processes; dask: a Dask cluster (pip install "
    "'geomap-news[dask]'), the one at --scheduler or a local one of --jobs workers.")]
Scheduler = Annotated[str | None, typer.Option(
    "--scheduler", show_default=False, help="Address of a running Dask scheduler "
    "(tcp://host:8786) for --engine dask; its workers need geomap and its gazetteer.")]


def _check_engine(engine: Engine, scheduler: str | None) -> None:
    """Usage errors (exit 2) for a scheduler without Dask, or Dask not installed."""
    from importlib.util import find_spec

    if scheduler and engine is not Engine.dask:
        raise typer.BadParameter("needs --engine dask", param_hint="--scheduler")
    if engine is Engine.dask and find_spec("distributed") is None:
        raise typer.BadParameter("needs Dask: pip install 'geomap-news[dask]'",
                                 param_hint="--engine")


@app.command()
@reports_errors
def run(inputs: Inputs, out: Annotated[Path, typer.Option(
        "--out", "-o", help="Folder for the outputs: incidents.geojson, mentions.geojson and "
        "map.html by default; see --format.")],
        formats: Formats = None, offline: Offline = None, geocoding: Geocoding = None,
        tiles: Tiles = None,
        force: Force = False, gazetteer: GazetteerPath = None, places: Places = None,
        geocoder: Geocoder = None, user_agent: UserAgent = None, cache: GeocodeCache = None,
        config: Config = None, geocoder_option: GeocoderOptions = None,
        recognizer: RecognizerChoice = None, spacy_model: SpacyModel = None,
        country_fallback: CountryFallback = None, jobs: Jobs = None,
        engine: EngineChoice = Engine.local, scheduler: Scheduler = None,
        corrections: Corrections = None, quiet: Quiet = False) -> None:
    """Turn articles into a review map and GeoJSON files.

    Example: geomap run seeds/ --out maps/
    """
    from geomap.io.formats import DEFAULT_FORMATS
    from geomap.parallel import cores
    from geomap.pipeline import run as run_pipeline
    from geomap.progress import RunProgress

    settings = _settings(config, offline=offline, geocoding=geocoding, tiles=tiles,
                         gazetteer=gazetteer, places=places, geocoder=geocoder,
                         user_agent=user_agent, cache=cache, geocoder_option=geocoder_option,
                         recognizer=recognizer, spacy_model=spacy_model,
                         country_fallback=country_fallback)
    _check_engine(engine, scheduler)
    # a Dask worker runs other work too: its collector is left as it is
    factory = partial(_batch_pipeline if engine is Engine.local else _pipeline, settings)
    with RunProgress(enabled=False if quiet else None) as progress, noted():
        try:
            result = run_pipeline(inputs, out, factory=factory, jobs=jobs or cores(),
                                  engine=engine.value, scheduler=scheduler,
                                  offline=not settings.tiles, force=force,
                                  corrections=_corrections(corrections), keep=False,
                                  progress=progress, on_dashboard=progress.dashboard,
                                  meter=progress.meter, formats=formats or DEFAULT_FORMATS)
        except RunInterrupted as stop:
            typer.echo(f"Interrupted: {stop}", err=True)
            raise typer.Exit(130) from None
    for error in result.errors:
        typer.echo(f"Error: {error} (skipped)", err=True)
    for label, path in result.written.items():
        typer.echo(f"Wrote {label}: {path}", err=True)
    typer.echo(json.dumps(result.summary()), err=True)
    if result.errors:
        raise typer.Exit(1)


@app.command()
@reports_errors
def extract(inputs: Inputs, nl: Annotated[bool, typer.Option(
        "--nl", help="One JSON object per line.")] = False,
            gazetteer: GazetteerPath = None, places: Places = None, offline: Offline = None,
            geocoding: Geocoding = None, geocoder: Geocoder = None,
            user_agent: UserAgent = None, cache: GeocodeCache = None, config: Config = None,
            geocoder_option: GeocoderOptions = None,
            as_json: Annotated[bool, typer.Option(
                "--json", help="One JSON document (the default).")] = True,
            recognizer: RecognizerChoice = None, spacy_model: SpacyModel = None,
            country_fallback: CountryFallback = None) -> None:
    """Print the mentions and incidents found in articles as JSON.

    Example: geomap extract seeds/iraq-us-strike-baghdad.txt --nl
    """
    from geomap.io.articles import read_articles
    from geomap.io.geojson import incident_feature

    errors: list[GeomapError] = []
    settings = _settings(config, offline=offline, geocoding=geocoding, gazetteer=gazetteer,
                         places=places, geocoder=geocoder, user_agent=user_agent, cache=cache,
                         geocoder_option=geocoder_option, recognizer=recognizer,
                         spacy_model=spacy_model, country_fallback=country_fallback)
    result = _pipeline(settings).run(read_articles(inputs, on_error=errors.append))
    payload = {"mentions": result.mentions_geojson(),
               "incidents": [incident_feature(i, articles={a.article.id: a.article
                                                           for a in result.articles})
                             for i in result.incidents]}
    if nl:
        for kind, features in payload.items():
            for feature in features:
                typer.echo(json.dumps({"record": kind[:-1], **feature}, ensure_ascii=False))
    else:
        typer.echo(json.dumps(payload, ensure_ascii=False, indent=2))
    for error in errors:
        typer.echo(f"Error: {error} (skipped)", err=True)
    if errors:
        raise typer.Exit(1)


@app.command()
@reports_errors
def export(inputs: Annotated[list[Path], typer.Argument(
        help="incidents.geojson and/or mentions.geojson written by `geomap run`.",
        show_default=False)],
           out: Annotated[Path, typer.Option("--out", "-o", help="File to write.")],
           to: Annotated[str | None, typer.Option(
               "--format", "-f", show_default=False,
               help="Output format (default: from the suffix of --out): gpkg, fgb, parquet, "
                    "csv, kml, geojsonseq, geojson, acled-csv.")] = None,
           force: Force = False) -> None:
    """Convert geomap's GeoJSON to GeoPackage, FlatGeobuf, GeoParquet, CSV, KML or ACLED CSV.

    A GeoPackage holds incidents, their quotes and mentions as layers; the other formats one
    table a file.

    Example: geomap export maps/incidents.geojson maps/mentions.geojson -o maps/incidents.gpkg
    """
    from geomap.io.formats import export as export_tables

    typer.echo(f"Wrote {export_tables(inputs, out, format=to, force=force)}", err=True)


@app.command()
@reports_errors
def join(ours: Annotated[Path, typer.Argument(
        help="incidents.geojson written by `geomap run`.", show_default=False)],
         theirs: Annotated[Path, typer.Argument(
             help="An ACLED or UCDP GED export (CSV).", show_default=False)],
         out: Annotated[Path, typer.Option(
             "--out", "-o", help="Folder for matched.csv, only-ours.csv, only-theirs.csv.")],
         days: Annotated[int, typer.Option(
             "--days", min=0, help="Largest gap between the two dates.")] = 1,
         km: Annotated[float, typer.Option(
             "--km", min=0.0, help="Largest distance between the two points.")] = 25.0,
         force: Force = False, offline: Offline = None, geocoding: Geocoding = None,
         geocoder: Geocoder = None, user_agent: UserAgent = None,
         cache: GeocodeCache = None, config: Config = None,
         geocoder_option: GeocoderOptions = None, gazetteer: GazetteerPath = None,
         places: Places = None) -> None:
    """Pair geomap's incidents with ACLED's or UCDP's events: same day (±1), within 25 km,
    compatible type.

    Events without coordinates are placed from their place names (gazetteer; the online
    geocoder too with --online). Prints the counts as JSON; writes matched.csv (their row,
    then geomap's incident, km and days apart), only-ours.csv and only-theirs.csv.

    Example: geomap join maps/incidents.geojson acled-iraq-2024.csv -o coverage/
    """
    from geomap.io.join import join_files

    settings = _settings(config, offline=offline, geocoding=geocoding, geocoder=geocoder,
                         user_agent=user_agent, cache=cache, geocoder_option=geocoder_option,
                         gazetteer=gazetteer, places=places, recognizer="rules")
    result, written = join_files(ours, theirs, out, max_days=days, max_km=km, force=force,
                                 chain=lambda: _pipeline(settings).chain)
    for label, path in written.items():
        typer.echo(f"Wrote {label}: {path}", err=True)
    typer.echo(json.dumps({"matched": len(result.matched), "only_ours": len(result.only_ours),
                           "only_theirs": len(result.only_theirs)}))


@app.command()
@reports_errors
def geocode(names: Annotated[list[str], typer.Argument(
        help="Place names to look up.", metavar="NAME...", show_default=False)],
            as_json: Json = False, offline: Offline = None, geocoding: Geocoding = None,
            geocoder: Geocoder = None, user_agent: UserAgent = None,
            cache: GeocodeCache = None, config: Config = None,
            geocoder_option: GeocoderOptions = None, gazetteer: GazetteerPath = None,
            places: Places = None) -> None:
    """Show how names resolve: the place, the resolver, the cache status and the candidates.

    The gazetteer answers first; with --online (or --geocoding) the geocoder answers what it
    misses. Exits 1 when a name stays unplaced.

    Example: geomap geocode "Camp Ashraf" Baghdad --online --user-agent "maps/1.0 (maps@news.org)"
    """
    from geomap.records import LOCAL_RESOLVERS, Mention

    settings = _settings(config, offline=offline, geocoding=geocoding, geocoder=geocoder,
                         user_agent=user_agent, cache=cache, geocoder_option=geocoder_option,
                         gazetteer=gazetteer, places=places, recognizer="rules")
    chain = _pipeline(settings).chain
    found = [chain.resolve_article([Mention("cli", 0, len(n), n)])[0] for n in names if n]
    if as_json:
        typer.echo(json.dumps([_resolution_dict(r) for r in found], ensure_ascii=False,
                              indent=2))
    for res in [] if as_json else found:
        where = (f"{res.place.name}\t{res.place.country_code}\t{res.place.lat:.4f},"
                 f"{res.place.lon:.4f}" if res.place else "not found")
        status = "cached" if res.cached else "-" if res.resolver in LOCAL_RESOLVERS else "asked"
        typer.echo(f"{res.mention.text}\t{where}\t{res.resolver}\t{status}\t"
                   f"{res.error or res.signal}")
        for c in res.candidates:
            typer.echo(f"  candidate\t{c.place.name}\t{c.place.country_code}\t{c.score}")
    if any(r.place is None for r in found):
        raise typer.Exit(1)


@app.command("map")
@reports_errors
def map_(inputs: Annotated[list[str], typer.Argument(
        help="incidents.geojson / mentions.geojson written by `geomap run`, or articles "
        "(.txt, .jsonl, folders, -); articles next to GeoJSON only add titles and links.",
        show_default=False)],
         out: Annotated[Path, typer.Option("--out", "-o", help="HTML file to write.")],
         offline: Offline = None, tiles: Tiles = None, force: Force = False,
         cluster_above: ClusterAbove = None, max_data_mb: MaxDataMb = None,
         gazetteer: GazetteerPath = None, places: Places = None, config: Config = None,
         recognizer: RecognizerChoice = None, spacy_model: SpacyModel = None,
         country_fallback: CountryFallback = None, corrections: Corrections = None) -> None:
    """Draw the review map from GeoJSON or articles.

    Example: geomap map maps/incidents.geojson maps/mentions.geojson seeds/ -o review.html
    """
    from geomap.io.map_inputs import read_map_inputs
    from geomap.io.output import check_writable
    from geomap.render.map import build_map, save_map

    settings = _settings(config, offline=offline, tiles=tiles, cluster_above=cluster_above,
                         max_data_mb=max_data_mb, gazetteer=gazetteer, places=places,
                         recognizer=recognizer, spacy_model=spacy_model,
                         country_fallback=country_fallback)
    if any(Path(name).resolve() == out.resolve() for name in inputs if name != "-"):
        raise OutputError(f"{out}: is one of the inputs; write the map elsewhere")
    check_writable(out, force=force)
    errors: list[GeomapError] = []
    data = read_map_inputs(inputs, on_error=errors.append,
                           pipeline_factory=lambda: _pipeline(settings, fallbacks=False))
    incidents = data.incidents
    if corrections:
        from geomap.io.corrections import apply_corrections, read_corrections
        incidents, _ = apply_corrections(incidents, read_corrections(corrections))
    html = build_map({"features": incidents}, {"features": data.mentions}, data.articles,
                     offline=not settings.tiles, cluster_above=settings.cluster_above,
                     max_data_bytes=int(settings.max_data_mb * 1e6))
    typer.echo(f"Wrote map: {save_map(out, html, force=force)} "
               f"({len(data.incidents)} incidents)", err=True)
    for error in errors:
        typer.echo(f"Error: {error} (skipped)", err=True)
    if errors:
        raise typer.Exit(1)


@assets_app.command("install")
@reports_errors
def assets_install(target: Annotated[Path | None, typer.Option(
        "--to", help="Folder to install into (default: geomap's user data folder).")] = None,
                   ) -> None:
    """Download Leaflet and its plugins from the npm registry, checking their sha512.

    Example: geomap assets install
    """
    from geomap.render.assets import PACKAGES, install

    modules = install(target)
    for name, (version, _) in PACKAGES.items():
        typer.echo(f"Installed {name}@{version} in {modules / name}", err=True)
    if target is not None:
        typer.echo(f"Set GEOMAP_ASSETS={target} so geomap finds them.", err=True)


@gazetteer_app.command("build")
@reports_errors
def gazetteer_build(source: Annotated[Path, typer.Option(
        "--from", help="Folder with GeoNames dumps (countryInfo.txt, cities15000.txt or "
        "allCountries.txt, ...) and optional Natural Earth GeoJSON.")],
                    out: Annotated[Path | None, typer.Option(
                        "--out", help="Index file to write (default: the shipped index).")] = None,
                    curated: Annotated[list[Path] | None, typer.Option(
                        "--curated", help="Folder of curated CSV tables (repeatable; default: "
                        "the shipped gazetteer/ folder).")] = None,
                    ) -> None:
    """Build the compact gazetteer index from GeoNames dump files.

    Example: geomap gazetteer build --from ../shared/data --out my.sqlite
    """
    from geomap.gazetteer.build.builder import DATA_DIR, build
    from geomap.gazetteer.index import default_index_path

    target = out or default_index_path()
    counts = build(source, target, extra_dirs=curated or [DATA_DIR])
    typer.echo(json.dumps(counts), err=True)
    typer.echo(f"Wrote gazetteer: {target}", err=True)


@gazetteer_app.command("lookup")
@reports_errors
def gazetteer_lookup(name: str, country: Annotated[str | None, typer.Option(
        "--country", help="ISO 3166 alpha-2 code to restrict to.")] = None,
                     as_json: Json = False, gazetteer: GazetteerPath = None,
                     places_csv: Places = None, config: Config = None) -> None:
    """List the places a name may refer to, best first (your --places first).

    Example: geomap gazetteer lookup Erbil --country IQ
    """
    from geomap.gazetteer.index import Gazetteer

    settings = _settings(config, gazetteer=gazetteer, places=places_csv)
    places = Gazetteer(settings.gazetteer, places_csv=settings.places).by_name(
        name, country=country.upper() if country else None, demonyms=True)
    if as_json:
        typer.echo(json.dumps([_place_dict(p) for p in places], ensure_ascii=False, indent=2))
        return
    if not places:
        typer.echo(f"No place called {name!r}.", err=True)
        raise typer.Exit(1)
    for p in places:
        typer.echo(f"{p.name}\t{p.country_code}\t{p.feature_code}\t{p.lat:.4f},{p.lon:.4f}\t"
                   f"pop {p.population}\t{p.geonameid or p.source}")


@gazetteer_app.command("info")
@reports_errors
def gazetteer_info(gazetteer: GazetteerPath = None, config: Config = None) -> None:
    """Show the gazetteer's sources, build date, counts and size.

    Example: geomap gazetteer info
    """
    from geomap.gazetteer.index import Gazetteer

    settings = _settings(config, gazetteer=gazetteer)
    typer.echo(json.dumps(Gazetteer(settings.gazetteer).info(), indent=2))


@app.command("eval")
@reports_errors
def eval_corpora(corpora: Annotated[list[Path], typer.Argument(
        help="Annotated corpora (.jsonl: id, text, toponyms with spans and coordinates).",
        show_default=False)], as_json: Json = False, gazetteer: GazetteerPath = None,
                 recognizer: RecognizerChoice = None, spacy_model: SpacyModel = None,
                 config: Config = None) -> None:
    """Score recognition and resolution on annotated corpora (Mordecai 3's columns).

    Example: geomap eval ../shared/eval/jsonl/lgl.jsonl ../shared/eval/jsonl/trnews.jsonl --json
    """
    from geomap.eval import evaluate
    from geomap.gazetteer.index import Gazetteer

    settings = _settings(config, gazetteer=gazetteer, recognizer=recognizer,
                         spacy_model=spacy_model)
    gaz = Gazetteer(settings.gazetteer)
    figures = evaluate(corpora, gazetteer=gaz, detail=not as_json,
                       recognizer=_recognizer(gaz, settings))
    if as_json:
        typer.echo(json.dumps(figures, indent=2))
        return
    for name, fig in figures.items():
        rec, res = fig["recognition"], fig["resolution"]
        typer.echo(f"{name}: recognition exact P {rec['precision']:.3f} R {rec['recall']:.3f} "
                   f"F1 {rec['f1']:.3f} | overlap P {rec['overlap_precision']:.3f} "
                   f"R {rec['overlap_recall']:.3f} F1 {rec['overlap_f1']:.3f}")
        division = (f"{res['admin1']:.1%} (of {res['admin1_n']})" if res["admin1"] is not None
                    else "—")
        typer.echo(f"{name}: resolution n {res['n']} exact id {res['exact_geonameid']:.1%} "
                   f"country {res['country']:.1%} admin1 {division} "
                   f"≤161 km {res['acc_161km']:.1%} "
                   f"mean {res['mean_km']} km median {res['median_km']} km "
                   f"no answer {res['no_answer']:.1%}")


def _place_dict(place) -> dict[str, Any]:
    return {name: getattr(place, name) for name in place.__slots__}


def _resolution_dict(res) -> dict[str, Any]:
    """What ``geomap geocode --json`` prints for one name."""
    return {"name": res.mention.text, "place": _place_dict(res.place) if res.place else None,
            "resolver": res.resolver, "confidence": res.confidence, "cached": res.cached,
            "error": res.error, "signal": res.signal,
            "candidates": [{**_place_dict(c.place), "score": c.score, "signal": c.signal}
                           for c in res.candidates]}


if __name__ == "__main__":  # pragma: no cover
    sys.exit(app())
