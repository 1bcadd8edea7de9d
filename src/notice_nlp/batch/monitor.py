"""Monitoring report over prediction records: flagged shares by requesting country, month, label
and mechanism (Red Notice or Diffusion mentioned), as one HTML page with charts plus CSV tables.

The figures describe what this model flags in the press coverage it was given. They are not
INTERPOL's statistics and not findings about anyone: press coverage over-represents some countries
and cases, the model makes errors (see the model card), and a flag is a reason to read an
article, nothing more. The report holds aggregates only: no texts, names or ids.

Reading is streaming (counters only), so the input may be larger than memory.
"""

from __future__ import annotations

import base64
import csv
import html
import io
import math
import re
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

from ..labels import LABELS
from .sinks import read_predictions

_MONTH = re.compile(r"^\s*(\d{4})-(\d{1,2})")
_SLASHED = re.compile(r"^\s*(\d{4})/(\d{1,2})")
MECHANISMS = ("red_notice", "diffusion")
CAVEAT = ("These are counts of what the model flags in the press coverage it was given: not INTERPOL's "
          "statistics and not findings about anyone. Coverage over-represents some countries and cases, the "
          "model makes errors (see its card), and a flag is only a reason to read the article. Shares on few "
          "documents are noisy: each comes with a 95% Wilson interval.")


def wilson(k: int, n: int, z: float = 1.96) -> tuple[float, float]:
    """95% Wilson score interval of the share k/n (0, 0 when n is 0)."""
    if n == 0:
        return 0.0, 0.0
    p = k / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return max(0.0, centre - half), min(1.0, centre + half)


def month_of(value) -> str | None:
    """'YYYY-MM' from an ISO-like date ('2019-03-04', '2019-03', '2019/3/4', '2019-03-04T10:00'), else None."""
    if value is None:
        return None
    text = str(value)
    match = _MONTH.match(text) or _SLASHED.match(text)
    if not match:
        return None
    year, month = int(match.group(1)), int(match.group(2))
    return f"{year:04d}-{month:02d}" if 1 <= month <= 12 else None


class Aggregate:
    """Counters over prediction records; ``add`` one record at a time."""

    def __init__(self, flag_label: str = "politically_motivated"):
        self.flag_label = flag_label
        self.rows = 0
        self.errors = 0
        self.scored = 0
        self.flagged = 0
        self.labels: Counter = Counter()
        self.country_docs: Counter = Counter()
        self.country_flagged: Counter = Counter()
        self.month_docs: Counter = Counter()
        self.month_flagged: Counter = Counter()
        self.dated = 0
        self.undated = 0
        self.mechanism_docs: Counter = Counter()
        self.mechanism_flagged: Counter = Counter()
        self.mentions: Counter = Counter()
        self.label_names: list[str] = list(LABELS)

    def add(self, row: dict) -> None:
        self.rows += 1
        if row.get("error") is not None:
            self.errors += 1
            return
        self.scored += 1
        for name in row.get("scores") or {}:
            if name not in self.label_names:
                self.label_names.append(name)
        labels = set(row.get("labels") or [])
        flagged = self.flag_label in labels
        self.flagged += flagged
        self.labels.update(labels)
        country = row.get("requesting_country") or "unknown"
        self.country_docs[country] += 1
        self.country_flagged[country] += flagged
        if "date" in row:
            month = month_of(row["date"])
            if month is None:
                self.undated += 1
            else:
                self.dated += 1
                self.month_docs[month] += 1
                self.month_flagged[month] += flagged
        mentioned = Counter(e.get("norm") for e in row.get("entities") or []
                            if e.get("label") == "MECHANISM" and e.get("norm") in MECHANISMS and not e.get("negated"))
        self.mentions.update(mentioned)
        group = ("both" if len(mentioned) == 2 else "red_notice_only" if "red_notice" in mentioned
                 else "diffusion_only" if "diffusion" in mentioned else "neither")
        self.mechanism_docs[group] += 1
        self.mechanism_flagged[group] += flagged

    # tables: lists of dicts, the same rows as the CSV files
    @staticmethod
    def _share_row(key: str, name: str, k: int, n: int) -> dict:
        low, high = wilson(k, n)
        return {key: name, "documents": n, "flagged": k, "share": round(k / n, 4) if n else None,
                "ci_low": round(low, 4), "ci_high": round(high, 4)}

    def by_label(self) -> list[dict]:
        return [self._share_row("label", label, self.labels.get(label, 0), self.scored) for label in self.label_names]

    def by_country(self) -> list[dict]:
        rows = [self._share_row("country", c, self.country_flagged[c], n) for c, n in self.country_docs.items()]
        for row in rows:
            row["country_name"] = _country_name(row["country"])
        return sorted(rows, key=lambda r: (-r["documents"], r["country"]))

    def by_month(self) -> list[dict]:
        return [self._share_row("month", m, self.month_flagged[m], self.month_docs[m]) for m in sorted(self.month_docs)]

    def by_mechanism(self) -> list[dict]:
        rows = []
        for group in ("red_notice_only", "diffusion_only", "both", "neither"):
            row = self._share_row("mentions", group, self.mechanism_flagged[group], self.mechanism_docs[group])
            rows.append(row)
        return rows

    def overview(self) -> dict:
        return {"rows": self.rows, "error_rows": self.errors, "scored": self.scored, "flag_label": self.flag_label,
                "flagged": self.flagged, "flagged_share": round(self.flagged / self.scored, 4) if self.scored else None,
                "dated": self.dated, "undated": self.undated,
                "red_notice_mentions": self.mentions.get("red_notice", 0),
                "diffusion_mentions": self.mentions.get("diffusion", 0)}


def _country_name(code: str) -> str:
    if code == "unknown":
        return "not identified"
    try:
        import pycountry

        country = pycountry.countries.get(alpha_2=code)
        return country.name if country else code
    except (ImportError, LookupError, KeyError):
        return code


def aggregate(rows: Iterable[dict], flag_label: str = "politically_motivated") -> Aggregate:
    result = Aggregate(flag_label)
    for row in rows:
        result.add(row)
    return result


# ------------------------------------------------------------------------------ rendering


def _png(fig) -> str:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=90, bbox_inches="tight")
    return base64.b64encode(buffer.getvalue()).decode()


def _share_chart(rows: list[dict], key: str, title: str, *, horizontal: bool = True) -> str | None:
    from matplotlib.figure import Figure  # no pyplot: no global backend state

    if not rows:
        return None
    names = [str(r.get("country_name", r[key])) if key == "country" else str(r[key]) for r in rows]
    shares = [r["share"] or 0.0 for r in rows]
    low = [max(0.0, s - r["ci_low"]) for s, r in zip(shares, rows, strict=True)]
    high = [max(0.0, r["ci_high"] - s) for s, r in zip(shares, rows, strict=True)]
    fig = Figure(figsize=(8, max(2.5, 0.28 * len(rows) + 1)) if horizontal else (10, 3.8))
    ax = fig.subplots()
    if horizontal:
        positions = list(range(len(rows)))[::-1]
        ax.barh(positions, shares, xerr=[low, high], color="#4c72b0", ecolor="#999999", capsize=2)
        ax.set_yticks(positions, [f"{n} (n={r['documents']})" for n, r in zip(names, rows, strict=True)], fontsize=8)
        ax.set_xlabel("share flagged (95% interval)")
        ax.set_xlim(0, 1)
    else:
        positions = list(range(len(rows)))
        ax.plot(positions, shares, "o-", color="#4c72b0")
        ax.fill_between(positions, [r["ci_low"] for r in rows], [r["ci_high"] for r in rows], alpha=0.2)
        step = max(1, len(rows) // 12)
        ax.set_xticks(positions[::step], names[::step], rotation=45, fontsize=8)
        ax.set_ylabel("share flagged")
        ax.set_ylim(0, 1)
        counts = ax.twinx()
        counts.bar(positions, [r["documents"] for r in rows], alpha=0.15, color="grey")
        counts.set_ylabel("documents")
    ax.set_title(title, fontsize=10)
    return _png(fig)


def _table(rows: list[dict], columns: list[str], min_docs: int = 0) -> str:
    head = "".join(f"<th>{html.escape(c)}</th>" for c in columns)
    body = []
    for row in rows:
        few = min_docs and row.get("documents", min_docs) < min_docs
        cells = "".join(f"<td>{html.escape('' if row.get(c) is None else str(row.get(c)))}</td>" for c in columns)
        body.append(f"<tr{' class=few' if few else ''}>{cells}</tr>")
    return f"<table><tr>{head}</tr>{''.join(body)}</table>"


def _write_csv(path: Path, rows: list[dict], columns: list[str]) -> None:
    with open(path, "w", encoding="utf-8", newline="") as stream:
        writer = csv.DictWriter(stream, fieldnames=columns, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)


def render_html(agg: Aggregate, *, title: str, min_docs: int, top_countries: int, tables_note: str = "") -> str:
    overview = agg.overview()
    label_rows, country_rows = agg.by_label(), agg.by_country()
    month_rows, mechanism_rows = agg.by_month(), agg.by_mechanism()
    charted = [r for r in country_rows if r["documents"] >= min_docs and r["country"] != "unknown"][:top_countries]
    charts = {
        "label": _share_chart(label_rows, "label", "Share of scored documents with each label"),
        "country": _share_chart(charted, "country",
                                f"'{agg.flag_label}' share by requesting country (n >= {min_docs}, top {top_countries})"),
        "month": _share_chart(month_rows, "month", f"'{agg.flag_label}' share by month", horizontal=False)
        if month_rows else None,
        "mechanism": _share_chart(mechanism_rows, "mentions", f"'{agg.flag_label}' share by mechanism mentioned"),
    }

    def img(name: str, alt: str) -> str:
        return f'<img alt="{html.escape(alt)}" src="data:image/png;base64,{charts[name]}">' if charts[name] else ""

    share_columns = ["documents", "flagged", "share", "ci_low", "ci_high"]
    month_section = (f"<h2>By month</h2>{img('month', 'share by month')}"
                     f"{_table(month_rows, ['month', *share_columns], min_docs)}"
                     f"<p>{overview['dated']} scored documents dated, {overview['undated']} with a date that is "
                     f"not YYYY-MM(-DD).</p>" if month_rows else
                     "<h2>By month</h2><p>No dates in these predictions: run <code>notice-nlp predict "
                     "--date-field FIELD</code> to carry one.</p>")
    share = f"{overview['flagged_share']:.1%}" if overview["flagged_share"] is not None else "n/a"
    return f"""<!doctype html><html><head><meta charset="utf-8"><title>{html.escape(title)}</title>
<style>body{{font-family:sans-serif;max-width:1100px;margin:auto;padding:0 1em}}td,th{{padding:2px 8px;
border-bottom:1px solid #ddd;text-align:right}}td:first-child,th:first-child{{text-align:left}}
tr.few td{{color:#999}}.caveat{{background:#fff6e0;border-left:4px solid #e0a000;padding:.5em 1em}}</style>
</head><body><h1>{html.escape(title)}</h1>
<p class="caveat">{html.escape(CAVEAT)}</p>
<p>{overview['rows']:,} prediction rows: {overview['scored']:,} scored, {overview['error_rows']:,} input errors.
Flagged ('{html.escape(agg.flag_label)}'): {overview['flagged']:,} ({share}). Mentions of Red Notices:
{overview['red_notice_mentions']:,}; of Diffusions: {overview['diffusion_mentions']:,}.
Rows in grey rest on fewer than {min_docs} documents. {html.escape(tables_note)}</p>
<h2>By label</h2>{img('label', 'share by label')}{_table(label_rows, ['label', *share_columns])}
<h2>By requesting country</h2>{img('country', 'share by requesting country')}
{_table(country_rows, ['country', 'country_name', *share_columns], min_docs)}
{month_section}
<h2>Red Notices versus Diffusions</h2>
<p>Documents grouped by the mechanisms they mention (not negated): a Red Notice, a Diffusion, both or neither.</p>
{img('mechanism', 'share by mechanism')}{_table(mechanism_rows, ['mentions', *share_columns], min_docs)}
</body></html>"""


def monitoring_report(predictions: str | Path, html_out: str | Path, *, tables_dir: str | Path | None = None,
                      flag_label: str = "politically_motivated", min_docs: int = 10, top_countries: int = 30,
                      title: str = "Press monitoring: what the model flags") -> dict:
    """Write the HTML report and its CSV tables; return the overview and the paths written.

    Parameters
    ----------
    predictions : str or Path
        Prediction records: a JSONL, CSV or Parquet file (optionally .gz), '-' (JSONL on stdin) or a
        ``--engine dask`` output folder.
    tables_dir : str or Path, optional
        Where the CSV tables go (default: ``<report name>_tables/`` next to the report).
    flag_label : str
        The label whose share is reported by country, month and mechanism.
    min_docs : int
        Countries with fewer scored documents are left out of the chart and greyed in the table.
    """
    from ..errors import Errors, InvalidInputError

    if flag_label not in LABELS:
        raise InvalidInputError(Errors.E030.format(label=flag_label, valid=", ".join(LABELS)))
    agg = aggregate(read_predictions(predictions), flag_label)
    html_out = Path(html_out)
    tables = Path(tables_dir) if tables_dir else html_out.with_name(html_out.stem + "_tables")
    tables.mkdir(parents=True, exist_ok=True)
    share_columns = ["documents", "flagged", "share", "ci_low", "ci_high"]
    written = {
        "by_label.csv": (agg.by_label(), ["label", *share_columns]),
        "by_country.csv": (agg.by_country(), ["country", "country_name", *share_columns]),
        "by_month.csv": (agg.by_month(), ["month", *share_columns]),
        "by_mechanism.csv": (agg.by_mechanism(), ["mentions", *share_columns]),
        "overview.csv": ([agg.overview()], list(agg.overview())),
    }
    for name, (rows, columns) in written.items():
        _write_csv(tables / name, rows, columns)
    html_out.parent.mkdir(parents=True, exist_ok=True)
    note = f"The tables behind the charts are CSV files in {tables}."
    html_out.write_text(render_html(agg, title=title, min_docs=min_docs, top_countries=top_countries,
                                    tables_note=note), encoding="utf-8")
    return {**agg.overview(), "html": str(html_out), "tables": [str(tables / name) for name in written]}
