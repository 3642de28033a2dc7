"""PNG charts of the analysis results (matplotlib, Agg backend, imported only when drawing)."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import Any

__all__ = ["counts_chart", "dyad_chart", "network_chart", "alignment_chart"]

QUAD_COLOURS = {"verbal_coop": "#74add1", "material_coop": "#4575b4", "verbal_conflict": "#f46d43",
                "material_conflict": "#a50026"}


def _plt() -> Any:
    try:
        import matplotlib
    except ImportError as exc:  # pragma: no cover - depends on the install
        from veille.export import ExportError

        raise ExportError("charts need matplotlib: pip install 'veille[export]'") from exc
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


def _ticks(ax: Any, labels: list[str]) -> None:
    step = max(1, len(labels) // 16)
    ax.set_xticks(range(0, len(labels), step))
    ax.set_xticklabels(labels[::step], rotation=45, ha="right", fontsize=8)


def _save(fig: Any, path: str | Path) -> None:
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    import matplotlib.pyplot as plt

    plt.close(fig)


def counts_chart(rows: list[dict[str, Any]], path: str | Path, title: str = "") -> None:
    """Events per period, one line per split key."""
    plt = _plt()
    periods = sorted({r["period"] for r in rows})
    index = {p: i for i, p in enumerate(periods)}
    series: dict[Any, list[int]] = defaultdict(lambda: [0] * len(periods))
    for r in rows:
        series[r["key"]][index[r["period"]]] += r["count"]
    fig, ax = plt.subplots(figsize=(10, 4.5))
    for key in sorted(series, key=str):
        label = str(key) if key is not None else "all"
        ax.plot(range(len(periods)), series[key], marker="o", markersize=3, label=label)
    _ticks(ax, periods)
    ax.set_ylabel("events")
    ax.set_title(title)
    if len(series) > 1:
        ax.legend(fontsize=8, ncol=2)
    _save(fig, path)


def dyad_chart(rows: list[dict[str, Any]], path: str | Path, title: str = "") -> None:
    """Stacked bars of the four quad classes per period, and the mean Goldstein value."""
    plt = _plt()
    periods = [r["period"] for r in rows]
    fig, ax = plt.subplots(figsize=(10, 4.5))
    bottom = [0] * len(rows)
    for name, colour in QUAD_COLOURS.items():
        values = [r[name] for r in rows]
        ax.bar(range(len(rows)), values, bottom=bottom, color=colour, label=name.replace("_", " "))
        bottom = [b + v for b, v in zip(bottom, values, strict=True)]
    ax.set_ylabel("events")
    _ticks(ax, periods)
    g = ax.twinx()
    g.plot(range(len(rows)), [r["goldstein_mean"] for r in rows], color="black", marker=".", label="Goldstein mean")
    g.set_ylim(-10, 10)
    g.axhline(0, color="grey", linewidth=0.5)
    g.set_ylabel("mean Goldstein")
    ax.legend(fontsize=8, loc="upper left")
    ax.set_title(title)
    _save(fig, path)


def network_chart(net: dict[str, Any], path: str | Path, title: str = "") -> None:
    """Nodes sized by events; edges blue when mostly cooperation, red when mostly conflict."""
    import networkx as nx

    from veille.store.analysis import to_networkx

    plt = _plt()
    graph = to_networkx(net)
    fig, ax = plt.subplots(figsize=(9, 9))
    pos = nx.spring_layout(graph, seed=1, weight="weight")
    sizes = [60 + 20 * graph.nodes[n]["events"] for n in graph]
    colours = ["#4575b4" if d["cooperation"] >= d["conflict"] else "#d73027" for _, _, d in graph.edges(data=True)]
    widths = [0.5 + d["events"] ** 0.5 for _, _, d in graph.edges(data=True)]
    nx.draw_networkx_edges(graph, pos, ax=ax, edge_color=colours, width=widths, alpha=0.6)
    nx.draw_networkx_nodes(graph, pos, ax=ax, node_size=sizes, node_color="#fee090", edgecolors="grey")
    nx.draw_networkx_labels(graph, pos, ax=ax, font_size=8)
    ax.set_title(title)
    ax.axis("off")
    _save(fig, path)


def alignment_chart(rows: list[dict[str, Any]], path: str | Path, title: str = "") -> None:
    """Each partner's share of the cooperation per period (stacked)."""
    plt = _plt()
    periods = sorted({r["period"] for r in rows})
    partners = list(dict.fromkeys(r["partner"] for r in rows))
    share = {(r["period"], r["partner"]): r["share"] for r in rows}
    fig, ax = plt.subplots(figsize=(10, 4.5))
    ax.stackplot(range(len(periods)), [[share.get((p, x), 0.0) for p in periods] for x in partners],
                 labels=partners, alpha=0.85)
    _ticks(ax, periods)
    ax.set_ylim(0, 1)
    ax.set_ylabel("share of cooperation")
    ax.legend(fontsize=8, loc="upper left")
    ax.set_title(title)
    _save(fig, path)
