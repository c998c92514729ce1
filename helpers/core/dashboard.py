"""Dashboards: sliders wired to plot objects. They hold no maths and draw nothing themselves.

A dashboard makes its figure once, on an ipympl canvas (matplotlib's widget backend) created
directly, so the notebook's own backend stays `inline` for static figures. A slider change calls one
small function that updates artists in place and asks the canvas for a redraw.
"""

import itertools

import ipywidgets as W
from matplotlib.figure import Figure

from helpers.core.validate import _describe, as_choice, as_float, as_int, as_range, as_text

_figure_numbers = itertools.count(1000)


def _ipympl():
    """ipympl's canvas classes, without letting the import switch pyplot's backend.

    Importing ipympl calls matplotlib.use("module://ipympl.backend_nbagg") whenever matplotlib is
    loaded, which would turn every later static `plt` figure into a widget. So pyplot's own backend
    (inline, in a notebook) is resolved first, which in IPython also wires up its display hooks, and
    put back after.
    """
    import matplotlib
    import matplotlib.pyplot as plt

    backend = matplotlib.get_backend()
    plt.switch_backend(backend)
    from ipympl.backend_nbagg import Canvas, FigureManager

    if matplotlib.get_backend() != backend:
        plt.switch_backend(backend)
    return Canvas, FigureManager


def widget_figure(figsize=(9, 3.8), ncols=1):
    """A Figure on an ipympl canvas, without pyplot: returns (fig, axes).

    The canvas is `fig.canvas`, a widget; put it in a layout to show it. Header, footer and toolbar
    are hidden so that on a projector the figure is all that shows.
    """
    if not isinstance(figsize, (tuple, list)) or len(figsize) != 2:
        raise TypeError(
            f"figsize must be a (width, height) pair in inches; got {_describe(figsize)}"
        )
    figsize = tuple(as_float(f"figsize[{j}]", v, above=0) for j, v in enumerate(figsize))
    ncols = as_int("ncols", ncols, minimum=1, maximum=12)
    Canvas, FigureManager = _ipympl()
    fig = Figure(figsize=figsize, layout="constrained")
    canvas = Canvas(fig)
    FigureManager(
        canvas, next(_figure_numbers)
    )  # answers the frontend's resize and redraw requests
    canvas.header_visible = False
    canvas.footer_visible = False
    canvas.toolbar_visible = False
    canvas.resizable = False
    axes = fig.subplots(1, ncols)
    return fig, axes


def in_range(name, value, low, high, what="value_range"):
    """Raise ValueError unless low <= value <= high: a slider would silently clamp the value."""
    if not low <= value <= high:
        raise ValueError(f"{name} must lie in {what} [{low:g}, {high:g}]; got {value:g}")
    return value


def slider(description, value, value_range, step=0.05):
    """A float slider that reports while it is dragged, with a fixed-width label.

    value must lie in value_range = (low, high), and 0 < step <= high - low.
    """
    name = f"value of the slider {as_text('description', description)!r}"
    low, high = as_range("value_range", value_range)
    step = as_float("step", step, above=0)
    if step > high - low:
        raise ValueError(
            f"step must be at most the width of value_range, {high - low:g}; got {step:g}"
        )
    return W.FloatSlider(
        value=in_range(name, as_float(name, value), low, high),
        min=low,
        max=high,
        step=step,
        description=description,
        continuous_update=True,
        readout_format=".2f",
        layout=W.Layout(width="420px"),
    )


def control_value(name, control, value):
    """`value` checked for a control: a number inside a slider's range (the slider would clamp it
    without a word), or one of a dropdown's options."""
    if isinstance(control, W.FloatLogSlider):
        low, high = control.base**control.min, control.base**control.max
        return in_range(name, as_float(name, value), low, high, "the slider's range")
    if isinstance(control, (W.FloatSlider, W.IntSlider)):
        value = as_int(name, value) if isinstance(control, W.IntSlider) else as_float(name, value)
        return in_range(name, value, control.min, control.max, "the slider's range")
    if hasattr(control, "options"):
        return as_choice(name, value, control.options)
    return value


class Dashboard:
    """Base for dashboards: `.sliders` (name -> control widget), `.readout`, `.fig`, `.widget`.

    A subclass builds its figure and plot objects, then calls this __init__ with its controls
    (sliders, dropdowns, ...) and the artists that move, and defines `refresh()`, which reads the
    controls and updates those artists in place. Displaying the dashboard displays `.widget`.

    Redraws are blitted: the still parts of the figure (axes, ticks, data, contours) are drawn once
    and kept as a background; a slider step restores it, draws only the `moving` artists over it and
    sends the changed pixels. Without `moving`, a step redraws the whole figure, and so does a
    change of a control named in `full_redraw` (one that changes axes, limits or contours, not just
    moving artists).
    """

    def __init__(self, fig, sliders, readout=None, moving=(), full_redraw=()):
        self.fig, self.sliders = fig, dict(sliders)
        self._full_redraw = {id(self.sliders[name]) for name in full_redraw}
        self.readout = readout if readout is not None else W.HTML()
        self.moving = list(moving)
        for artist in self.moving:
            artist.set_animated(True)
        self._background = None
        fig.canvas.mpl_connect("draw_event", self._on_full_draw)
        for control in self.sliders.values():
            control.observe(self._on_change, names="value")
        self.widget = W.VBox(
            [
                W.HBox(list(self.sliders.values()), layout=W.Layout(flex_flow="row wrap")),
                self.readout,
                fig.canvas,
            ]
        )
        self.refresh()
        # Lay the figure out once, then freeze it: re-running constrained layout on every slider
        # step would double the cost of a redraw, and the axes do not need to move.
        fig.draw_without_rendering()
        fig.set_layout_engine("none")

    def _on_full_draw(self, _event):
        """After any full draw (first display, resize): keep the still background, add the moving
        parts."""
        self._background = self.fig.canvas.copy_from_bbox(self.fig.bbox)
        self._draw_moving()

    def _draw_moving(self):
        for artist in self.moving:
            self.fig.draw_artist(artist)

    def _on_change(self, change):
        self.refresh()
        canvas = self.fig.canvas
        if self._background is None or not self.moving or id(change["owner"]) in self._full_redraw:
            # the frontend asks for a full draw, which also renews the background
            canvas.draw_idle()
            return
        canvas.restore_region(self._background)
        self._draw_moving()
        canvas.blit(self.fig.bbox)

    def values(self):
        return {name: s.value for name, s in self.sliders.items()}

    def set(self, **values):
        """Move controls from code, e.g. dash.set(w=1, b=0); the figure follows as if dragged."""
        unknown = set(values) - set(self.sliders)
        if unknown:
            raise ValueError(
                f"set() takes control names {sorted(self.sliders)}; got {sorted(unknown)}"
            )
        for name, v in values.items():
            self.sliders[name].value = control_value(name, self.sliders[name], v)
        return self

    def refresh(self):  # pragma: no cover - every dashboard defines it
        raise NotImplementedError

    def _ipython_display_(self):
        from IPython.display import display

        display(self.widget)
