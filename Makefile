# Two commands do all the set-up on a fresh machine: `make map` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
CHROMIUM ?= /usr/bin/chromium

.PHONY: map test assets browser lint clean bench bench-map bench-geoparse compiled \
	test-compiled

# A venv made before the rename loses the old names: the distribution `geomap` (now
# geomap-news) and blingfire (now blingfire2; both install the module `blingfire`, so with the
# old one present both go, and the install below puts blingfire2 back whole).
$(BIN)/geomap: pyproject.toml
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	! $(BIN)/pip show --quiet geomap 2>/dev/null || $(BIN)/pip uninstall --quiet --yes geomap
	! $(BIN)/pip show --quiet blingfire 2>/dev/null || \
	  $(BIN)/pip uninstall --quiet --yes blingfire blingfire2
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

# Leaflet, supercluster and leaflet.heat from the npm registry (inlined into every map;
# never committed). The stamp file reruns `npm ci` whenever package(-lock).json changes.
node_modules/.geomap-assets: package.json package-lock.json
	npm ci --no-audit --no-fund --silent
	touch $@

assets: node_modules/.geomap-assets

# 100,000 synthetic incidents against plain Folium at 10,000 (needs Chromium; takes minutes).
bench-map: $(BIN)/geomap assets browser
	$(BIN)/python bench/map_scale.py

# The benches of a whole run (../shared needed): this tree against where it left main on
# 2,000 articles, then 1,000 / 10,000 / 100,000 synthetic articles on one core and on all
# (an hour or more on 2 cores; `$(BIN)/python bench/run_scale.py --sizes 1000,10000` for
# less), then geoparsing beside geotext. The map's bench needs Chromium: `make bench-map`.
bench: $(BIN)/geomap assets
	$(BIN)/pip install -q -e '.[bench]'
	$(BIN)/python bench/run_speed.py --articles 2000
	$(BIN)/python bench/run_scale.py
	$(BIN)/python bench/geoparse.py

# Geoparsing speed on the development corpora (../shared/eval) beside geotext.
bench-geoparse: $(BIN)/geomap
	$(BIN)/pip install -q -e '.[bench]'
	$(BIN)/python bench/geoparse.py

map: $(BIN)/geomap assets
	$(BIN)/geomap run seeds/ --out maps/ --offline

# Debian's Chromium for the browser tests; installing it needs root (or sudo).
browser:
	@test -x $(CHROMIUM) || { \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium; }

test: $(BIN)/geomap assets browser
	GEOMAP_OFFLINE=1 $(BIN)/python -m pytest

# The compiled build (mypyc; see pyproject.toml): made from a copy of the checkout's files in
# build/compiled/src, as the hook leaves its compiled modules beside the sources; the wheel
# goes to build/compiled/dist (`pip install` it anywhere). Needs a C compiler.
COMPILED := build/compiled
compiled: $(BIN)/geomap assets
	rm -rf $(COMPILED) && mkdir -p $(COMPILED)/src
	git ls-files -z --cached --others --exclude-standard | \
	  tar --null -T - --ignore-failed-read -cf - | tar -xf - -C $(COMPILED)/src
	ln -s $(CURDIR)/node_modules $(COMPILED)/src/node_modules
	HATCH_BUILD_HOOK_ENABLE_MYPYC=1 $(BIN)/pip wheel --quiet --no-deps \
	  -w $(COMPILED)/dist $(COMPILED)/src

# The tests again on the compiled build (.ci/run runs them after `make test`).
test-compiled: compiled browser
	cd $(COMPILED)/src && env -u GEOMAP_WHEEL_TEST GEOMAP_OFFLINE=1 GEOMAP_COMPILED=1 \
	  $(CURDIR)/$(BIN)/python -m pytest -q -p no:cacheprovider

# ruff, then mypy over the package ([tool.mypy] in pyproject.toml).
lint: $(BIN)/geomap
	$(BIN)/ruff check .
	$(BIN)/mypy

clean:
	rm -rf $(VENV) node_modules maps/*.html maps/*.geojson tests/artifacts build
