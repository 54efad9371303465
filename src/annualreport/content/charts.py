"""Charts of the performance indicators and the training figures, for print.

Each chart is a PNG at 200 dpi, drawn at the size it is printed (so 8 pt on the chart is
8 pt on paper), with alt text that states the data it shows: a reader who cannot see the
chart gets the same figures. Colours are the report's navy and a dark orange, each at
least 5:1 against white (earlier years in a lighter navy, 3.1:1), and never carry meaning
alone: every value is labelled, the target is a dashed line with its own label, and
before and after are different markers (open and filled circles) with a legend.

The PNGs are kept in a keyed file store (``cache_store``): a file's name ends with a hash of
everything that decides how it looks (its data, its size, this module's source and
matplotlib's version), so a chart whose data has not changed is not drawn again when the
folder already holds it whole (one torn or altered is drawn again).
matplotlib is imported only when a chart has to be drawn, and only its object-oriented
API is used (no pyplot): no global backend, no figure manager, nothing left open.
"""

from __future__ import annotations

import hashlib
import json
import textwrap
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Callable, Iterable

from annualreport.content import figures as fmt

DPI = 200
CM = 1 / 2.54
#: the text column of the report (A4, 2.5 cm margins)
FULL_WIDTH_CM = 16.0
#: two charts side by side in the column. Not 8: LibreOffice keeps about 0.3 cm clear
#: on each side of an inline picture, so two 7.4 cm pictures no longer fit on one line.
HALF_WIDTH_CM = 7.2

NAVY = "#1F3864"  # 11.6:1 on white
ORANGE = "#B35200"  # 5.1:1, so it can carry text too
EARLIER = "#7A93B8"  # earlier years: a lighter navy, 3.1:1; the values are labelled
GREY = "#595959"  # 7.0:1, for secondary text
RULE = "#BFBFBF"  # axis lines and gridlines (not information)
FONTS = ["Arial", "Liberation Sans", "DejaVu Sans"]
#: what the kept charts may take before the least recently used go
CACHE_LIMIT = 64 * 1024 * 1024


@dataclass(frozen=True)
class Chart:
    name: str  #: what the chart is, e.g. "performance-cp-plan-rate" (the file adds a hash)
    path: Path  #: the PNG
    alt: str  #: alt text that states the data
    caption: str  #: a sentence under the chart: what it shows
    width_cm: float = FULL_WIDTH_CM  #: the width it is drawn for and must be printed at


# -- what the charts show ------------------------------------------------------------


def performance_charts(indicators, periods: list[str], folder: Path) -> list[Chart]:
    """One small column chart per indicator: its value in each period, the target as a
    dashed line, and which direction is better. Drawn half the column wide, to be set
    in pairs (see :func:`charts_markdown`)."""
    charts = []
    for ind in indicators:
        shown = [p for p in periods if p in ind.values]
        if not shown:
            continue
        values = [ind.values[p] for p in shown]
        labels = [fmt.with_unit(v, ind.unit) for v in values]
        target = fmt.with_unit(ind.target, ind.unit) if ind.target is not None else None
        better = f"{ind.better.capitalize()} is better"
        data = "; ".join(f"{p} {label}" for p, label in zip(shown, labels))
        missing = [p for p in periods if p not in ind.values]
        alt = f"Column chart: {ind.title}: {data}"
        if missing:
            alt += "; no figure for " + ", ".join(missing)
        alt += f"; target {target}" if target else "; no target"
        alt += f"; {better.lower()}."
        # the title is on the chart itself, right above: the caption says what it shows
        caption = f"{labels[-1]} in {shown[-1]}"
        if len(values) > 1:
            change = values[-1] - values[-2]
            judged = "the same as" if change == 0 else "better than" if (change > 0) == (ind.better == "higher") else "worse than"
            caption += f", {judged} {labels[-2]} in {shown[-2]}"
        if target:
            met = values[-1] >= ind.target if ind.better == "higher" else values[-1] <= ind.target
            caption += f"; target {target} {'met' if met else 'not met'}"
        caption += "."
        spec = {
            "kind": "indicator",
            "title": ind.title,
            "periods": shown,
            "values": values,
            "labels": labels,
            "target": ind.target,
            "target_label": target,
            "better": better,
            "size": [HALF_WIDTH_CM, 6.0],
        }
        charts.append(_chart(f"performance-{ind.id}", spec, folder, alt, caption, _draw_indicator))
    return charts


def training_charts(courses, agency_names: dict[str, str], folder: Path, period: str | None = None) -> list[Chart]:
    """Attendance by agency (horizontal bars), and confidence before and after each
    evaluated course (a dot chart; one per rating scale if the courses use several)."""
    charts = []
    attendance: dict[str, int] = {}
    for course in courses:
        for agency, n in course.attendance.items():
            attendance[agency] = attendance.get(agency, 0) + n
    total = sum(attendance.values())
    if total:
        rows = sorted(attendance.items(), key=lambda kv: (-kv[1], agency_names.get(kv[0], kv[0])))
        names = [agency_names.get(a, a) for a, _ in rows]
        counts = [n for _, n in rows]
        labels = [f"{fmt.number(n)} ({fmt.share(n, total)})" for n in counts]
        during = f" in {period}" if period else ""
        alt = (
            f"Bar chart: Attendance at multi-agency training by agency{during}, {fmt.number(total)} attendances in all: "
            + "; ".join(f"{name} {label}" for name, label in zip(names, labels))
            + "."
        )
        caption = f"Attendance at multi-agency training by agency{during}: {fmt.number(total)} attendances, of which {names[0]} {labels[0]}."
        wrapped = [_wrap(n, 44, 2) for n in names]
        row = 0.72 if any("\n" in w for w in wrapped) else 0.55
        spec = {"kind": "attendance", "names": names, "wrapped": wrapped, "counts": counts, "labels": labels, "size": [FULL_WIDTH_CM, 0.3 + row * len(names)]}
        charts.append(_chart("training-attendance-by-agency", spec, folder, alt, caption, _draw_attendance))
    evaluated = [c for c in courses if c.evaluation]
    scales = sorted({c.evaluation.scale for c in evaluated})
    for scale in scales:
        group = [c for c in evaluated if c.evaluation.scale == scale]
        before = [c.evaluation.before for c in group]
        after = [c.evaluation.after for c in group]
        alt = (
            f"Dot chart: Attendees' average confidence before and after each course, on a scale of 1 to {scale}; higher is better: "
            + "; ".join(f"{c.title}: before {c.evaluation.before:.1f}, after {c.evaluation.after:.1f}" for c in group)
            + "."
        )
        rises = [a - b for a, b in zip(after, before)]
        caption = (
            f"Attendees' average confidence before (open circle) and after (filled circle) each course, on a scale of 1 to {scale}: "
            f"it rose on every course, by {min(rises):.1f} to {max(rises):.1f} points."
            if min(rises) > 0
            else f"Attendees' average confidence before (open circle) and after (filled circle) each course, on a scale of 1 to {scale}."
        )
        spec = {
            "kind": "confidence",
            "courses": [c.title for c in group],
            "before": before,
            "after": after,
            "scale": scale,
            "size": [FULL_WIDTH_CM, 1.4 + 0.8 * len(group)],
        }
        name = "training-confidence" + (f"-scale-{scale}" if len(scales) > 1 else "")
        charts.append(_chart(name, spec, folder, alt, caption, _draw_confidence))
    return charts


# -- the charts in the report's Markdown -------------------------------------------------


#: characters that could start Markdown (emphasis, links, code, maths, citations,
#: footnotes, attributes, raw HTML, entities) or that smart punctuation would change
_MARKDOWN_SPECIAL = set("\\`*_[]<>$@~^\"'{}|#&!")


def markdown_text(text: str) -> str:
    """Text as literal pandoc Markdown: the characters that could mean something in
    Markdown are escaped, and so are "--" and "..." (smart punctuation leaves quotes and
    dashes as they are, so the alt text says exactly what the data says). Numbers and
    periods like 2024-25 stay as they are, for anyone reading the Markdown."""
    text = " ".join(text.split())
    out = []
    for i, ch in enumerate(text):
        run = (ch == "-" and "--" in text[max(0, i - 1) : i + 2]) or (ch == "." and "..." in text[max(0, i - 2) : i + 3])
        out.append("\\" + ch if ch in _MARKDOWN_SPECIAL or run else ch)
    return "".join(out)


def charts_markdown(charts: Iterable[Chart], relative_to: Path | None = None) -> str:
    """The charts as Markdown images with their alt text, each full-width chart and each
    pair of half-width charts followed by its caption. The image paragraph has the
    template's "Captioned Figure" style (keep with next), so a chart never ends a page
    without its caption; the caption is a paragraph in italics (the template's "Image
    Caption" style is bold, too heavy for a sentence or two under every chart).

    A chart under ``relative_to`` (the project folder, which the build gives pandoc as
    a resource path) is written with a relative path, so the DOCX does not record where
    on this computer it was built (pandoc keeps the image path in the picture's
    properties)."""
    out = []
    pending: list[Chart] = []

    def flush(group: list[Chart]) -> None:
        images = " ".join(f"![{markdown_text(c.alt)}](<{_where(c.path, relative_to)}>){{width={c.width_cm:g}cm}}" for c in group)
        if len(group) == 2:
            caption = f"Left: {group[0].caption} Right: {group[1].caption}"
        else:
            caption = group[0].caption
        out.append(f'::: {{custom-style="Captioned Figure"}}\n{images}\n:::\n')
        out.append(f"*{markdown_text(caption)}*\n")

    for chart in charts:
        if chart.width_cm <= FULL_WIDTH_CM / 2:
            pending.append(chart)
            if len(pending) == 2:
                flush(pending)
                pending = []
            continue
        if pending:
            flush(pending)
            pending = []
        flush([chart])
    if pending:
        flush(pending)
    return "\n".join(out)


def _where(path: Path, relative_to: Path | None) -> str:
    path = Path(path).resolve()
    if relative_to is not None:
        try:
            return path.relative_to(Path(relative_to).resolve()).as_posix()
        except ValueError:
            pass
    return path.as_posix()


# -- the cache ------------------------------------------------------------------------

_fingerprint: str | None = None


def _code_fingerprint() -> str:
    """This module's source and matplotlib's version: a change to either redraws."""
    global _fingerprint
    if _fingerprint is None:
        try:
            version = metadata.version("matplotlib")
        except metadata.PackageNotFoundError:
            version = "none"
        _fingerprint = hashlib.sha256(Path(__file__).read_bytes() + version.encode()).hexdigest()
    return _fingerprint


def _chart(name: str, spec: dict, folder: Path, alt: str, caption: str, draw: Callable) -> Chart:
    from annualreport.cache_store import FileStore

    key = json.dumps(spec, sort_keys=True, ensure_ascii=False) + _code_fingerprint()
    digest = hashlib.sha256(key.encode("utf-8")).hexdigest()[:12]
    store = FileStore(folder, ".png", limit=CACHE_LIMIT)
    entry = f"{name}-{digest}"
    path = store.get(entry)  # checked whole: a torn or altered PNG is drawn again
    if path is None:
        import matplotlib

        with matplotlib.rc_context(_style(matplotlib.rcParams)):
            path = store.put(entry, _png(draw(spec)))
        if path is None:
            raise OSError(f"cannot write the chart {entry}.png into {folder}")
    return Chart(name, path, alt, caption, spec["size"][0])


def _png(figure) -> bytes:
    import io

    stream = io.BytesIO()
    figure.savefig(stream, format="png", dpi=DPI, metadata={"Software": None})
    return stream.getvalue()


# -- drawing ----------------------------------------------------------------------------


def _style(defaults) -> dict:
    """matplotlib settings for the report's charts (used in an rc_context, so that no
    one else's matplotlib settings change)."""
    return {
        "font.family": "sans-serif",
        "font.sans-serif": FONTS + [f for f in defaults["font.sans-serif"] if f not in FONTS],
        "font.size": 8.5,
        "axes.edgecolor": RULE,
        "axes.linewidth": 0.8,
        "xtick.color": GREY,
        "ytick.color": GREY,
        "xtick.labelcolor": "black",
        "ytick.labelcolor": "black",
        "xtick.labelsize": 8.5,
        "ytick.labelsize": 8.5,
        "svg.fonttype": "none",
    }


def _figure(size_cm: list[float]):
    from matplotlib.figure import Figure

    width, height = size_cm
    return Figure(figsize=(width * CM, height * CM), dpi=DPI)


def _plain_axes(ax, keep: str = "bottom") -> None:
    for side in ("top", "right", "left", "bottom"):
        ax.spines[side].set_visible(side == keep)


def _wrap(text: str, width: int, lines: int) -> str:
    """`text` in at most `lines` lines of about `width` characters (more only if it must)."""
    for w in (width, width + 4, width + 8):
        wrapped = textwrap.fill(text, w)
        if wrapped.count("\n") < lines:
            return wrapped
    return wrapped


def _draw_indicator(spec: dict):
    width, height = spec["size"]
    fig = _figure(spec["size"])
    # the same plot area on every indicator's chart, so that a pair side by side lines up
    title = _wrap(spec["title"], 42, 2)
    fig.text(0.1 / width, 1 - 0.1 / height, title, ha="left", va="top", fontsize=9, fontweight="bold", linespacing=1.15)
    lines = title.count("\n") + 1
    below_title = 0.1 + 0.4 * lines + 0.1
    subtitle = spec["better"] + ("" if spec["target"] is not None else "; no target set")
    fig.text(0.1 / width, 1 - below_title / height, subtitle, ha="left", va="top", fontsize=8.5, color=GREY)
    top = 0.1 + 0.4 * max(lines, 2) + 0.1 + 0.5
    ax = fig.add_axes((0.1 / width, 0.6 / height, 0.72, 1 - (top + 0.6) / height))
    x = list(range(len(spec["values"])))
    colours = [EARLIER] * (len(x) - 1) + [NAVY]
    shown = spec["values"] + ([spec["target"]] if spec["target"] is not None else [])
    low, high = min(0, *shown), max(0, *shown)
    ax.set_ylim(low * 1.15, high * 1.15 if high > low else 1)
    ax.bar(x, spec["values"], width=0.62, color=colours, zorder=2)
    for i, (value, label) in enumerate(zip(spec["values"], spec["labels"])):
        ax.annotate(
            label,
            (i, value),
            xytext=(0, 2.5),
            textcoords="offset points",
            ha="center",
            va="bottom",
            fontsize=8.5,
            fontweight="bold" if i == len(x) - 1 else "normal",
            bbox={"boxstyle": "square,pad=0.12", "facecolor": "white", "edgecolor": "none"},
            annotation_clip=False,
            zorder=4,
        )
    if spec["target"] is not None:
        ax.axhline(spec["target"], color=ORANGE, linestyle=(0, (4, 2.5)), linewidth=1.4, zorder=3)
        ax.annotate(
            f"Target\n{spec['target_label']}",
            (1, spec["target"]),
            xycoords=("axes fraction", "data"),
            xytext=(4, 0),
            textcoords="offset points",
            ha="left",
            va="center",
            fontsize=8.5,
            color=ORANGE,
            fontweight="bold",
            linespacing=1.1,
            annotation_clip=False,
        )
    ax.set_xticks(x, spec["periods"])
    ax.set_xlim(-0.55, len(x) - 0.45)
    ax.tick_params(axis="x", length=0, pad=3)
    ax.set_yticks([])
    _plain_axes(ax)
    return fig


def _draw_attendance(spec: dict):
    fig = _figure(spec["size"])
    fig.set_layout_engine("constrained", h_pad=0.02, w_pad=0.02)
    ax = fig.add_subplot()
    names, counts = spec["names"], spec["counts"]
    y = list(range(len(names)))
    ax.barh(y, counts, height=0.62, color=NAVY, zorder=2)
    for i, (count, label) in enumerate(zip(counts, spec["labels"])):
        ax.annotate(label, (count, i), xytext=(3, 0), textcoords="offset points", ha="left", va="center", fontsize=8.5, annotation_clip=False)
    ax.set_yticks(y, spec["wrapped"], linespacing=1.05)
    ax.set_ylim(len(y) - 0.5, -0.5)
    # room on the right for the longest value label
    ax.set_xlim(0, max(counts) * 1.2)
    ax.set_xticks([])
    ax.tick_params(axis="y", length=0, pad=4)
    _plain_axes(ax, keep="left")
    return fig


def _draw_confidence(spec: dict):
    from matplotlib.lines import Line2D

    fig = _figure(spec["size"])
    fig.set_layout_engine("constrained", h_pad=0.02, w_pad=0.02)
    ax = fig.add_subplot()
    y = list(range(len(spec["courses"])))
    scale = spec["scale"]
    for i, (b, a) in enumerate(zip(spec["before"], spec["after"])):
        rising = a >= b
        ax.plot([b, a], [i, i], color=RULE, linewidth=2.2, zorder=2, solid_capstyle="butt")
        ax.annotate(f"{b:.1f}", (b, i), xytext=(-7 if rising else 7, 0), textcoords="offset points", ha="right" if rising else "left", va="center", fontsize=8.5, color=ORANGE)
        ax.annotate(f"{a:.1f}", (a, i), xytext=(7 if rising else -7, 0), textcoords="offset points", ha="left" if rising else "right", va="center", fontsize=8.5, color=NAVY, fontweight="bold")
    ax.scatter(spec["before"], y, s=36, facecolor="white", edgecolor=ORANGE, linewidth=1.6, zorder=3)
    ax.scatter(spec["after"], y, s=40, facecolor=NAVY, edgecolor=NAVY, linewidth=1.2, zorder=3)
    ax.set_yticks(y, [_wrap(t, 44, 2) for t in spec["courses"]], linespacing=1.05)
    ax.set_ylim(len(y) - 0.5, -0.5)
    ax.set_xlim(1, scale)
    ax.set_xticks(range(1, scale + 1))
    ax.grid(axis="x", color="#E3E3E3", linewidth=0.8, zorder=0)
    ax.tick_params(axis="both", length=0, pad=4)
    ax.set_xlabel(f"Average rating, from 1 (not at all confident) to {scale} (very confident)", fontsize=8.5, color=GREY, labelpad=4)
    _plain_axes(ax, keep="bottom")
    handles = [
        Line2D([], [], linestyle="none", marker="o", markersize=6, markerfacecolor="white", markeredgecolor=ORANGE, markeredgewidth=1.6, label="Before the course"),
        Line2D([], [], linestyle="none", marker="o", markersize=6.3, markerfacecolor=NAVY, markeredgecolor=NAVY, label="After the course"),
    ]
    ax.legend(handles=handles, loc="lower left", bbox_to_anchor=(0, 1.0), ncol=2, frameon=False, fontsize=8.5, handletextpad=0.3, columnspacing=1.6, borderaxespad=0.4, borderpad=0)
    return fig
