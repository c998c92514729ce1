"""Sent as one extra cell to a kernel that has just run a notebook (see benchmarks/course.py).

Prints one JSON line: the kernel's peak memory, and for every dashboard alive in the kernel the
median time of one slider step (callback + blit + PNG diff, as once a browser shows the canvas) next
to a bare Agg draw of the same figure.
"""

import gc
import json
import resource
import statistics
import time

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg

from helpers.core.dashboard import Dashboard


def _median_ms(fn, values):
    times = []
    for v in values:
        start = time.perf_counter()
        fn(v)
        times.append((time.perf_counter() - start) * 1e3)
    return statistics.median(times)


def _probe(steps=30):
    found = []
    for dash in [o for o in gc.get_objects() if isinstance(o, Dashboard)]:
        name, control = next((n, c) for n, c in dash.sliders.items() if hasattr(c, "min"))
        values = np.linspace(control.min, control.max, steps)
        if hasattr(control, "base"):  # a log slider: min and max are exponents
            values = control.base**values
        canvas = dash.fig.canvas
        canvas.syncing_data_url = False  # as once a browser shows the canvas
        canvas.draw()  # the first full draw, which the browser asks for
        step = _median_ms(lambda v, control=control: setattr(control, "value", float(v)), values)
        bare_canvas = FigureCanvasAgg(dash.fig)
        bare = _median_ms(lambda v, bare_canvas=bare_canvas: bare_canvas.draw(), values[:10])
        dash.fig.set_canvas(canvas)
        found.append(
            {"dashboard": type(dash).__name__, "slider": name, "step_ms": step, "bare_ms": bare}
        )
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux reports KiB
    print(json.dumps({"peak_mb": peak_mb, "dashboards": found}))


_probe()
