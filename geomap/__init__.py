"""geomap: map armed-conflict incidents from news articles, offline first."""

__version__ = "0.1.0"
__all__ = ["Pipeline", "__version__", "run"]


def __getattr__(name: str):
    # Lazy (PEP 562): `import geomap.gazetteer.index` must not pay for the whole pipeline's imports.
    if name in ("Pipeline", "run"):
        from geomap import pipeline

        return getattr(pipeline, name)
    raise AttributeError(f"module 'geomap' has no attribute {name!r}")
