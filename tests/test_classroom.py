"""The classroom hub (classroom/): its config, a student's first login with nbgitpuller, the idle
culler, a small class running the course at once, and a student in a real browser following the
nbgitpuller link. The hub tests are skipped, with the reason, where the hub is not installed
(make classroom-install); the browser test also where chromium is missing.
"""

import asyncio
import json
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import psutil
import pytest
from class_load import BROKEN_MS, NOTEBOOKS, Kernel, Student, _parse, run_class, summary
from hub_driver import CONFIG, PASSWORD, PROXY, ROOT, Hub, links, missing_hub
from lab_driver import CHROMIUM, CHROMIUM_ARGS, dashboards, drag_slider, missing_browser
from lab_driver import run_notebook as run_notebook_in_lab
from traitlets.config.loader import PyFileConfigLoader

needs_hub = pytest.mark.skipif(missing_hub() is not None, reason=str(missing_hub()))
ARTIFACTS = ROOT / "test-artifacts"


@pytest.fixture
def config(tmp_path, monkeypatch):
    monkeypatch.setenv("CLASSROOM_STATE", str(tmp_path / "state"))
    for name in ("CLASSROOM_PORT", "CLASSROOM_PASSWORD", "CLASSROOM_REPO"):
        monkeypatch.delenv(name, raising=False)
    return PyFileConfigLoader(CONFIG.name, str(CONFIG.parent)).load_config()


def test_config_serves_the_course_on_loopback_only(config, tmp_path):
    assert config.JupyterHub.ip == config.JupyterHub.hub_ip == "127.0.0.1"
    assert urlsplit(config.ConfigurableHTTPProxy.api_url).hostname == "127.0.0.1"
    assert config.ConfigurableHTTPProxy.command == [str(PROXY)]
    assert config.JupyterHub.spawner_class.endswith("SimpleLocalProcessSpawner")
    assert config.JupyterHub.authenticator_class == "shared-password"
    # a random class password, made once and kept in the state folder
    password = config.SharedPasswordAuthenticator.user_password
    assert len(password) >= 8 and (tmp_path / "state" / "class-password").read_text().strip() == (
        password
    )
    assert str(tmp_path / "state") in config.JupyterHub.db_url


def test_config_uses_the_course_environment_and_settings(config):
    (cmd,) = config.Spawner.cmd
    assert Path(cmd) == Path(sys.executable).parent / "jupyterhub-singleuser"
    settings = [a.split("=", 1)[1] for a in config.Spawner.args if "app_settings_dir" in a]
    assert settings == [str(ROOT / "jupyter")]
    assert (
        json.loads((Path(settings[0]) / "overrides.json").read_text())[
            "@jupyterlab/apputils-extension:notification"
        ]["fetchNews"]
        == "false"
    )
    assert config.Spawner.environment["OMP_NUM_THREADS"] == "1"


def test_config_runs_the_idle_culler_as_a_service(config):
    (culler,) = [s for s in config.JupyterHub.services if s["name"] == "idle-culler"]
    assert culler["command"][1:3] == ["-m", "jupyterhub_idle_culler"]
    assert "--timeout=3600" in culler["command"]
    (role,) = [r for r in config.JupyterHub.load_roles if "idle-culler" in r["services"]]
    assert {"list:users", "read:users:activity", "delete:servers"} <= set(role["scopes"])


def test_every_student_starts_on_the_nbgitpuller_link(config):
    url = urlsplit(config.Spawner.default_url)
    assert url.path == "/git-pull"
    query = parse_qs(url.query)
    assert query["repo"] == [str(ROOT)]
    assert query["targetpath"] == ["bias-course"]
    (urlpath,) = query["urlpath"]
    assert urlpath.startswith("lab/tree/bias-course/")
    assert (ROOT / urlpath.removeprefix("lab/tree/bias-course/")).exists()


def test_the_link_template_for_teachers():
    repo = "https://github.com/OWNER/REPO"
    link = links().link("https://hub.example.org/", repo, "main")
    url = urlsplit(link)
    assert (url.scheme, url.netloc, url.path) == (
        "https",
        "hub.example.org",
        "/hub/user-redirect/git-pull",
    )
    assert parse_qs(url.query) == {
        "repo": [repo],
        "branch": ["main"],
        "targetpath": ["bias-course"],
        "urlpath": ["lab/tree/bias-course/notebooks/01_line_and_bias.ipynb"],
    }
    script = subprocess.run(
        [
            sys.executable,
            str(CONFIG.parent / "nbgitpuller_link.py"),
            "https://hub.example.org",
            repo,
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    assert script.stdout.strip() == links().link("https://hub.example.org", repo)


# --- The load test's client: the kernel protocol and ipympl's frontend side -------------------


def test_frames_are_read_as_jupyter_server_writes_them():
    from jupyter_server.services.kernels.connection.base import serialize_binary_message

    msg = {"header": {"msg_type": "comm_msg"}, "parent_header": {}, "content": {"a": 1}}
    frame = serialize_binary_message({**msg, "buffers": [b"\x89PNG", b"second"]})
    assert _parse(frame) == {**msg, "buffers": [b"\x89PNG", b"second"]}
    assert _parse(json.dumps(msg)) == {**msg, "buffers": []}


class FakeSocket:
    def __init__(self):
        self.sent = []

    async def write_message(self, text):
        self.sent.append(json.loads(text))

    async def read_message(self):
        await asyncio.sleep(3600)

    def close(self):
        pass


def canvas_message(comm_id, event):
    data = {"method": "custom", "content": {"data": json.dumps(event)}}
    return {
        "header": {"msg_type": "comm_msg"},
        "parent_header": {},
        "content": {"comm_id": comm_id, "data": data},
    }


def test_the_client_plays_ipympls_frontend():
    async def play():
        ws = FakeSocket()
        kernel = Kernel(ws, "session", "student")
        state = {"_model_name": "MPLCanvasModel"}
        opened = {"comm_id": "c1", "target_name": "jupyter.widget", "data": {"state": state}}
        await kernel._handle(
            {"header": {"msg_type": "comm_open"}, "parent_header": {}, "content": opened}
        )
        asked = [m["content"]["data"]["content"]["type"] for m in ws.sent]
        # as ipympl's model does when it is created: ask for the first full draw
        assert asked == ["refresh", "send_image_mode", "initialized"]
        ws.sent.clear()
        for _ in range(2):  # two redraw requests while waiting for the image: one draw
            await kernel._handle(canvas_message("c1", {"type": "draw"}))
        assert [m["content"]["data"]["content"] for m in ws.sent] == [{"type": "draw"}]
        await kernel._handle(canvas_message("c1", {"type": "binary"}))
        assert len(kernel.images) == 1 and kernel.canvases["c1"] is False
        await kernel._handle(canvas_message("c1", {"type": "draw"}))
        assert len(ws.sent) == 2  # not waiting any more: the next request is answered
        await kernel.close()

    asyncio.run(play())


def test_the_summary_calls_a_slow_class_broken():
    def student(step_ms):
        return {
            "first_cell_s": 10.0,
            "server_s": 5.0,
            "run_all_s": {p: 3.0 for p in NOTEBOOKS},
            "slider_ms": {p: [step_ms] * 5 for p in NOTEBOOKS},
            "memory": {
                "pss_mb": 500,
                "rss_mb": 600,
                "peak_rss_mb": 700,
                "cpu_s": 20,
                "rss_each_mb": [100, 150, 450],
            },
        }

    assert not summary([student(BROKEN_MS - 1), student(BROKEN_MS - 1)])["broken"]
    # the median step over all students decides: two slow students of three break the class
    assert summary([student(BROKEN_MS + 1), student(BROKEN_MS + 1), student(10)])["broken"]
    assert not summary([student(BROKEN_MS + 1), student(10), student(10)])["broken"]
    failed = summary([student(10), {**student(10), "error": "TimeoutError"}])
    assert (failed["students"], failed["finished"]) == (2, 1)


# --- The hub, for real --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def hub():
    if missing_hub():
        pytest.skip(missing_hub())
    with Hub(lab_api=True) as hub:
        yield hub


def alive(pid):
    try:
        return psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


def committed(path):
    return subprocess.run(
        ["git", "-C", str(ROOT), "show", f"HEAD:{path}"], capture_output=True, check=True
    ).stdout


async def first_login(hub, name):
    student = Student(hub, name)
    try:
        await student.log_in()
        await student.start_server(timeout=180)
        events = await student.pull_course(timeout=120)
        settings = json.loads(
            await student.call(
                "GET",
                f"/user/{name}/lab/api/settings/@jupyterlab/apputils-extension:notification",
            )
        )
        return events, settings
    finally:
        await student.leave()


@needs_hub
@pytest.mark.slow
def test_a_student_logs_in_and_nbgitpuller_pulls_the_course(hub):
    name = "first-student"
    hub.api("POST", "/users", {"usernames": [name]})
    try:
        # the class password is checked: a wrong one gets no token
        with pytest.raises(urllib.error.HTTPError) as refused:
            req = urllib.request.Request(
                f"{hub.base}/hub/api/users/{name}/tokens",
                data=json.dumps({"auth": {"username": name, "password": "wrong"}}).encode(),
                method="POST",
            )
            urllib.request.urlopen(req, timeout=30)
        assert refused.value.code == 403
        events, settings = asyncio.run(first_login(hub, name))
        assert any("Cloning into" in e.get("output", "") for e in events), events
        home = hub.home_root / name / "bias-course"
        pulled = sorted(p.name for p in (home / "notebooks").glob("*.ipynb"))
        listed = subprocess.run(
            ["git", "-C", str(ROOT), "ls-tree", "--name-only", "HEAD", "notebooks/"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.split()
        assert pulled == sorted(Path(p).name for p in listed if p.endswith(".ipynb"))
        assert pulled == sorted(p.name for p in (ROOT / "notebooks").glob("*.ipynb"))  # 02b too
        for path in NOTEBOOKS:
            assert (home / path).read_bytes() == committed(path)
        # the student's JupyterLab runs with the course's settings (no news pop-ups) ...
        assert settings["schema"]["properties"]["fetchNews"]["default"] == "false"
        # ... and with one thread per numeric library
        environ = psutil.Process(hub.server_pid(name)).environ()
        assert environ["OMP_NUM_THREADS"] == "1" and environ["HOME"] == str(hub.home_root / name)
    finally:
        hub.remove_user(name)
    assert name not in hub.users() and not (hub.home_root / name).exists()


@needs_hub
@pytest.mark.slow
def test_the_idle_culler_stops_an_idle_server():
    with Hub(cull_timeout=6) as hub:
        hub.api("POST", "/users", {"usernames": ["idle-student"]})
        hub.api("POST", "/users/idle-student/server", {})
        deadline, started, pid = time.monotonic() + 180, None, None
        while time.monotonic() < deadline:
            server = hub.api("GET", "/users/idle-student")["servers"].get("")
            if server and server["ready"] and started is None:
                started, pid = time.monotonic(), hub.server_pid("idle-student")
            if started and not server:
                break
            time.sleep(0.5)
        else:
            raise AssertionError(f"the idle server was not culled; hub log:\n{hub.log_text()}")
        assert time.monotonic() - started >= 3  # not at once: after the timeout, when idle
        assert "Culling server idle-student" in hub.log_text()
        assert not alive(pid)


@needs_hub
@pytest.mark.slow
def test_a_small_class_runs_the_course_at_once(hub):
    records, failed = run_class(hub, n=2, steps=4, timeout=600, prefix="ci-student")
    print(json.dumps(summary(records), indent=1))
    assert not failed, failed
    for r in records:
        assert set(r["run_all_s"]) == set(NOTEBOOKS)  # every cell of both notebooks ran
        assert 0 < r["login_s"] < r["server_s"] < r["pulled_s"] < r["first_cell_s"]
        for path in NOTEBOOKS:
            assert len(r["slider_ms"][path]) == 4 and all(t > 0 for t in r["slider_ms"][path])
            # the dashboard answered: its readout changed and the slider holds the value sent
            assert r["slider_ok"][path], (r["name"], path)
        assert r["memory"]["processes"] == 3  # the server and one kernel per notebook
        assert 100 < r["memory"]["pss_mb"] <= r["memory"]["rss_mb"] <= r["memory"]["peak_rss_mb"]
    # everything is cleaned up: users, servers, kernels, homes
    assert not [u for u in hub.users() if u.startswith("ci-student")]
    for r in records:
        assert not [pid for pid in r["memory"]["pids"] if alive(pid)]
        assert not (hub.home_root / r["name"]).exists()


class HubLab:
    """A user's JupyterLab on the hub, addressed as tests/lab_driver.py addresses its Lab."""

    def __init__(self, hub, name):
        self.base = f"{hub.base}/user/{name}"

    def url(self, notebook):
        return f"{self.base}/lab/tree/bias-course/notebooks/{notebook}?reset"


@needs_hub
@pytest.mark.slow
@pytest.mark.browser
@pytest.mark.skipif(missing_browser() is not None, reason=str(missing_browser()))
def test_a_student_follows_the_nbgitpuller_link_in_a_browser(hub):
    from playwright.sync_api import sync_playwright

    name, notebook = "browser-student", "01_line_and_bias.ipynb"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        try:
            # the link a teacher hands out: log in, the server starts, nbgitpuller pulls the
            # course, and JupyterLab opens notebook 01 of the student's own copy
            page.goto(hub.git_pull_link())
            page.fill("#username_input", name)
            page.fill("#password_input", PASSWORD)
            page.click("#login_submit")
            page.wait_for_url(
                f"**/user/{name}/lab/tree/bias-course/notebooks/{notebook}*", timeout=240_000
            )
            assert (hub.home_root / name / "bias-course" / "notebooks" / notebook).exists()
            run_notebook_in_lab(page, HubLab(hub, name), notebook)
            (dash, *_) = dashboards(page)
            latencies, before, after, changed = drag_slider(page, dash, index=1)
            assert changed, "the figure did not change"
            assert before != after, f"the readout did not change ({before!r})"
        except Exception:
            ARTIFACTS.mkdir(exist_ok=True)
            page.screenshot(path=str(ARTIFACTS / "failure-classroom.png"))
            raise
        finally:
            page.close()
            browser.close()
            hub.remove_user(name)
