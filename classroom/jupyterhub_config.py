"""JupyterHub for a class on one machine: every student gets the course in their own JupyterLab.

Start it with `make classroom` (it installs what the hub needs first; see README.md, "Teaching a
whole class"), or, once installed, `.venv/bin/jupyterhub -f classroom/jupyterhub_config.py`.
Students open http://127.0.0.1:8000, log in with any name and the class password, and land in
notebook 01 of their own copy of the course, which nbgitpuller pulls into their home.

Settings a teacher may change without editing this file (environment variables):
    CLASSROOM_PORT           the hub's address is 127.0.0.1:CLASSROOM_PORT (default 8000); the
                             hub itself and the proxy's API use the next two ports
    CLASSROOM_PASSWORD       the class password (at least 8 characters); default: a random one,
                             kept in classroom/state/class-password
    CLASSROOM_REPO           the git repository nbgitpuller copies into each home; default: this
                             repository on this disk (its committed HEAD)
    CLASSROOM_CULL_TIMEOUT   seconds of inactivity after which a student's server is stopped
                             (default 3600)
    CLASSROOM_STATE          where the hub keeps its database, secrets and students' homes
                             (default classroom/state/)

This is the one-machine, loopback-only set-up. For a real class, keep everything below that says
"course" and swap the parts marked "one machine" (the README shows how): a real authenticator, a
spawner that isolates users and enforces the limits, and the hub on a public address with HTTPS.
"""

import importlib.util
import os
import secrets
import sys
from pathlib import Path

c = get_config()  # noqa: F821 (defined by JupyterHub when it reads this file)

ROOT = Path(__file__).resolve().parents[1]
HERE = ROOT / "classroom"
STATE = Path(os.environ.get("CLASSROOM_STATE", HERE / "state")).resolve()
PORT = int(os.environ.get("CLASSROOM_PORT", "8000"))
# The course's environment: the one the hub runs in (make classroom runs .venv/bin/jupyterhub).
BIN = Path(sys.executable).parent
# classroom/nbgitpuller_link.py: the nbgitpuller link, one definition for this file and teachers.
_spec = importlib.util.spec_from_file_location("nbgitpuller_link", HERE / "nbgitpuller_link.py")
links = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(links)

STATE.mkdir(parents=True, exist_ok=True)


def _class_password():
    """CLASSROOM_PASSWORD, or a random password made once and kept in the state folder."""
    if os.environ.get("CLASSROOM_PASSWORD"):
        return os.environ["CLASSROOM_PASSWORD"]
    kept = STATE / "class-password"
    if not kept.exists():
        kept.write_text(secrets.token_urlsafe(9) + "\n")
        kept.chmod(0o600)
    return kept.read_text().strip()


# --- Network (one machine): loopback only. ------------------------------------------------------
c.JupyterHub.ip = "127.0.0.1"
c.JupyterHub.port = PORT
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = PORT + 1
c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{PORT + 2}"
# configurable-http-proxy from npm, installed by `make classroom` into classroom/node_modules.
c.ConfigurableHTTPProxy.command = [str(HERE / "node_modules" / ".bin" / "configurable-http-proxy")]
c.ConfigurableHTTPProxy.pid_file = str(STATE / "proxy.pid")
c.JupyterHub.db_url = f"sqlite:///{STATE / 'jupyterhub.sqlite'}"
c.JupyterHub.cookie_secret_file = str(STATE / "cookie_secret")
c.JupyterHub.pid_file = str(STATE / "jupyterhub.pid")
# Stopping the hub (Ctrl-C) stops every student's server and the proxy with it.
c.JupyterHub.cleanup_servers = True
c.JupyterHub.cleanup_proxy = True

# --- Authentication (one machine): one class password, any user name. -------------------------
# Fine on loopback or a short workshop; anyone with the password can log in as any student.
c.JupyterHub.authenticator_class = "shared-password"
c.SharedPasswordAuthenticator.user_password = _class_password()
c.Authenticator.allow_all = True
print(
    f"\nStudents: open http://127.0.0.1:{PORT}/ and log in with any name and the class password "
    f"{c.SharedPasswordAuthenticator.user_password}\n",
    file=sys.stderr,
)

# --- Spawner (one machine): each student's server is a process of this user, no isolation. ------
c.JupyterHub.spawner_class = "jupyterhub.spawner.SimpleLocalProcessSpawner"
c.SimpleLocalProcessSpawner.home_dir_template = str(STATE / "homes" / "{username}")

# --- The course: its environment, its JupyterLab settings, and its files. -----------------------
c.Spawner.cmd = [str(BIN / "jupyterhub-singleuser")]
c.Spawner.args = [
    # The course's JupyterLab settings (jupyter/overrides.json: no news pop-ups), as `make lab`.
    f"--LabServerApp.app_settings_dir={ROOT / 'jupyter'}",
    # A kernel nobody has used for 30 minutes is shut down, even with its tab open: a student
    # who opens every notebook would otherwise keep eight kernels (and their memory) alive.
    "--MappingKernelManager.cull_idle_timeout=1800",
    "--MappingKernelManager.cull_interval=120",
    "--MappingKernelManager.cull_connected=True",
]
if os.geteuid() == 0:  # containers and classroom VMs often run everything as root
    c.Spawner.args.append("--allow-root")
c.Spawner.environment = {
    # One thread for every numeric library: on a shared machine, threads of one student's kernel
    # only compete with other students' kernels (the notebooks set torch to one thread as well).
    "OMP_NUM_THREADS": "1",
    "OPENBLAS_NUM_THREADS": "1",
    "MKL_NUM_THREADS": "1",
    "NBGITPULLER_APP": "lab",
}
# A student who logs in lands on nbgitpuller: it copies the course into ~/bias-course the first
# time, merges upstream changes later without overwriting the student's own edits, and opens 01.
c.Spawner.default_url = "/" + links.git_pull_path(os.environ.get("CLASSROOM_REPO", str(ROOT)))
# A whole class logs in within a minute; on a small machine, 20 servers starting at once take
# longer than JupyterHub's defaults (30 s to answer, 60 s to start) allow.
c.Spawner.http_timeout = 120
c.Spawner.start_timeout = 180
# Limits per student, from `make classroom-bench` (docs/TEACHING.md, "A whole class on one server"):
# notebooks 01 and 07 open peak at 0.7 GB; a kernel runs on one thread; 4 students dragging a slider
# at once per core keep a step within 150 ms. This spawner only passes them on (MEM_LIMIT, ...);
# TLJH's systemd spawner and Zero to JupyterHub's KubeSpawner enforce them.
c.Spawner.mem_limit = "1536M"
c.Spawner.mem_guarantee = "768M"
c.Spawner.cpu_limit = 1.0
c.Spawner.cpu_guarantee = 0.25

# --- Idle culler: a server nobody has used for CLASSROOM_CULL_TIMEOUT seconds is stopped. -------
CULL_TIMEOUT = int(os.environ.get("CLASSROOM_CULL_TIMEOUT", "3600"))
c.JupyterHub.services = [
    {
        "name": "idle-culler",
        "command": [
            sys.executable,
            "-m",
            "jupyterhub_idle_culler",
            f"--timeout={CULL_TIMEOUT}",
            f"--cull-every={max(1, min(300, CULL_TIMEOUT // 3))}",
        ],
    }
]
c.JupyterHub.load_roles = [
    {
        "name": "idle-culler",
        "scopes": ["list:users", "read:users:activity", "read:servers", "delete:servers"],
        "services": ["idle-culler"],
    }
]
