"""Kernel-side time of one slider step on each dashboard, next to a bare matplotlib draw of the same figure.

    make bench        (or: .venv/bin/python benchmarks/slider_speed.py)

One step = what the kernel does between a slider's new value and the new image leaving for the browser:
the callback updates artists in place, restores the figure's still background, draws the moving artists
over it (blitting) and ipympl encodes the changed pixels as a PNG diff. The bare draw is `FigureCanvasAgg(fig).draw()` of the same figure:
the floor for any matplotlib figure of that content. Targets: a step under 40 ms, and within 1.5x
the bare draw. Prints medians over many steps; no pass/fail.
"""
import statistics
import time

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg

import helpers


def dashboards():
    """(name, dashboard, slider name, values to sweep) for every dashboard in the course."""
    x, y = helpers.make_line_data(n=30, w=1.5, b=4.0, noise=1.0, seed=0)
    yield "01 LineFitDashboard", helpers.LineFitDashboard(x, y, w=0.5, b=0.0), "b", np.linspace(-3, 9, 40)


def one_step(dash, name, value):
    """The callback: update artists, restore the background, draw the moving artists, send the PNG diff."""
    dash.sliders[name].value = float(value)


def median_ms(fn, values, repeat=3):
    times = []
    for _ in range(repeat):
        for v in values:
            start = time.perf_counter()
            fn(v)
            times.append((time.perf_counter() - start) * 1e3)
    return statistics.median(times)


def main():
    print(f"{'dashboard':24} {'slider step':>12} {'bare draw':>10} {'ratio':>6}  target: < 40 ms and <= 1.5x")
    for label, dash, name, values in dashboards():
        dash.fig.canvas.syncing_data_url = False  # as once a browser has shown the canvas
        dash.fig.canvas.draw()                    # the first full draw, which the browser asks for
        one_step(dash, name, values[0])
        step = median_ms(lambda v: one_step(dash, name, v), values)
        bare_canvas = FigureCanvasAgg(dash.fig)
        bare = median_ms(lambda v: bare_canvas.draw(), values)
        dash.fig.set_canvas(dash.fig.canvas)  # hand the figure back to its widget canvas
        print(f"{label:24} {step:9.1f} ms {bare:7.1f} ms {step / bare:6.2f}")


if __name__ == "__main__":
    main()
