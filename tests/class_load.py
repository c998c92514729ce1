"""A class at once: N simulated students on the classroom hub, driven as JupyterLab drives a server.

Used by tests/test_classroom.py (a small class) and benchmarks/classroom.py (the N sweep). Each
student, all at the same time:
1. logs in through the hub's API with the class password (POST /hub/api/users/NAME/tokens),
2. starts their server and waits until it is ready,
3. has nbgitpuller pull the course into their home (its event-stream API, as its page does),
4. opens notebook 01 and a torch notebook (a session and a kernel each, as opening a notebook in
   JupyterLab does) and runs every code cell top to bottom: execute_request messages over the
   kernel's websocket, all queued at once as Run All does.
Then all students together move one slider of each notebook's dashboard a few steps: a widget
state update through the slider's comm, which the dashboard answers by redrawing its figure and
sending the new image through the canvas's comm. The frontend half of ipympl's protocol (asking
for the first full draw, answering redraw requests) is played here, so each kernel does the work
it does for a browser. A step counts from the update sent to the new image received; the next
step waits for the kernel to be idle again, as JupyterLab's widget manager does.
"""

import asyncio
import json
import statistics
import struct
import time
import uuid
from datetime import datetime, timezone
from pathlib import Path
from urllib.parse import quote, urlencode

import psutil
from hub_driver import BRANCH, PASSWORD, links
from tornado.httpclient import AsyncHTTPClient, HTTPRequest
from tornado.websocket import websocket_connect

# The notebooks each student opens, and the slider (by its label) they move in each.
NOTEBOOKS = {
    "notebooks/01_line_and_bias.ipynb": "b (bias)",
    "notebooks/07_bias_in_practice.ipynb": "initial b0",
}
BROKEN_MS = 150  # a median slider step slower than this makes the class "broken"


class CellError(AssertionError):
    pass


def _parse(frame):
    """A websocket frame of jupyter_server's default protocol: JSON text, or, for a message with
    binary buffers, a header of offsets, the JSON, then the buffers."""
    if isinstance(frame, str):
        return {**json.loads(frame), "buffers": []}
    n = struct.unpack("!I", frame[:4])[0]
    offsets = [*struct.unpack(f"!{n}I", frame[4 : 4 * (n + 1)]), None]
    parts = [frame[a:b] for a, b in zip(offsets[:-1], offsets[1:])]
    return {**json.loads(parts[0]), "buffers": parts[1:]}


class Kernel:
    """One open notebook's kernel, seen as JupyterLab's notebook panel and widget manager see it."""

    def __init__(self, ws, session, username):
        self.ws, self.session, self.username = ws, session, username
        self.replies, self.idle = {}, {}  # msg_id -> future of execute_reply / of status idle
        self.models = {}  # comm_id -> widget state, kept up to date like the widget manager's
        self.canvases = {}  # comm_id -> ipympl canvas: is it waiting for an image?
        self.images = []  # arrival times of new figure images
        self.changed = asyncio.Condition()
        self.reader = asyncio.ensure_future(self._read())

    def _message(self, msg_type, content):
        header = {
            "msg_id": uuid.uuid4().hex,
            "msg_type": msg_type,
            "session": self.session,
            "username": self.username,
            "date": datetime.now(timezone.utc).isoformat(),
            "version": "5.3",
        }
        return {
            "header": header,
            "parent_header": {},
            "metadata": {},
            "content": content,
            "channel": "shell",
            "buffers": [],
        }

    async def send(self, msg_type, content):
        """Send a shell message; futures for its reply and for the kernel's idle after it."""
        loop = asyncio.get_running_loop()
        msg = self._message(msg_type, content)
        msg_id = msg["header"]["msg_id"]
        reply, idle = loop.create_future(), loop.create_future()
        self.replies[msg_id], self.idle[msg_id] = reply, idle
        await self.ws.write_message(json.dumps(msg))
        return reply, idle

    async def custom(self, comm_id, content):
        """A widget's custom message, as ipympl's frontend model sends it."""
        data = {"method": "custom", "content": content}
        await self.send("comm_msg", {"comm_id": comm_id, "data": data})

    async def _read(self):
        try:
            while True:
                frame = await self.ws.read_message()
                if frame is None:
                    raise ConnectionError("the kernel's websocket closed")
                await self._handle(_parse(frame))
        except Exception as e:
            for fut in [*self.replies.values(), *self.idle.values()]:
                if not fut.done():
                    fut.set_exception(e)
            async with self.changed:
                self.changed.notify_all()

    async def _handle(self, msg):
        kind = msg["header"]["msg_type"]
        parent = msg["parent_header"].get("msg_id")
        content = msg["content"]
        if kind in ("execute_reply", "kernel_info_reply") and parent in self.replies:
            self.replies.pop(parent).set_result(content)
        elif kind == "status" and content["execution_state"] == "idle" and parent in self.idle:
            self.idle.pop(parent).set_result(time.monotonic())
        elif kind == "comm_open" and content.get("target_name") == "jupyter.widget":
            comm_id, state = content["comm_id"], content["data"]["state"]
            self.models[comm_id] = dict(state)
            if state.get("_model_name") == "MPLCanvasModel":
                # ipympl's frontend model, when created, asks for the first full draw
                self.canvases[comm_id] = False
                for request in ("refresh", "send_image_mode", "initialized"):
                    await self.custom(comm_id, {"type": request})
        elif kind == "comm_msg":
            comm_id, data = content["comm_id"], content["data"]
            if data.get("method") in ("update", "echo_update") and comm_id in self.models:
                self.models[comm_id].update(data.get("state", {}))
            elif data.get("method") == "custom" and comm_id in self.canvases:
                await self._canvas_event(comm_id, json.loads(data["content"]["data"]))
        async with self.changed:
            self.changed.notify_all()

    async def _canvas_event(self, comm_id, event):
        """The frontend's side of ipympl: draw when asked (once at a time), show images."""
        if event["type"] == "binary":
            self.canvases[comm_id] = False
            self.images.append(time.monotonic())
        elif event["type"] == "draw" and not self.canvases[comm_id]:
            self.canvases[comm_id] = True
            await self.custom(comm_id, {"type": "draw"})
        elif event["type"] == "resize":
            await self.custom(comm_id, {"type": "refresh"})

    async def wait_until(self, predicate, timeout):
        async with self.changed:
            await asyncio.wait_for(self.changed.wait_for(predicate), timeout)

    async def ready(self, timeout=120):
        reply, _ = await self.send("kernel_info_request", {})
        await asyncio.wait_for(reply, timeout)

    async def run_all(self, sources, timeout):
        """Queue every cell at once, as Run All does; (start, end time of each cell)."""
        start, pending = time.monotonic(), []
        for source in sources:
            content = {
                "code": source,
                "silent": False,
                "store_history": True,
                "user_expressions": {},
                "allow_stdin": False,
                "stop_on_error": True,
            }
            pending.append(await self.send("execute_request", content))
        ends, deadline = [], start + timeout
        for i, (reply, _) in enumerate(pending):
            content = await asyncio.wait_for(reply, deadline - time.monotonic())
            ends.append(time.monotonic())
            if content["status"] != "ok":
                raise CellError(
                    f"code cell {i + 1}: {content.get('ename')}: {content.get('evalue')}"
                )
        await asyncio.wait_for(pending[-1][1], deadline - time.monotonic())
        return start, ends

    async def settle(self, timeout, rounds=10):
        """Wait until every figure has had its first full draw: the canvases' requests, queued
        behind Run All, are answered only after it; a browser waits for them the same way."""
        for _ in range(rounds):
            seen = len(self.images)
            reply, _ = await self.send("kernel_info_request", {})
            await asyncio.wait_for(reply, timeout)
            await self.wait_until(lambda: not any(self.canvases.values()), timeout)
            if len(self.images) == seen:
                return
        raise TimeoutError(f"the figures were still redrawing after {rounds} rounds")

    def slider(self, label):
        found = [
            cid
            for cid, s in self.models.items()
            if s.get("_model_name") in ("FloatSliderModel", "IntSliderModel")
            and s.get("description") == label
        ]
        if not found:
            raise AssertionError(f"no slider labelled {label!r} in this notebook")
        return found[-1]

    def readouts(self):
        html = [c for c, s in self.models.items() if s["_model_name"] == "HTMLModel"]
        return {c: self.models[c].get("value") for c in html}

    async def move_slider(self, label, steps, timeout=60):
        """Move a slider `steps` times; (ms from each update to its new image, did a readout
        change, the slider's value as the kernel last echoed it, the value sent last)."""
        comm_id = self.slider(label)
        state = self.models[comm_id]
        low, high, value = state["min"], state["max"], state["value"]
        await self.wait_until(lambda: not any(self.canvases.values()), timeout)
        direction = 1 if value < (low + high) / 2 else -1  # towards the farther end
        delta = (high - low) / (2 * steps)
        before, latencies = self.readouts(), []
        for k in range(1, steps + 1):
            target = value + direction * delta * k
            seen = len(self.images)
            data = {"method": "update", "state": {"value": target}, "buffer_paths": []}
            sent = time.monotonic()
            _, idle = await self.send("comm_msg", {"comm_id": comm_id, "data": data})
            await self.wait_until(lambda seen=seen: len(self.images) > seen, timeout)
            latencies.append((self.images[seen] - sent) * 1e3)
            await asyncio.wait_for(idle, timeout)
        changed = self.readouts() != before
        return latencies, changed, self.models[comm_id]["value"], target

    async def close(self):
        self.reader.cancel()
        self.ws.close()


class Student:
    """One simulated student: their token, server, and the kernels of the notebooks they opened."""

    def __init__(self, hub, name):
        self.hub, self.name = hub, name
        self.http = AsyncHTTPClient()
        self.token = None
        self.kernels = {}
        self.record = {"name": name}

    async def call(self, method, path, body=None, timeout=60, auth=True):
        headers = {"Authorization": f"token {self.token}"} if auth else {}
        req = HTTPRequest(
            self.hub.base + path,
            method=method,
            body=None if body is None else json.dumps(body),
            headers=headers,
            request_timeout=timeout,
            allow_nonstandard_methods=True,
        )
        response = await self.http.fetch(req)
        return response.body.decode()

    async def log_in(self):
        """The hub's token API, authenticated by the class password."""
        body = {
            "auth": {"username": self.name, "password": PASSWORD},
            "note": "classroom load test",
            "expires_in": 3600,
        }
        text = await self.call("POST", f"/hub/api/users/{self.name}/tokens", body, auth=False)
        self.token = json.loads(text)["token"]

    async def start_server(self, timeout):
        await self.call("POST", f"/hub/api/users/{self.name}/server", {}, timeout=timeout)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            user = json.loads(await self.call("GET", f"/hub/api/users/{self.name}"))
            if user["servers"].get("", {}).get("ready"):
                return
            await asyncio.sleep(0.5)
        raise TimeoutError(f"{self.name}'s server was not ready within {timeout} s")

    async def pull_course(self, timeout):
        """nbgitpuller's API, as its page calls it; the events it streamed."""
        query = urlencode(
            {
                "repo": f"file://{self.hub.repo}",
                "branch": BRANCH,
                "targetpath": links().COURSE_DIR,
            }
        )
        text = await self.call("GET", f"/user/{self.name}/git-pull/api?{query}", timeout=timeout)
        events = [json.loads(line[6:]) for line in text.splitlines() if line.startswith("data: ")]
        if not events or events[-1].get("phase") != "finished":
            raise AssertionError(f"nbgitpuller did not finish: {events[-1:]}")
        return events

    async def open_notebook(self, path, timeout):
        """Read the notebook and start its kernel, as opening it in JupyterLab does."""
        full = f"{links().COURSE_DIR}/{path}"
        model = json.loads(await self.call("GET", f"/user/{self.name}/api/contents/{quote(full)}"))
        cells = [c["source"] for c in model["content"]["cells"] if c["cell_type"] == "code"]
        body = {"path": full, "type": "notebook", "name": Path(path).name}
        body["kernel"] = {"name": "python3"}
        session = json.loads(
            await self.call("POST", f"/user/{self.name}/api/sessions", body, timeout=timeout)
        )
        kernel_id, session_id = session["kernel"]["id"], uuid.uuid4().hex
        url = self.hub.base.replace("http", "ws", 1)
        url += f"/user/{self.name}/api/kernels/{kernel_id}/channels?session_id={session_id}"
        headers = {"Authorization": f"token {self.token}"}
        ws = await websocket_connect(
            HTTPRequest(url, headers=headers, request_timeout=timeout),
            max_message_size=64 * 2**20,
        )
        kernel = Kernel(ws, session_id, self.name)
        await kernel.ready(timeout)
        self.kernels[path] = kernel
        return kernel, cells

    async def arrive(self, timeout):
        """Log in, start, pull, and run both notebooks: the first ten minutes of a lesson."""
        r, t0 = self.record, time.monotonic()
        await self.log_in()
        r["login_s"] = time.monotonic() - t0
        await self.start_server(timeout)
        r["server_s"] = time.monotonic() - t0
        await self.pull_course(timeout)
        r["pulled_s"] = time.monotonic() - t0
        r["run_all_s"] = {}
        for path in NOTEBOOKS:
            kernel, cells = await self.open_notebook(path, timeout)
            start, ends = await kernel.run_all(cells, timeout)
            await kernel.settle(timeout)
            if "first_cell_s" not in r:
                r["first_cell_s"] = ends[0] - t0
            r["run_all_s"][path] = ends[-1] - start
            r.setdefault("cells", {})[path] = len(cells)

    async def slide(self, steps):
        """Move each notebook's slider `steps` times."""
        self.record["slider_ms"], self.record["slider_ok"] = {}, {}
        for path, label in NOTEBOOKS.items():
            latencies, changed, echoed, sent = await self.kernels[path].move_slider(label, steps)
            self.record["slider_ms"][path] = latencies
            self.record["slider_ok"][path] = changed and abs(echoed - sent) < 1e-9

    async def leave(self):
        for kernel in self.kernels.values():
            await kernel.close()
        self.http.close()


def usage(pid):
    """A student's footprint: their server and its kernels. PSS (each shared page split between
    the processes that share it: what one more student adds), RSS now, peak RSS (VmHWM), and the
    CPU seconds they have used."""
    procs = [psutil.Process(pid)]
    procs += sorted(procs[0].children(recursive=True), key=lambda p: p.create_time())
    pss = rss = peak = cpu = 0
    each = []
    for p in procs:
        try:
            pss += p.memory_full_info().pss
            rss += p.memory_info().rss
            each.append(p.memory_info().rss / 2**20)
            status = Path(f"/proc/{p.pid}/status").read_text()
            peak += int(next(x for x in status.splitlines() if x.startswith("VmHWM")).split()[1])
            times = p.cpu_times()
            cpu += times.user + times.system
        except (psutil.NoSuchProcess, FileNotFoundError, StopIteration):
            continue
    return {
        "pss_mb": pss / 2**20,
        "rss_mb": rss / 2**20,
        "peak_rss_mb": peak / 1024,
        "cpu_s": cpu,
        "rss_each_mb": each,  # the server, then its kernels in the order they started
        "processes": len(procs),
        "pids": [p.pid for p in procs],
    }


async def _phase(students, step, timeout):
    """Run one phase for every student at once; the students it failed for, with why."""
    results = await asyncio.wait_for(
        asyncio.gather(*(step(s) for s in students), return_exceptions=True), timeout
    )
    failed = {}
    for s, result in zip(students, results):
        if isinstance(result, BaseException):
            failed[s.name] = f"{type(result).__name__}: {result}"
            s.record["error"] = failed[s.name]
    return failed


def _cpu_seconds(hub):
    """CPU seconds so far: the whole machine busy, the hub with everything it started (proxy,
    culler, servers, kernels), and this process (the simulated students' own side)."""
    t = psutil.cpu_times()
    busy = sum(t) - t.idle - getattr(t, "iowait", 0)
    hub_side = 0.0
    procs = [psutil.Process(hub.proc.pid)]
    for p in procs + procs[0].children(recursive=True):
        try:
            hub_side += sum(p.cpu_times()[:4])  # user, system, and of reaped children (git, ...)
        except psutil.NoSuchProcess:
            continue
    me = psutil.Process().cpu_times()
    return busy, hub_side, me.user + me.system


async def _run(hub, names, steps, timeout, machine):
    AsyncHTTPClient.configure(None, max_clients=4 * len(names) + 8)
    students = [Student(hub, name) for name in names]
    start, cpu_start = time.monotonic(), _cpu_seconds(hub)
    left = lambda: max(1.0, timeout - (time.monotonic() - start))
    try:
        failed = await _phase(students, lambda s: s.arrive(left()), left())
        present = [s for s in students if s.name not in failed]
        cpu_slide = _cpu_seconds(hub)
        failed |= await _phase(present, lambda s: s.slide(steps), left())
        cpu_end = _cpu_seconds(hub)
        for s in students:
            if s.name not in failed:
                s.record["memory"] = usage(hub.server_pid(s.name))
        busy, hub_side, me = (b - a for a, b in zip(cpu_start, cpu_end))
        wall = time.monotonic() - start
        n_steps = sum(len(v) for s in present for v in s.record.get("slider_ms", {}).values())
        machine.update(
            wall_s=wall,
            # cores kept busy by work that is neither the hub's nor the simulated students'
            other_cores=(busy - hub_side - me) / wall,
            client_cpu_s=me,
            # server-side CPU of one slider step: hub, proxy, servers and kernels together
            step_cpu_ms=(cpu_end[1] - cpu_slide[1]) / max(1, n_steps) * 1e3,
        )
    finally:
        for s in students:
            await s.leave()
    return [s.record for s in students], failed


def run_class(hub, n, steps=5, timeout=900, prefix="student", machine=None):
    """n students at once on `hub` (a hub_driver.Hub); their records, and the failed ones.

    Creates the users (as a teacher registers a class), runs them, and always removes them, their
    servers and homes again. Bounded: at most `timeout` seconds for the whole class. `machine`, a
    dict if given, receives the round's wall time; "other_cores", how many cores other work on
    this machine kept busy meanwhile; "client_cpu_s", the simulated students' own CPU seconds; and
    "step_cpu_ms", the server-side CPU of one slider step.
    """
    names = [f"{prefix}-{i:02d}" for i in range(1, n + 1)]
    hub.api("POST", "/users", {"usernames": names})
    try:
        return asyncio.run(_run(hub, names, steps, timeout, {} if machine is None else machine))
    finally:
        for name in names:
            hub.remove_user(name)


def summary(records):
    """Medians and worst cases over the students who finished."""
    ok = [r for r in records if "error" not in r and "memory" in r]
    if not ok:
        return {"students": len(records), "finished": 0}
    med = lambda xs: statistics.median(xs)
    out = {"students": len(records), "finished": len(ok)}
    for key in ("pss_mb", "rss_mb", "peak_rss_mb", "cpu_s"):
        out[key] = med([r["memory"][key] for r in ok])
    each = [r["memory"]["rss_each_mb"] for r in ok if len(r["memory"]["rss_each_mb"]) == 3]
    out["rss_each_mb"] = [med(xs) for xs in zip(*each)]  # server, kernel 01, kernel 07
    out["first_cell_s"] = (med([r["first_cell_s"] for r in ok]), max(r["first_cell_s"] for r in ok))
    out["server_s"] = med([r["server_s"] for r in ok])
    for path in NOTEBOOKS:
        tag = Path(path).name.split("_")[0]  # "01", "02b", ...: the notebook's number
        runs = [r["run_all_s"][path] for r in ok]
        steps = [t for r in ok for t in r["slider_ms"][path]]
        out[f"run_all_{tag}_s"] = (med(runs), max(runs))
        out[f"slider_{tag}_ms"] = (med(steps), sorted(steps)[int(0.9 * (len(steps) - 1))])
    out["broken"] = any(out[k][0] > BROKEN_MS for k in out if k.startswith("slider_"))
    return out
