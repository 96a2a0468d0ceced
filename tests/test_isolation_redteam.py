"""Red-team attacks on grading, beyond tests/test_isolation.py and tests/test_grading.py.

Every attack is graded for real in a bubblewrap sandbox (no mocks). As in test_isolation.py, an
attack that works sets ``LEAK`` and the last cell then returns the right answer, so "no points"
means it failed. Three groups:

- attacks inside the sandbox (memory outside the address-space limit, nested namespaces, writable
  system folders, swapped kernel sockets), graded in one batch of two jobs between two honest
  submissions;
- forged harvest records that make the grader's judge raise (the report must stay complete and
  keep the learner's identity);
- attacks on the grader process itself (its memory, its time limit), each graded by a separate
  ``python -m grader grade`` process whose peak memory (``wait4``) and wall time are measured.

Bounded: kernels get 1 GiB of address space, 64 processes, 20 s per cell; attacks hold at most
~1.3 GiB of host memory for a few seconds; the whole module runs in about a minute.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import tempfile
import time

import pytest
from test_isolation import ANSWER, RIGHT, SETUP, _notebook, _private_folders, _q  # the same notebooks and answers

from grader import grading
from grader.grading import isolation
from grader.grading.submissions import GRADER_MEMORY
from grader.notebooks import write

SEED = 424_242
SECRET = "red-team-secret-not-for-learners"
pytestmark = pytest.mark.xdist_group("isolation_redteam")
#: 1 GiB of address space: the memory attacks below hold more than that
OPTIONS = grading.GradeOptions(seed=SEED, cell_timeout=20, timeout=120, memory=2**30, nproc=64)
QUESTIONS = ["start.orders_per_customer", "start.n_active", "start.snapshot_rule", "start.why_value",
             "start.first_model"]

#: raw messages on the kernel's own iopub socket, as the current cell's output
SEND = ("from ipykernel.kernelbase import Kernel\n"
        "K = Kernel.instance()\n"
        "def send(kind, content, buffers=None):\n"
        "    K.session.send(K.iopub_socket, kind, content, parent=K.get_parent(), buffers=buffers)\n")
#: rewrites the harvest's record for QID with PATCH (the harvest imports publish_display_data when it emits)
FORGE = ("import IPython.display as d\n"
         "MIME = 'application/vnd.workbook.record+json'\n"
         "real = d.publish_display_data\n"
         "def forged(data, *a, **k):\n"
         "    rec = json.loads(data.get(MIME, '{}'))\n"
         "    if rec.get('id') == QID:\n"
         "        rec.update(PATCH)\n"
         "    return real({MIME: json.dumps(rec)}, *a, **k)\n"
         "d.publish_display_data = forged\n")
LIBC = ("import ctypes\n"
        "libc = ctypes.CDLL(None, use_errno=True)\n")

#: attacks from inside the sandbox; each sets LEAK when it works
ATTACKS = {
    # SysV shared memory lives in the IPC namespace, not in the address space: RLIMIT_AS does not count it
    "sysv_shm_beyond_the_memory_limit": [LIBC + (
        "libc.shmat.restype = ctypes.c_void_p\n"
        "libc.shmat.argtypes = [ctypes.c_int, ctypes.c_void_p, ctypes.c_int]\n"
        "libc.shmdt.argtypes = [ctypes.c_void_p]\n"
        "held = 0\n"
        "for _ in range(5):  # 5 x 256 MiB, touched one at a time, detached, kept\n"
        "    sid = libc.shmget(0, 256 * 2**20, 0o1600)\n"
        "    if sid < 0: break\n"
        "    addr = libc.shmat(sid, None, 0)\n"
        "    if addr in (None, ctypes.c_void_p(-1).value): break\n"
        "    ctypes.memset(addr, 1, 256 * 2**20)\n"
        "    libc.shmdt(addr)\n"
        "    held += 256\n"
        "LEAK = held * 2**20 > 2**30")],
    # memfd pages are shmem too: written (never mapped), they cost no address space
    "memfd_beyond_the_memory_limit": [(
        "FDS, held, block = [], 0, b'x' * 2**20\n"
        "for i in range(10):  # 10 x 127 MiB, under RLIMIT_FSIZE each\n"
        "    fd = os.memfd_create(f'hoard{i}')\n"
        "    try:\n"
        "        for _ in range(127):\n"
        "            os.write(fd, block)\n"
        "    except OSError:\n"
        "        break\n"
        "    FDS.append(fd); held += 127\n"
        "LEAK = held * 2**20 > 2**30")],
    # RLIMIT_AS is per process, RLIMIT_NPROC allows 64 of them: three children hold more than the kernel's limit
    "children_each_under_the_limit": [(
        "import subprocess\n"
        # each child holds its 400 MiB until all three answered (a timer would let a slow one start late)
        "HOG = 'import sys; b = bytearray(400 * 2**20); print(1, flush=True); sys.stdin.readline()'\n"
        "kids = [subprocess.Popen([sys.executable, '-c', HOG], stdin=subprocess.PIPE, stdout=subprocess.PIPE)\n"
        "        for _ in range(3)]\n"
        # held at once: every child answered and none was killed since (the OOM killer may pick one that had)
        "answered = [k.stdout.readline().strip() == b'1' for k in kids]\n"
        "LEAK = all(answered) and all(k.poll() is None for k in kids) and 3 * 400 * 2**20 > 2**30\n"
        "for k in kids:\n"
        "    k.stdin.close()\n"
        "    k.wait()")],
    # a user namespace of its own: every capability in it, and the kernel's whole namespace attack surface
    "nested_user_namespace": [LIBC + (
        "CLONE_NEWUSER, CLONE_NEWNS, CLONE_NEWNET = 0x10000000, 0x00020000, 0x40000000\n"
        "if os.fork() == 0:  # a child tries, so the kernel keeps its own namespaces\n"
        "    os._exit(0 if libc.unshare(CLONE_NEWUSER | CLONE_NEWNS | CLONE_NEWNET) == 0 else 1)\n"
        "LEAK = os.waitstatus_to_exitcode(os.wait()[1]) == 0")],
    # regression: even with a user namespace, the locked mount over the declarations cannot be peeled off
    "unmount_the_hidden_declarations": [LIBC + (
        "exercises = pathlib.Path(grader.__file__).parent / 'exercises'\n"
        "uid = os.getuid()\n"
        "r, w = os.pipe()\n"
        "if os.fork() == 0:\n"
        "    seen = b''\n"
        "    try:\n"
        "        if libc.unshare(0x10000000 | 0x00020000) == 0:\n"
        "            open('/proc/self/setgroups', 'w').write('deny')\n"
        "            open('/proc/self/uid_map', 'w').write(f'0 {uid} 1')\n"
        "            libc.umount2(str(exercises).encode(), 2)\n"
        "            os.makedirs('/home/learner/mnt', exist_ok=True)\n"
        "            for flags in (4096, 4096 | 16384):  # bind, rbind of the grader package\n"
        "                libc.mount(str(exercises.parent).encode(), b'/home/learner/mnt', None, flags, None)\n"
        "            seen = ','.join(os.listdir(exercises) + os.listdir('/home/learner/mnt/exercises')).encode()\n"
        "    finally:\n"
        "        os.write(w, seen or b'-'); os._exit(0)\n"
        "os.wait()\n"
        "LEAK = any(n.endswith('.py') for n in os.read(r, 65536).decode().split(','))")],
    # regression: no system folder of the sandbox is writable (a tmpfs there would escape the disk cap)
    "write_system_folders": [(
        "for folder in ('/', '/dev', '/dev/shm', '/run', '/run/workbook', '/etc', '/proc/sys/kernel'):\n"
        "    try:\n"
        "        open(os.path.join(folder, 'planted'), 'w').write('x'); LEAK = True\n"
        "    except OSError:\n"
        "        pass")],
    # regression: the kernel swaps its sockets for links to the sandbox's own paths; the grader never reconnects
    "swap_the_kernel_sockets": [(
        "for path in glob.glob('/home/learner/.kernel-*'):\n"
        "    os.rename(path, path + '.old')\n"
        "    os.symlink('/proc/1/root/run/kernel.json', path)")],
}

#: forged records the judge does not expect: the grade must stay a complete report
MALFORMED = {
    "runs_not_a_list": ["QID = 'start.orders_per_customer'\nPATCH = {'runs': 5}"],
    "more_runs_than_cases": [("QID = 'start.first_model'\n"
                              "PATCH = {'estimator': True, 'runs': [{'value': {'pred': [], 'proba': None}}] * 50}\n"
                              "from sklearn.dummy import DummyClassifier\nmodel = DummyClassifier()")],
    "int_beyond_int64": [("QID = 'start.orders_per_customer'\n"
                          "PATCH = {'runs': [{'value': {'t': 'series', 'name': {'t': 'str', 'v': 'n_orders'},\n"
                          "    'data': {'kind': 'int', 'values': [2**70]}, 'index': {}, 'range_index': True}}]}")],
    # regression: a record nested as deep as JSON allows is refused, not a RecursionError in the judge
    "deeply_nested_value": [("QID = 'start.orders_per_customer'\n"
                             "v = {'t': 'none'}\n"
                             "for _ in range(700):\n"
                             "    v = {'t': 'list', 'items': [v]}\n"
                             "PATCH = {'runs': [{'value': v}]}")],
}


@pytest.fixture(scope="module")
def batch(tmp_path_factory):
    """Every in-sandbox attack and malformed record, between two honest submissions, two jobs at a time."""
    isolation.detect()
    folder = tmp_path_factory.mktemp("redteam")
    scratch = tmp_path_factory.mktemp("grader-temp")
    mp = pytest.MonkeyPatch()
    mp.setenv("WORKBOOK_SECRET", SECRET)
    mp.setattr(tempfile, "tempdir", str(scratch))
    paths = {}
    try:
        for name, cells in ATTACKS.items():
            paths[name] = write(_notebook([SETUP, *cells, ANSWER]), folder / name / "00_start_here.ipynb")
        for name, cells in MALFORMED.items():
            paths[name] = write(_notebook([SETUP, FORGE, *cells, RIGHT]), folder / name / "00_start_here.ipynb")
        for honest in ("honest_first", "honest_last"):
            paths[honest] = write(_notebook([SETUP, RIGHT]), folder / honest / "00_start_here.ipynb")
        order = ["honest_first", *ATTACKS, *MALFORMED, "honest_last"]
        grades = grading.grade_many([paths[n] for n in order],
                                    grading.GradeOptions(**{**OPTIONS.__dict__, "roots": (str(folder),)}), jobs=2)
        left = _private_folders(scratch)
    finally:
        mp.undo()
    return dict(zip(order, grades, strict=True)), left


@pytest.mark.parametrize("name", list(ATTACKS))
def test_an_attack_inside_the_sandbox_earns_nothing(batch, name):
    grade = batch[0][name]
    assert _q(grade).points == 0, (name, _q(grade).outcome.status, [p.en for p in grade.problems])


@pytest.mark.parametrize("name", list(ATTACKS) + list(MALFORMED))
def test_the_report_is_complete_and_names_the_learner(batch, name):
    """A record the judge cannot use is the learner's loss on that question, never a report without questions."""
    grade = batch[0][name]
    assert [q.id for q in grade.questions] == QUESTIONS, [p.en for p in grade.problems]
    assert grade.learner == name and grade.id == f"{name}/00_start_here.ipynb"


def test_honest_submissions_around_the_attacks_get_their_points(batch):
    for name in ("honest_first", "honest_last"):
        assert _q(batch[0][name]).points == 1, [p.en for p in batch[0][name].problems]


def test_no_private_folder_is_left_behind(batch):
    assert batch[1] == []


# -- attacks on the grader process ----------------------------------------------------------------

#: grader attacks: (cells, extra command-line arguments)
GRADER_ATTACKS = {
    # ZMQ_MAXMSGSIZE caps each frame, not a message: 16 frames of 48 MiB are one 768 MiB message
    "multipart_message": [SEND + ("frame = bytes(48 * 2**20)\n"
                                  "send('display_data', {'data': {}, 'metadata': {}}, buffers=[frame] * 16)\n"
                                  "import time; time.sleep(2)"), ANSWER],
    # one 52 MiB message under the cap, parsed by the grader into 13 million lists (about 1 GiB)
    "amplified_metadata": [("from IPython.display import publish_display_data\n"
                            "publish_display_data({'text/plain': 'x'}, metadata={'m': [[]] * (13 * 2**20)})\n"
                            "import time; time.sleep(2)"), ANSWER],
    # regression: nbclient kept every widget state it saw (16 messages of 40 MiB, each under the cap) until
    # execute.py turned store_widget_state off
    "widget_state_hoard": [SEND + ("s = 'x' * (40 * 2**20)\n"
                                   "for i in range(16):\n"
                                   "    send('comm_msg', {'comm_id': str(i), 'data': {'state': {'v': s}}})\n"
                                   "import time; time.sleep(2)"), ANSWER],
    # the harvest's budget ignores --timeout; the learner's function ignores the harvest's alarm
    "harvest_beyond_the_timeout": [("import signal, time\n"
                                    "def orders_per_customer(lines):\n"
                                    "    t = time.time()\n"
                                    "    while time.time() - t < 300:\n"
                                    "        try:\n"
                                    "            signal.signal(signal.SIGALRM, signal.SIG_IGN)\n"
                                    "            signal.signal(signal.SIGINT, signal.SIG_IGN)\n"
                                    "            time.sleep(1)\n"
                                    "        except BaseException:\n"
                                    "            pass")],
    "honest": [RIGHT],
}


def _fifo(path):
    os.mkfifo(path)  # a tar archive of a submission may hold one; nothing ever writes to it


def _amplified_notebook(path):
    nb = _notebook([SETUP, ANSWER])
    nb.metadata["padding"] = [[]] * (7 * 2**20)  # 21 MiB of JSON, 7 million lists once parsed
    path.write_text(json.dumps(nb, separators=(",", ":")))


#: handed-in files that are not notebooks as the grader expects them (made by a function, not cells)
FILE_ATTACKS = {"fifo_notebook": _fifo, "amplified_notebook_file": _amplified_notebook}
#: each submission is graded by a process of its own whose address space is capped: what a kernel sends can
#: grow that process (and cost that submission) up to the cap, never the batch's process (RSS below includes it)
GRADER_RSS_LIMIT = GRADER_MEMORY + 2**30
#: --timeout for the time attacks (the others get 60 s: a loaded machine is slow, not hostile), and the wall
#: time a grading may take beyond it
TIMEOUT, SLACK = 10, 30
TIMED = ("harvest_beyond_the_timeout", "fifo_notebook")


@pytest.fixture(scope="module")
def graders(tmp_path_factory):
    """Each grader attack graded by its own ``python -m grader grade`` process, all at once: peak RSS and wall time."""
    isolation.detect()
    folder = tmp_path_factory.mktemp("grader-attacks")
    env = {**os.environ, "WORKBOOK_SECRET": SECRET, "TMPDIR": str(tmp_path_factory.mktemp("grader-temp"))}
    waiting, running, out = list({**GRADER_ATTACKS, **FILE_ATTACKS}.items()), {}, {}
    while waiting or running:
        while waiting and len(running) < 2:  # two graders at a time: a 2-core machine, loaded, is slow, not hostile
            name, cells = waiting.pop(0)
            path = folder / name / "00_start_here.ipynb"
            if callable(cells):
                path.parent.mkdir()
                cells(path)
            else:
                write(_notebook([SETUP, *cells]), path)
            cmd = [sys.executable, "-m", "grader", "grade", str(path), "--seed", str(SEED), "--json",
                   str(folder / f"{name}.json"), "--jobs", "1", "--memory", "2G", "--nproc", "64",
                   "--cell-timeout", "20", "--timeout", str(TIMEOUT if name in TIMED else 60)]
            running[name] = (subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                              start_new_session=True), time.monotonic())
        for name, (process, started) in list(running.items()):
            pid, status, usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                grades = json.loads((folder / f"{name}.json").read_text()) if status == 0 else None
                out[name] = {"rss": usage.ru_maxrss * 1024, "seconds": time.monotonic() - started,
                             "status": status, "grades": grades}
                del running[name]
            elif time.monotonic() > started + (TIMEOUT if name in TIMED else 60) + SLACK:  # overran: kill it
                os.killpg(process.pid, signal.SIGKILL)
                _, status, usage = os.wait4(process.pid, 0)
                out[name] = {"rss": usage.ru_maxrss * 1024, "seconds": None, "status": status, "grades": None}
                del running[name]
        time.sleep(0.2)
    return out


@pytest.mark.parametrize("name", [n for n in GRADER_ATTACKS if n != "harvest_beyond_the_timeout"]
                         + ["amplified_notebook_file"])
def test_what_a_kernel_sends_does_not_bloat_the_grader(graders, name):
    seen = graders[name]
    assert seen["status"] == 0 and seen["grades"], seen
    assert seen["rss"] < GRADER_RSS_LIMIT, f"the grader grew to {seen['rss'] // 2**20} MiB"
    q = next(q for q in seen["grades"][0]["questions"] if q["id"] == "start.orders_per_customer")
    assert q["points"] == (1 if name == "honest" else 0)


def test_a_submission_takes_no_longer_than_its_timeout(graders):
    seen = graders["harvest_beyond_the_timeout"]
    assert seen["seconds"] is not None and seen["seconds"] < TIMEOUT + SLACK, (
        f"one submission held the grader past --timeout {TIMEOUT} (killed after {TIMEOUT + SLACK} s)")
    assert seen["status"] == 0 and [q["id"] for q in seen["grades"][0]["questions"]] == QUESTIONS


def test_a_fifo_in_place_of_a_notebook_does_not_hang_the_grader(graders):
    """``workbook grade`` opens every ``NN_*.ipynb`` it finds; a FIFO blocks ``open`` forever (and the whole batch)."""
    seen = graders["fifo_notebook"]
    assert seen["seconds"] is not None, f"the grader hung on a FIFO (killed after {TIMEOUT + SLACK} s)"
    assert seen["status"] == 0 and seen["grades"][0]["problems"]
