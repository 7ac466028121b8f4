"""Articles shared among worker processes give the outputs of one process, byte for byte."""

from __future__ import annotations

import gzip
import json
import logging
import random
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from geomap.cli import app
from geomap.cluster import process_on_dask
from geomap.errors import InputError
from geomap.parallel import cores, process_all
from geomap.pipeline import Pipeline, process_articles
from geomap.records import Article

runner = CliRunner()
PLACES = ["Baghdad", "Mosul", "Kabul", "Aleppo", "Kandahar", "Gaza", "Idlib", "Erbil"]
EVENTS = ["A drone strike hit a convoy near {p} on Monday, killing {n} people.",
          "Gunmen attacked a checkpoint in {p} on Tuesday; {n} soldiers were wounded.",
          "Shelling of eastern {p} killed {n} civilians, officials said.",
          "A roadside bomb exploded in {p}, wounding {n} police officers.",
          "Protesters marched peacefully through {p} on Friday."]


def _articles(count: int, seed: int = 16) -> list[dict[str, str]]:
    """News-like articles of two to four sentences about the same few places, so incidents
    of different articles merge."""
    pick = random.Random(seed)
    return [{"id": f"gen-{k}", "published": "2024-03-0" + str(1 + k % 9),
             "text": " ".join(pick.choice(EVENTS).format(p=pick.choice(PLACES),
                                                         n=pick.randint(2, 30))
                              for _ in range(pick.randint(2, 4)))}
            for k in range(count)]


@pytest.fixture(scope="module")
def news(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("news") / "news.jsonl"
    path.write_text("".join(json.dumps(a) + "\n" for a in _articles(40)), encoding="utf-8")
    return path


def _outputs(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def test_two_jobs_write_the_outputs_of_one(news, tmp_path):
    for jobs in (1, 2):
        done = runner.invoke(app, ["run", str(news), "-o", str(tmp_path / f"j{jobs}"),
                                   "--jobs", str(jobs), "-f", "geojson,geojsonseq,csv"])
        assert done.exit_code == 0, done.output
    one, two = _outputs(tmp_path / "j1"), _outputs(tmp_path / "j2")
    assert one.keys() == two.keys()
    assert len(one) >= 3
    assert one == two
    assert json.loads(one["incidents.geojson"])["features"]


def test_results_come_back_in_the_order_given():
    articles = [Article(a["id"], a["text"]) for a in _articles(40, seed=3)]
    alone = process_articles(articles, factory=Pipeline)
    shared = process_articles(articles, jobs=2, factory=Pipeline)
    assert [a.article.id for a in shared.articles] == [a.id for a in articles]
    assert [a.parsed for a in shared.articles] == [a.parsed for a in alone.articles]
    assert shared.incidents == alone.incidents


def test_one_job_uses_the_pipeline_at_hand(tiny_gazetteer):
    def refuse() -> Pipeline:
        raise AssertionError("built a pipeline")

    pipeline = Pipeline(tiny_gazetteer)
    result = pipeline.run([Article("a", "Shelling hit Baghdad.")], factory=refuse)
    assert [a.article.id for a in result.articles] == ["a"]


def test_workers_need_a_factory(tiny_gazetteer):
    with pytest.raises(ValueError, match="factory"):
        Pipeline(tiny_gazetteer).run([Article("a", "x")], jobs=2)
    with pytest.raises(ValueError, match="jobs must be 1 or more"):
        list(process_all(Pipeline, [], jobs=0))


def test_cores_counts_at_least_one():
    assert cores() >= 1


def test_jobs_below_one_is_a_usage_error(news, tmp_path):
    done = runner.invoke(app, ["run", str(news), "-o", str(tmp_path), "--jobs", "0"])
    assert done.exit_code == 2


@pytest.fixture(scope="module")
def one_process(news, tmp_path_factory) -> dict[str, bytes]:
    out = tmp_path_factory.mktemp("one")
    done = runner.invoke(app, ["run", str(news), "-o", str(out), "-f", "geojson,csv"])
    assert done.exit_code == 0, done.output
    return _outputs(out)


def test_a_dask_cluster_writes_the_outputs_of_one_process(news, one_process, tmp_path):
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=":0") as cluster:
        done = runner.invoke(app, ["run", str(news), "-o", str(tmp_path), "-f", "geojson,csv",
                                   "--engine", "dask", "--scheduler", cluster.scheduler_address])
        assert done.exit_code == 0, done.output
        # a second run on the same cluster reuses the pipelines its workers built
        again = runner.invoke(app, ["run", str(news), "-o", str(tmp_path), "-f", "geojson,csv",
                                    "--engine", "dask", "--scheduler", cluster.scheduler_address,
                                    "--force"])
        assert again.exit_code == 0, again.output
        links: list[str] = []
        articles = [Article(a["id"], a["text"]) for a in _articles(3)]
        done_here = list(process_on_dask(Pipeline, articles, scheduler=cluster.scheduler_address,
                                         on_dashboard=links.append))
    assert _outputs(tmp_path) == one_process
    assert [d.article.id for d in done_here] == [a.id for a in articles]
    assert links == [cluster.dashboard_link]


def test_the_dask_engine_starts_a_local_cluster_of_jobs_workers(news, one_process, tmp_path):
    pytest.importorskip("distributed")
    done = runner.invoke(app, ["run", str(news), "-o", str(tmp_path), "-f", "geojson,csv",
                               "--engine", "dask", "--jobs", "2"])
    assert done.exit_code == 0, done.output
    assert _outputs(tmp_path) == one_process


@pytest.fixture
def mixed_input(tmp_path) -> Path:
    """A folder of every kind of input, with a JSON Lines file of many blocks and problems."""
    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    articles = _articles(40, seed=3)
    lines = [json.dumps(a) + "\n" for a in articles[:30]]
    lines[4] = "{oops\n"
    lines[7] = json.dumps({"text": articles[7]["text"]}) + "\n"  # its id is its line
    (folder / "news.jsonl").write_text("".join(lines), encoding="utf-8")
    for k, article in enumerate(articles[30:36]):
        (folder / "sub" / f"story-{k}.txt").write_text(article["text"], encoding="utf-8")
    (folder / "sub" / "story-2.json").write_text("[]", encoding="utf-8")
    (folder / "more.jsonl.gz").write_bytes(gzip.compress("".join(
        json.dumps(a) + "\n" for a in [*articles[36:], articles[0]]).encode("utf-8")))
    return folder


def _problems(output: str) -> list[str]:
    return [line for line in output.splitlines() if line.startswith("Error:")]


def test_dask_workers_read_the_input_as_one_process_does(mixed_input, tmp_path, monkeypatch):
    """Blocks of a JSON Lines file and groups of text files are read on the workers (a
    compressed file here): the same outputs and the same problems, in the same order."""
    distributed = pytest.importorskip("distributed")
    from geomap.io import parts

    monkeypatch.setattr(parts, "BLOCK_BYTES", 700)  # the JSON Lines file in a dozen blocks
    args = ["run", str(mixed_input), "-f", "geojson,csv"]
    one = runner.invoke(app, [*args, "-o", str(tmp_path / "one")])
    assert one.exit_code == 1, one.output  # written, with articles skipped
    assert len(_problems(one.output)) == 3  # a bad line, a bad sidecar, a repeated id
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=":0") as cluster:
        done = runner.invoke(app, [*args, "-o", str(tmp_path / "dask"), "--engine", "dask",
                                   "--scheduler", cluster.scheduler_address])
    assert done.exit_code == 1, done.output
    assert _problems(done.output) == _problems(one.output)
    assert _outputs(tmp_path / "dask") == _outputs(tmp_path / "one")


def test_workers_that_cannot_see_the_input_are_sent_it(mixed_input, tmp_path, monkeypatch,
                                                         caplog):
    distributed = pytest.importorskip("distributed")
    from geomap import cluster

    one = runner.invoke(app, ["run", str(mixed_input), "-o", str(tmp_path / "one")])
    # a worker that sees none of the client's files (in this process, so it can be told so)
    monkeypatch.setattr(cluster, "_unseen", lambda files: [path for path, _ in files])
    with distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=False,
                                  dashboard_address=":0") as local, \
            caplog.at_level(logging.INFO, logger="geomap.cluster"):
        done = runner.invoke(app, ["run", str(mixed_input), "-o", str(tmp_path / "dask"),
                                   "--engine", "dask", "--scheduler", local.scheduler_address])
    assert done.exit_code == 1, done.output
    assert "do not see" in caplog.text
    assert _problems(done.output) == _problems(one.output)
    assert _outputs(tmp_path / "dask") == _outputs(tmp_path / "one")


def test_parts_a_worker_cannot_see_are_read_here_and_sent(mixed_input, tmp_path, monkeypatch,
                                                          caplog):
    """A cluster where one node lacks the storage the others mount (the check before the run
    asked another): the parts that node got are handed back, read here and sent, and no
    article is lost."""
    distributed = pytest.importorskip("distributed")
    from geomap import cluster
    from geomap.io import parts

    monkeypatch.setattr(parts, "BLOCK_BYTES", 700)  # blocks enough for both workers
    args = ["run", str(mixed_input), "-f", "geojson,csv"]
    one = runner.invoke(app, [*args, "-o", str(tmp_path / "one")])
    seeing, reading = cluster._unseen, cluster.read_part
    blind: list[str] = []

    def on_blind_worker() -> bool:  # worker 0; the client runs outside any worker
        try:
            return distributed.get_worker().name == 0
        except ValueError:
            return False

    def unseen(files: list[tuple[str, int]]) -> list[str]:
        if not on_blind_worker():
            return seeing(files)
        blind.extend(path for path, _ in files)
        return [path for path, _ in files]

    def read_part(part: parts.Part) -> Iterator[parts.Item]:
        if on_blind_worker() and parts.files_read(part):  # parts that carry their lines pass
            yield from (InputError("cannot read: No such file or directory", path=path)
                        for path, _ in parts.files_read(part))
            return
        yield from reading(part)

    monkeypatch.setattr(cluster, "_workers_see", lambda client, files: True)
    monkeypatch.setattr(cluster, "_unseen", unseen)
    monkeypatch.setattr(cluster, "read_part", read_part)
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=False,
                                  dashboard_address=":0") as local, \
            caplog.at_level(logging.INFO, logger="geomap.cluster"):
        done = runner.invoke(app, [*args, "-o", str(tmp_path / "dask"), "--engine", "dask",
                                   "--scheduler", local.scheduler_address])
    assert done.exit_code == 1, done.output
    assert _problems(done.output) == _problems(one.output)
    assert _outputs(tmp_path / "dask") == _outputs(tmp_path / "one")
    assert blind, "worker 0 got no part to hand back"
    assert "does not see" in caplog.text


def test_a_worker_tells_the_files_it_cannot_see(tmp_path):
    from geomap.cluster import _unseen

    (tmp_path / "a.jsonl").write_text("{}\n", encoding="utf-8")
    (tmp_path / "b.jsonl").write_text("{}\n", encoding="utf-8")
    files = [(str(tmp_path / "a.jsonl"), 3), (str(tmp_path / "b.jsonl"), 9),
             (str(tmp_path / "gone.jsonl"), 3)]
    assert _unseen(files) == [str(tmp_path / "b.jsonl"), str(tmp_path / "gone.jsonl")]


def test_a_scheduler_needs_the_dask_engine(news, tmp_path):
    done = runner.invoke(app, ["run", str(news), "-o", str(tmp_path), "--scheduler", "tcp://x:1"])
    assert done.exit_code == 2
    assert "--engine dask" in done.output


def test_an_unknown_engine_is_refused(tiny_gazetteer):
    with pytest.raises(ValueError, match="unknown engine"):
        process_articles([], local=Pipeline(tiny_gazetteer), engine="spark")


def test_the_dask_engine_without_dask_is_a_usage_error(news, tmp_path, monkeypatch):
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec",
                        lambda name, *a: None if name == "distributed" else real(name, *a))
    done = runner.invoke(app, ["run", str(news), "-o", str(tmp_path), "--engine", "dask"])
    assert done.exit_code == 2
    assert "geomap-news[dask]" in done.output


def _broken() -> Pipeline:
    from geomap.errors import InputError

    raise InputError("no such gazetteer", path="nowhere.sqlite")


def test_a_worker_that_cannot_build_its_pipeline_says_why():
    from geomap.errors import InputError

    articles = [Article(a["id"], a["text"]) for a in _articles(40)]
    with pytest.raises(InputError, match="no such gazetteer"):
        list(process_all(_broken, articles, jobs=2))


def test_a_small_input_stays_in_one_process(tiny_gazetteer):
    pipeline = Pipeline(tiny_gazetteer)
    articles = [Article(f"a{k}", "Shelling hit Baghdad.") for k in range(3)]
    # a closure cannot be sent to a worker: this passes only if none is started
    done = list(process_all(lambda: pipeline, articles, jobs=2))
    assert [d.article.id for d in done] == ["a0", "a1", "a2"]


def test_processes_a_local_cluster_starts_leave_ctrl_c_to_the_run():
    """A terminal's Ctrl-C reaches every process of the run: a local cluster's workers ignore
    it, and the run stops them itself (one line, not a traceback from each)."""
    import signal
    import subprocess
    import sys

    from geomap.cluster import ctrl_c_left_to_this_process

    before = signal.getsignal(signal.SIGINT)
    with ctrl_c_left_to_this_process():
        child = subprocess.Popen([sys.executable, "-c", "import signal, sys, time; "
                                  "print(signal.getsignal(signal.SIGINT) == signal.SIG_IGN); "
                                  "sys.stdout.flush(); "
                                  "time.sleep(30)"], stdout=subprocess.PIPE, text=True)
    assert signal.getsignal(signal.SIGINT) is before
    try:
        assert child.stdout.readline().strip() == "True"
        child.send_signal(signal.SIGINT)
        with pytest.raises(subprocess.TimeoutExpired):
            child.wait(timeout=0.5)  # still running: the signal was ignored
    finally:
        child.kill()
        child.communicate()


def test_ctrl_c_stops_a_dask_run_in_one_line(tmp_path):
    """A terminal's Ctrl-C, sent to the whole process group while a local cluster's workers
    are busy: the run says so in one line, with no worker's warning about cancelled tasks."""
    pytest.importorskip("distributed")
    import os
    import signal
    import subprocess
    import sys

    news = tmp_path / "news.jsonl"
    news.write_text("".join(json.dumps({**a, "id": f"{a['id']}-{k}"}) + "\n"
                            for k in range(200) for a in _articles(40)), encoding="utf-8")
    # geomap.cluster's INFO lines on stderr, and only its: a root handler would show Dask's own
    # INFO records too, which its loggers (silenced to warnings by a local cluster) never print
    code = ("import logging, sys; shown = logging.StreamHandler(); "
            "shown.setFormatter(logging.Formatter('INFO: %(message)s')); "
            "log = logging.getLogger('geomap.cluster'); log.addHandler(shown); "
            "log.setLevel(logging.INFO); "
            "from geomap.cli import app; sys.argv = ['geomap', *sys.argv[1:]]; app()")
    run = subprocess.Popen(
        [sys.executable, "-c", code, "run", str(news), "-o", str(tmp_path / "out"),
         "--engine", "dask", "--jobs", "2"], stderr=subprocess.PIPE, text=True,
        preexec_fn=lambda: (signal.signal(signal.SIGINT, signal.SIG_DFL), os.setpgrp()))
    try:
        assert run.stderr is not None
        while "Dask dashboard" not in run.stderr.readline():
            assert run.poll() is None, "the run ended before its cluster started"
        time.sleep(1.5)  # the workers at work
        os.killpg(run.pid, signal.SIGINT)
        said = run.stderr.read()
        assert run.wait(timeout=60) == 130
    finally:
        run.kill()
    # (the INFO lines are this test's: the log it reads to know when the cluster is up)
    assert [line for line in said.splitlines() if not line.startswith("INFO:")] == [
        f"Interrupted: nothing was written; {tmp_path / 'out'} was not made"]


class _Noted(logging.Handler):
    """The records of one logger, kept (Dask's loggers do not reach pytest's caplog)."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


def _busy(started: Path, seconds: float) -> float:
    started.touch()
    time.sleep(seconds)
    return seconds


def test_an_interrupted_local_cluster_kills_a_busy_worker_without_a_warning(tmp_path):
    """Ctrl-C while a worker is busy with a long part: closing the cluster kills it once the
    nanny's timeout is up, and the run's one line is all that is said; the nannies' logger is
    as it was afterwards."""
    pytest.importorskip("distributed")
    from geomap.cluster import NANNIES

    nannies = logging.getLogger(NANNIES)
    before, noted = nannies.level, _Noted()
    nannies.addHandler(noted)
    try:
        with pytest.raises(KeyboardInterrupt):
            _interrupt_while_a_worker_is_busy(tmp_path / "started")
    finally:
        nannies.removeHandler(noted)
    assert [r.getMessage() for r in noted.records if r.levelno >= logging.WARNING] == []
    assert nannies.level == before


def _interrupt_while_a_worker_is_busy(started: Path) -> None:
    from geomap.cluster import _connected

    with _connected(_quick, None, 1, None) as (client, *_):
        client.submit(_busy, started, 600, pure=False)
        deadline = time.monotonic() + 120
        while not started.exists():
            assert time.monotonic() < deadline, "the worker never started its part"
            time.sleep(0.05)
        raise KeyboardInterrupt


def _quick() -> Pipeline:
    return Pipeline.__new__(Pipeline)  # the plugin builds one per worker; none is used here
