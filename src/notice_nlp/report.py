"""Stage 6: reports. HTML evaluation report with matplotlib figures embedded as PNG."""

from __future__ import annotations

import base64
import html
import io

import numpy as np

from .calibration import reliability_curve
from .labels import LABELS


def _figure_png(fig) -> str:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=90, bbox_inches="tight")
    return base64.b64encode(buffer.getvalue()).decode()


def evaluation_html(name: str, metrics: dict, y_true: np.ndarray, scores: np.ndarray, thresholds: np.ndarray) -> str:
    """Per-label precision-recall curves and reliability diagrams, plus the metric tables."""
    # Figures are drawn without pyplot, so a notebook's plotting backend is left alone.
    from matplotlib.figure import Figure
    from sklearn.metrics import precision_recall_curve

    fig = Figure(figsize=(14, 6.5))
    axes = fig.subplots(2, 4)
    for ax, j in zip(axes.flat, range(len(LABELS)), strict=False):
        if y_true[:, j].any():
            precision, recall, _ = precision_recall_curve(y_true[:, j], scores[:, j])
            ax.plot(recall, precision)
        ax.set_title(LABELS[j], fontsize=9)
        ax.set_xlabel("recall", fontsize=8)
        ax.set_ylabel("precision", fontsize=8)
    pr_png = _figure_png(fig)
    fig = Figure(figsize=(14, 6.5))
    axes = fig.subplots(2, 4)
    for ax, j in zip(axes.flat, range(len(LABELS)), strict=False):
        curve = reliability_curve(y_true[:, j], scores[:, j])
        ax.plot([0, 1], [0, 1], "--", color="grey")
        ax.plot([c[0] for c in curve], [c[1] for c in curve], "o-")
        ax.set_title(f"{LABELS[j]} (ECE {metrics['per_label'][LABELS[j]]['ece']:.3f})", fontsize=9)
    rel_png = _figure_png(fig)
    rows = "".join(
        f"<tr><td>{label}</td><td>{thresholds[j]:.3f}</td>" + "".join(
            f"<td>{metrics['per_label'][label][k]:.3f}</td>" for k in ("precision", "recall", "f1", "ece"))
        + f"<td>{metrics['per_label'][label]['support']}</td></tr>" for j, label in enumerate(LABELS))
    kinds = "".join(f"<tr><td>{k}</td><td>{v['n']}</td><td>{v['macro_f1']:.3f}</td><td>{v['politically_motivated_f1']:.3f}</td></tr>"
                    for k, v in metrics.get("by_kind", {}).items())
    groups = "".join(f"<tr><td>{g}</td><td>{v['n']}</td><td>{v['fpr']:.3f}</td></tr>"
                     for g, v in metrics.get("fpr_by_country_group", {}).items())
    return f"""<!doctype html><html><head><meta charset="utf-8"><title>{html.escape(name)} evaluation</title>
<style>body{{font-family:sans-serif;max-width:1100px;margin:auto}}td,th{{padding:2px 8px;border-bottom:1px solid #ddd}}</style>
</head><body><h1>{html.escape(name)}: evaluation</h1>
<p>{metrics['documents']} documents. Macro-F1 {metrics['macro_f1']:.3f}.</p>
<h2>Per label</h2><table><tr><th>label</th><th>threshold</th><th>precision</th><th>recall</th><th>F1</th><th>ECE</th><th>support</th></tr>{rows}</table>
<h2>By kind</h2><table><tr><th>kind</th><th>n</th><th>macro-F1</th><th>politically_motivated F1</th></tr>{kinds}</table>
<h2>politically_motivated false-positive rate by requesting-country group</h2>
<table><tr><th>group</th><th>negatives</th><th>FPR</th></tr>{groups}</table>
<h2>Precision-recall curves</h2><img alt="precision-recall curves" src="data:image/png;base64,{pr_png}">
<h2>Reliability diagrams</h2><img alt="reliability diagrams" src="data:image/png;base64,{rel_png}">
</body></html>"""
