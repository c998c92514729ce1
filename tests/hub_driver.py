"""Run the classroom hub (classroom/jupyterhub_config.py) for tests and benchmarks, on loopback.

Used by tests/test_classroom.py and benchmarks/classroom.py. The hub runs the course's own config,
loaded unchanged, from a temporary folder (database, secrets, students' homes) on three free
loopback ports. On top of it the driver registers one API token of its own, the "teacher's
script" that creates and removes students, reads their servers' process ids and cleans up. The
course is pulled by nbgitpuller from a bare git repository made here from this repository's HEAD,
so nothing is fetched from the network.
"""

import importlib.util
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[1]
CONFIG = ROOT / "classroom" / "jupyterhub_config.py"
PROXY = ROOT / "classroom" / "node_modules" / ".bin" / "configurable-http-proxy"
JUPYTERHUB = Path(sys.executable).parent / "jupyterhub"
BRANCH = "main"  # the branch of the bare repository the hub pulls from
PASSWORD = "course-class-pw"
LINKS = "nbgitpuller_link.py"

WRAPPER = """\
# Written by tests/hub_driver.py: the course's config, plus this test run's ports and its token.
c = get_config()  # noqa
load_subconfig({config!r})  # noqa
c.JupyterHub.port = {port}
c.JupyterHub.hub_port = {hub_port}
c.ConfigurableHTTPProxy.api_url = "http://127.0.0.1:{api_port}"
c.Spawner.args.extend({extra_args!r})
c.JupyterHub.services.append({{"name": "course-tests", "api_token": {token!r}}})
c.JupyterHub.load_roles.append(
    {{
        "name": "course-tests",
        "scopes": ["admin:users", "admin:servers", "admin:server_state", "list:services"],
        "services": ["course-tests"],
    }}
)
"""


def links():
    """classroom/nbgitpuller_link.py, the one definition of the course's nbgitpuller link."""
    spec = importlib.util.spec_from_file_location("nbgitpuller_link", CONFIG.parent / LINKS)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def missing_hub():
    """Why the classroom hub cannot run here, or None if it can."""
    for module in ("jupyterhub", "nbgitpuller", "jupyterhub_idle_culler"):
        try:
            __import__(module)
        except ImportError:
            return f"{module} is not installed (make classroom-install); classroom tests skipped"
    if not PROXY.exists():
        return (
            f"no configurable-http-proxy at {PROXY.relative_to(ROOT)} (make classroom-install); "
            "classroom tests skipped"
        )
    if shutil.which("git") is None or not (ROOT / ".git").exists():
        return "git or the repository's .git is missing; classroom tests skipped"
    return None


def running(proc):
    """Is this psutil.Process still running (an exited one waiting to be reaped is not)?"""
    try:
        return proc.is_running() and proc.status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


def free_ports(n):
    """n distinct free loopback ports."""
    socks = []
    try:
        for _ in range(n):
            s = socket.socket()
            s.bind(("127.0.0.1", 0))
            socks.append(s)
        return [s.getsockname()[1] for s in socks]
    finally:
        for s in socks:
            s.close()


def bare_course_repo(path):
    """A bare git repository at `path` whose branch `main` is this repository's HEAD commit."""
    run = lambda *args: subprocess.run(args, check=True, capture_output=True, text=True)
    run("git", "init", "--quiet", "--bare", str(path))
    run("git", "-C", str(path), "symbolic-ref", "HEAD", f"refs/heads/{BRANCH}")
    run("git", "-C", str(path), "config", "receive.shallowUpdate", "true")  # CI clones shallow
    run("git", "-C", str(ROOT), "push", "--quiet", str(path), f"HEAD:refs/heads/{BRANCH}")
    return path


class Hub:
    """The classroom hub on free loopback ports: `with Hub() as hub: hub.api("GET", "/users")`.

    cull_timeout: the idle culler's timeout in seconds. lab_api: let the browser test reach
    JupyterLab's `window.jupyterapp`, as tests/lab_driver.py does.
    """

    def __init__(self, cull_timeout=3600, lab_api=False):
        self.tmp = Path(tempfile.mkdtemp(prefix="course-hub-"))
        self.port, self.hub_port, self.api_port = free_ports(3)
        self.base = f"http://127.0.0.1:{self.port}"
        self.token = secrets.token_hex(32)
        self.cull_timeout = cull_timeout
        self.extra_args = ["--LabApp.expose_app_in_browser=True"] if lab_api else []
        self.repo = self.tmp / "course.git"
        self.home_root = self.tmp / "state" / "homes"
        self.proc = None

    def __enter__(self):
        try:
            bare_course_repo(self.repo)
            wrapper = self.tmp / "jupyterhub_config.py"
            wrapper.write_text(
                WRAPPER.format(
                    config=str(CONFIG),
                    port=self.port,
                    hub_port=self.hub_port,
                    api_port=self.api_port,
                    extra_args=self.extra_args,
                    token=self.token,
                )
            )
            env = {
                **os.environ,
                "CLASSROOM_STATE": str(self.tmp / "state"),
                "CLASSROOM_PASSWORD": PASSWORD,
                "CLASSROOM_REPO": f"file://{self.repo}",
                "CLASSROOM_CULL_TIMEOUT": str(self.cull_timeout),
            }
            self.log = open(self.tmp / "hub.log", "w")
            self.proc = subprocess.Popen(
                [str(JUPYTERHUB), "-f", str(wrapper)],
                cwd=self.tmp,
                env=env,
                stdout=self.log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
            deadline = time.monotonic() + 90
            while time.monotonic() < deadline:
                if self.proc.poll() is not None:
                    break
                try:
                    self.api("GET", "/")
                    return self
                except OSError:
                    time.sleep(0.3)
            raise RuntimeError(f"the hub did not start; its log:\n{self.log_text()[-3000:]}")
        except BaseException:
            self.__exit__()
            raise

    def log_text(self):
        return (self.tmp / "hub.log").read_text(errors="replace")

    def api(self, method, path, body=None, token=None, timeout=30):
        """Call the hub's REST API (/hub/api + path) with the driver's token; the JSON answer."""
        data = None if body is None else json.dumps(body).encode()
        req = urllib.request.Request(
            f"{self.base}/hub/api{path}",
            data=data,
            method=method,
            headers={"Authorization": f"token {token or self.token}"},
        )
        with urllib.request.urlopen(req, timeout=timeout) as r:
            text = r.read()
        return json.loads(text) if text else None

    def git_pull_link(self, username=None):
        """The nbgitpuller link a teacher hands out, for this hub and its local course repo;
        with a username, the same pull addressed to that user's server directly."""
        path = links().git_pull_path(f"file://{self.repo}", BRANCH)
        return self.base + (f"/user/{username}/" if username else "/hub/user-redirect/") + path

    def server_pid(self, name):
        """The process id of a user's running server, from the hub's spawner state (or None)."""
        server = self.api("GET", f"/users/{name}").get("servers", {}).get("")
        return (server or {}).get("state", {}).get("pid")

    def processes(self, name):
        """A user's server and everything it started (kernels), or [] without a server."""
        pid = self.server_pid(name)
        try:
            server = psutil.Process(pid) if pid else None
            return [server, *server.children(recursive=True)] if server else []
        except psutil.NoSuchProcess:
            return []

    def remove_user(self, name, timeout=60):
        """Stop a user's server and wait until it and its kernels have exited; delete the user
        and their home."""
        procs = []
        try:
            procs = self.processes(name)
            self.api("DELETE", f"/users/{name}/server")
        except urllib.error.HTTPError as e:
            if e.code not in (400, 404):  # 400: no server running; 404: no such user
                raise
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                servers = self.api("GET", f"/users/{name}").get("servers", {})
            except urllib.error.HTTPError as e:
                if e.code == 404:
                    return
                raise
            if not servers:
                break
            time.sleep(0.5)
        else:
            raise RuntimeError(f"{name}'s server did not stop within {timeout} s")
        while (alive := [p for p in procs if running(p)]) and time.monotonic() < deadline:
            time.sleep(0.2)
        for p in alive:  # a kernel its server left behind: ours to end
            p.kill()
        self.api("DELETE", f"/users/{name}")
        shutil.rmtree(self.home_root / name, ignore_errors=True)

    def users(self):
        return [u["name"] for u in self.api("GET", "/users")]

    def __exit__(self, *exc):
        if self.proc is not None and self.proc.poll() is None:
            try:
                for name in self.users():
                    self.remove_user(name)
            except (OSError, RuntimeError):
                pass  # the hub's own clean-up below stops whatever is left
            self.proc.send_signal(signal.SIGTERM)  # the hub stops its servers, proxy and culler
            try:
                self.proc.wait(60)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(10)
        if getattr(self, "log", None):
            self.log.close()
        shutil.rmtree(self.tmp, ignore_errors=True)
