"""geomap: map armed-conflict incidents from news articles, offline first."""

from geomap.pipeline import Pipeline, run

__version__ = "0.1.0"
__all__ = ["Pipeline", "__version__", "run"]
