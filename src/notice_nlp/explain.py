"""Explanations to look at, and predictions as tables.

- :func:`explain` scores one text and returns an :class:`Explanation`: in a notebook it displays
  itself (the extracted entities, then each indicator's score with its evidence highlighted in
  the text, in the displaCy style); ``.save("out.html")`` writes the same as a page, which is what
  ``notice-nlp explain "TEXT" --html out.html`` does.
- :func:`predictions_to_records`, :func:`predictions_to_dataframe` and
  :func:`predictions_to_dataset` turn ``model.predict``/``model.pipe`` output into flat rows, a
  pandas ``DataFrame`` or a Hugging Face ``datasets.Dataset``.

A flag is a reason to read the case file, never a finding: the page says so too.
"""

from __future__ import annotations

import html
import importlib
import sys
import types
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from .errors import Errors, InvalidInputError, MissingExtraError
from .labels import INDICATORS, LABELS
from .types import Prediction

#: displaCy's colours for spaCy's entity labels, and matching ones for the domain labels.
ENTITY_COLORS = {
    "PERSON": "#aa9cfc", "ORG": "#7aecec", "DATE": "#bfe1d9", "COUNTRY": "#feca74", "CHARGE": "#ff8197",
    "ROLE": "#c887fb", "STATUS": "#9cc9cc", "MECHANISM": "#ffeb80", "OUTCOME": "#bfeeb7",
}
#: Evidence highlight (RGB): its opacity grows with the span's weight.
EVIDENCE_RGB = (255, 149, 97)
#: The extra that brings pandas, datasets and the notebook tools (``pip install 'notice_nlp[notebooks]'``).
NOTEBOOKS_EXTRA = "notebooks"

_DEFINITIONS = {indicator.name: indicator.definition for indicator in INDICATORS}
_FONT = ("-apple-system, BlinkMacSystemFont, 'Segoe UI', Helvetica, Arial, sans-serif, 'Apple Color Emoji', "
         "'Segoe UI Emoji', 'Segoe UI Symbol'")
_MARK = ("padding: 0.45em 0.6em; margin: 0 0.25em; line-height: 1; border-radius: 0.35em; "
         "-webkit-box-decoration-break: clone; box-decoration-break: clone;")
_MARK_LABEL = ("font-size: 0.8em; font-weight: bold; line-height: 1; border-radius: 0.35em; "
               "vertical-align: middle; margin-left: 0.5rem")
_CSS = """
.notice-explain {font-size: 16px; font-family: _FONT_; color: #222; max-width: 60rem}
.notice-explain .entities {line-height: 2.5; direction: ltr}
.notice-explain h2 {font-size: 1.25rem; margin: 1.6rem 0 0.4rem}
.notice-explain .caution {background: #fff6d6; border-left: 4px solid #e0b000; padding: 0.5rem 0.8rem; font-size: 0.9em}
.notice-explain .warning {background: #ffe3e3; border-left: 4px solid #d33; padding: 0.5rem 0.8rem; font-size: 0.9em}
.notice-explain .fields {font-size: 0.95em} .notice-explain .fields td {padding: 0.1rem 0.8rem 0.1rem 0}
.notice-explain section.indicator {border-top: 1px solid #ddd; padding: 0.6rem 0 0.4rem}
.notice-explain .indicator-head {display: flex; align-items: center; gap: 0.8rem; flex-wrap: wrap}
.notice-explain .indicator-name {font-weight: bold; font-size: 1.05em; min-width: 14rem}
.notice-explain .meter {position: relative; width: 12rem; height: 0.8rem; background: #eee; border-radius: 0.4rem}
.notice-explain .meter .fill {position: absolute; left: 0; top: 0; bottom: 0; border-radius: 0.4rem; background: #7a9cc6}
.notice-explain .flagged .meter .fill {background: #e0622a}
.notice-explain .meter .threshold {position: absolute; top: -0.2rem; bottom: -0.2rem; width: 2px; background: #333}
.notice-explain .badge {font-size: 0.75em; font-weight: bold; padding: 0.15rem 0.5rem; border-radius: 0.35em; background: #e0622a; color: white}
.notice-explain .score {font-variant-numeric: tabular-nums}
.notice-explain .definition {color: #555; font-size: 0.85em; margin: 0.3rem 0}
.notice-explain .none {color: #777; font-size: 0.9em; font-style: italic}
.notice-explain details {margin-top: 0.5rem; font-size: 0.9em} .notice-explain details td, .notice-explain details th {padding: 0.1rem 0.6rem; text-align: left}
""".replace("_FONT_", _FONT)


def _optional(module: str, extra: str = NOTEBOOKS_EXTRA):
    """Import an optional package or raise [E020] naming the ``pip install`` that fixes it."""
    try:
        return importlib.import_module(module)
    except ImportError as error:
        raise MissingExtraError(Errors.E020.format(extra=extra) + f" (missing package: {module})") from error


@lru_cache(maxsize=4)
def _load_model(path: str):
    from .api import load

    return load(path)


def _model(model: Any):
    """A loaded model from a name, a path or a loaded ``NoticeClassifier`` (cached per process)."""
    if hasattr(model, "pipe") and hasattr(model, "labels"):
        return model
    from .api import resolve_model

    return _load_model(str(resolve_model(model).resolve()))


@dataclass(frozen=True)
class Explanation:
    """One text, its prediction and what is needed to show it.

    Attributes
    ----------
    text : str
        The text that was scored (evidence offsets index into it).
    prediction : notice_nlp.types.Prediction
        Scores, flagged labels, extraction and evidence.
    thresholds : dict
        Indicator name -> decision threshold of the model.
    model_name : str
        Name of the model that scored the text.
    """

    text: str
    prediction: Prediction
    thresholds: dict[str, float] = field(default_factory=dict)
    model_name: str = "model"

    @property
    def scores(self) -> dict[str, float]:
        """Indicator name -> calibrated score."""
        return self.prediction.scores

    @property
    def labels(self) -> tuple[str, ...]:
        """The flagged indicators (score at or above threshold)."""
        return self.prediction.labels

    def to_dict(self) -> dict[str, Any]:
        """The spec's prediction record, with evidence weights, thresholds and the model name.

        Returns
        -------
        dict
        """
        out = self.prediction.to_dict()
        out["evidence"] = {label: [{**e.to_dict(), "weight": e.weight} for e in spans]
                           for label, spans in self.prediction.evidence.items()}
        out["thresholds"] = dict(self.thresholds)
        out["model"] = self.model_name
        return out

    def to_html(self, *, page: bool = True) -> str:
        """The explanation as HTML.

        Parameters
        ----------
        page : bool
            A whole page (True) or a fragment to embed (False).

        Returns
        -------
        str
        """
        return render_html(self.text, self.prediction, thresholds=self.thresholds, model_name=self.model_name,
                           page=page)

    def save(self, path: str | Path) -> Path:
        """Write the page to ``path`` (parent folders are created).

        Parameters
        ----------
        path : str or Path

        Returns
        -------
        Path
            The path written.
        """
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(self.to_html(page=True), encoding="utf-8")
        return path

    def _repr_html_(self) -> str:  # Jupyter displays this
        return self.to_html(page=False)

    def __str__(self) -> str:
        lines = [f"{self.model_name}: flagged {', '.join(self.labels) or 'nothing'}"]
        for label in _ordered(self.prediction, self.thresholds):
            spans = ", ".join(f"{e.text!r} (+{e.weight:.2f})" for e in self.prediction.evidence.get(label, ()))
            lines.append(f"  {label:<22} {self.scores[label]:.3f}  {spans}")
        return "\n".join(lines)


def explain(text: str, model: Any = "notice-linear-v1", *, html: str | Path | None = None) -> Explanation:
    """Score one text and explain it: entities, and per indicator the evidence with its score.

    Parameters
    ----------
    text : str
        The notice or article text.
    model : str, Path or NoticeClassifier
        Model name in ``models/``, artefact path, or a model already loaded with
        ``notice_nlp.load()``. Loaded models are cached per process, by path.
    html : str or Path, optional
        Also write the explanation page here.

    Returns
    -------
    Explanation
        Displays itself in a notebook; ``.save(path)`` writes a page, ``.to_dict()`` the record.

    Raises
    ------
    notice_nlp.errors.InvalidInputError
        [E002]/[E003] when ``text`` is not a string or is empty.
    notice_nlp.errors.ModelNotFoundError
        [E010] when ``model`` names no model; the message lists the available ones.

    Examples
    --------
    >>> import notice_nlp
    >>> notice_nlp.explain("Wanted by Belarus for organising an unauthorised rally.")  # doctest: +SKIP
    """
    from .text import prepare

    prepare(text)  # a bad text fails fast, before the model is loaded
    classifier = _model(model)
    prediction = next(classifier.pipe([(text, None)], as_tuples=True))
    error = prediction.error or (prediction.extraction.error if prediction.extraction else None)
    if error:
        raise InvalidInputError(error)
    thresholds = {label: float(t) for label, t in zip(classifier.labels, classifier.thresholds, strict=True)}
    result = Explanation(text, prediction, thresholds, getattr(classifier, "name", "model"))
    if html is not None:
        result.save(html)
    return result


def _ordered(prediction: Prediction, thresholds: dict[str, float]) -> list[str]:
    """Flagged indicators first, then by descending score."""
    return sorted(prediction.scores, key=lambda label: (label not in prediction.labels, -prediction.scores[label]))


def _non_overlapping(items: list[tuple[int, int, Any]]) -> list[tuple[int, int, Any]]:
    """Keep the earliest, then longest, spans that do not overlap a kept one."""
    kept: list[tuple[int, int, Any]] = []
    for start, end, item in sorted(items, key=lambda x: (x[0], -(x[1] - x[0]))):
        if all(end <= s or start >= e for s, e, _ in kept):
            kept.append((start, end, item))
    return kept


def _marked_text(text: str, spans: list[tuple[int, int, str]]) -> str:
    """``text`` with each (start, end, mark_html_template) span wrapped; the template holds ``{text}``."""
    out, position = [], 0
    for start, end, template in sorted(spans):
        out.append(html.escape(text[position:start]))
        out.append(template.replace("{text}", html.escape(text[start:end])))
        position = end
    out.append(html.escape(text[position:]))
    return "".join(out).replace("\n", "<br>")


def _entity_marks(text: str, prediction: Prediction) -> str:
    entities = prediction.extraction.entities if prediction.extraction else ()
    items = _non_overlapping([(m.start, m.end, m) for m in entities])
    spans = []
    for start, end, m in items:
        color = ENTITY_COLORS.get(m.label, "#ddd")
        label = f"NOT {m.label}" if m.negated else m.label
        norm = f" <span style=\"font-weight: normal\">{html.escape(m.norm)}</span>" if m.norm else ""
        outline = " outline: 2px dashed #888;" if m.negated else ""
        spans.append((start, end, (
            f'<mark class="entity" data-label="{html.escape(m.label)}" data-start="{start}" data-end="{end}" '
            f'data-negated="{str(m.negated).lower()}" style="background: {color}; {_MARK}{outline}">{{text}}'
            f'<span style="{_MARK_LABEL}">{html.escape(label)}{norm}</span></mark>')))
    return _marked_text(text, spans)


def _evidence_marks(text: str, label: str, evidence: Iterable) -> str:
    evidence = list(evidence)
    top = max((e.weight for e in evidence), default=0.0) or 1.0
    spans = []
    for start, end, e in _non_overlapping([(e.start, e.end, e) for e in evidence]):
        alpha = 0.25 + 0.65 * min(1.0, max(0.0, e.weight / top))
        r, g, b = EVIDENCE_RGB
        spans.append((start, end, (
            f'<mark class="entity evidence" data-indicator="{html.escape(label)}" data-start="{start}" '
            f'data-end="{end}" data-weight="{e.weight:.4f}" title="adds {e.weight:.2f} to the {html.escape(label)} '
            f'log-odds" style="background: rgba({r}, {g}, {b}, {alpha:.2f}); {_MARK}">{{text}}'
            f'<span style="{_MARK_LABEL}">+{e.weight:.2f}</span></mark>')))
    return _marked_text(text, spans)


def render_html(text: str, prediction: Prediction, *, thresholds: dict[str, float] | None = None,
                model_name: str = "model", page: bool = True) -> str:
    """Render a prediction for ``text`` in the displaCy style.

    Parameters
    ----------
    text : str
        The scored text (prediction offsets index into it).
    prediction : notice_nlp.types.Prediction
    thresholds : dict, optional
        Indicator name -> threshold; drawn on each score bar.
    model_name : str
        Shown in the heading.
    page : bool
        A whole HTML page (True) or a fragment for a notebook (False).

    Returns
    -------
    str
        HTML: the extracted fields and entities, then one section per indicator (flagged first)
        with its score and the evidence highlighted in the text (``<mark class="entity evidence"
        data-indicator=... data-weight=...>``).
    """
    thresholds = thresholds or {}
    ex = prediction.extraction
    fields = ""
    if ex is not None:
        rows = (("Requesting country", ex.requesting_country or "not found"),
                ("Charge categories", ", ".join(ex.charge_categories) or "none found"),
                ("Roles", ", ".join(ex.roles) or "none"),
                ("Flagged indicators", ", ".join(prediction.labels) or "none"))
        fields = '<table class="fields">' + "".join(
            f"<tr><td>{html.escape(k)}</td><td><b>{html.escape(v)}</b></td></tr>" for k, v in rows) + "</table>"
    warning = ""
    if ex is not None and ex.warning:
        warning = f'<p class="warning">{html.escape(ex.warning)}</p>'
    entity_rows = "".join(
        f"<tr><td>{html.escape(m.text)}</td><td>{html.escape(m.label)}</td><td>{html.escape(m.norm or '')}</td>"
        f"<td>{'yes' if m.negated else ''}</td><td>{m.start}-{m.end}</td></tr>" for m in (ex.entities if ex else ()))
    sections = []
    for label in _ordered(prediction, thresholds):
        score = prediction.scores[label]
        flagged = label in prediction.labels
        threshold = thresholds.get(label)
        marker = (f'<div class="threshold" style="left: {100 * threshold:.1f}%" title="threshold {threshold:.2f}"></div>'
                  if threshold is not None else "")
        threshold_text = f" (threshold {threshold:.2f})" if threshold is not None else ""
        evidence = prediction.evidence.get(label, ())
        body = (f'<div class="entities">{_evidence_marks(text, label, evidence)}</div>' if evidence else
                '<p class="none">No readable evidence: the score comes from character n-grams, country '
                'figures or the absence of cues.</p>')
        sections.append(
            f'<section class="indicator{" flagged" if flagged else ""}" data-indicator="{label}" '
            f'data-score="{score:.4f}" data-flagged="{str(flagged).lower()}">'
            f'<div class="indicator-head"><span class="indicator-name">{html.escape(label)}</span>'
            f'<div class="meter"><div class="fill" style="width: {100 * score:.1f}%"></div>{marker}</div>'
            f'<span class="score">score <b>{score:.2f}</b>{threshold_text}</span>'
            f'{"<span class=badge>flagged</span>" if flagged else ""}</div>'
            f'<p class="definition">{html.escape(_DEFINITIONS.get(label, ""))}</p>{body}</section>')
    content = (
        f'<div class="notice-explain"><style>{_CSS}</style>'
        f'<h2 style="margin-top: 0">{html.escape(model_name)}: indicators with their evidence</h2>'
        '<p class="caution">A screening and research aid: a flag is a reason to read the case file, never a '
        'finding about a person. Highlighted words raised the score; the number is how much they added to its '
        'log-odds.</p>'
        f"{warning}{fields}<h2>Entities</h2><div class=\"entities\">{_entity_marks(text, prediction)}</div>"
        f"<details><summary>All {len(ex.entities) if ex else 0} entities</summary><table><tr><th>text</th>"
        f"<th>label</th><th>normalised</th><th>negated</th><th>offsets</th></tr>{entity_rows}</table></details>"
        f"<h2>Indicators</h2>{''.join(sections)}</div>")
    if not page:
        return content
    return (f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>notice_nlp explanation: '
            f'{html.escape(model_name)}</title></head><body style="font-size: 16px; font-family: {_FONT}; '
            f'padding: 2rem 2rem; direction: ltr">{content}</body></html>')


def predictions_to_records(predictions: Iterable[Prediction], *, evidence: bool = True,
                           entities: bool = True) -> list[dict[str, Any]]:
    """Flat rows, one per prediction: fields, ``score_<label>`` and ``flag_<label>`` columns.

    Parameters
    ----------
    predictions : iterable of Prediction
        Output of ``model.predict`` or ``model.pipe``.
    evidence : bool
        Add an ``evidence`` column ({label: [{text, start, end, weight}, ...]}).
    entities : bool
        Add an ``entities`` column ([{text, label, start, end, norm, negated}, ...]).

    Returns
    -------
    list of dict
        Rows whose columns are the same whatever the prediction (errors have ``None`` scores).
    """
    predictions = list(predictions)
    labels = next((tuple(p.scores) for p in predictions if p.scores), LABELS)
    rows = []
    for p in predictions:
        ex = p.extraction
        row: dict[str, Any] = {
            "id": p.id,
            "error": p.error if p.error is not None else (ex.error if ex else None),
            "warning": ex.warning if ex else None,
            "requesting_country": ex.requesting_country if ex else None,
            "charge_categories": list(ex.charge_categories) if ex else [],
            "roles": list(ex.roles) if ex else [],
            "labels": list(p.labels),
        }
        for label in labels:
            row[f"score_{label}"] = float(p.scores[label]) if label in p.scores else None
        for label in labels:
            row[f"flag_{label}"] = label in p.labels
        if entities:
            row["entities"] = [{"text": m.text, "label": m.label, "start": m.start, "end": m.end, "norm": m.norm,
                                "negated": bool(m.negated)} for m in (ex.entities if ex else ())]
        if evidence:
            row["evidence"] = {label: [{"text": e.text, "start": e.start, "end": e.end, "weight": float(e.weight)}
                                       for e in p.evidence.get(label, ())] for label in labels}
        rows.append(row)
    return rows


def predictions_to_dataframe(predictions: Iterable[Prediction], *, evidence: bool = True,
                             entities: bool = True):
    """Predictions as a pandas ``DataFrame`` (one row each; see :func:`predictions_to_records`).

    Parameters
    ----------
    predictions : iterable of Prediction
    evidence, entities : bool
        Keep the nested ``evidence`` / ``entities`` columns.

    Returns
    -------
    pandas.DataFrame

    Raises
    ------
    notice_nlp.errors.MissingExtraError
        [E020] when pandas is not installed; the message names the ``pip install`` that fixes it.
    """
    pd = _optional("pandas")
    rows = predictions_to_records(predictions, evidence=evidence, entities=entities)
    frame = pd.DataFrame.from_records(rows) if rows else pd.DataFrame(columns=list(
        predictions_to_records([Prediction(id=None)], evidence=evidence, entities=entities)[0]))
    return frame


def _features(labels: tuple[str, ...], ids: list, evidence: bool, entities: bool):
    datasets = _optional("datasets")
    Value = datasets.Value
    List = getattr(datasets, "List", None) or datasets.Sequence
    strings = List(Value("string"))
    id_type = Value("int64") if all(isinstance(i, int) and not isinstance(i, bool) for i in ids) else Value("string")
    spec: dict[str, Any] = {"id": id_type, "error": Value("string"), "warning": Value("string"),
                            "requesting_country": Value("string"), "charge_categories": strings, "roles": strings,
                            "labels": strings}
    spec.update({f"score_{label}": Value("float64") for label in labels})
    spec.update({f"flag_{label}": Value("bool") for label in labels})
    if entities:
        spec["entities"] = List({"text": Value("string"), "label": Value("string"), "start": Value("int64"),
                                 "end": Value("int64"), "norm": Value("string"), "negated": Value("bool")})
    if evidence:
        span = {"text": Value("string"), "start": Value("int64"), "end": Value("int64"), "weight": Value("float64")}
        spec["evidence"] = {label: List(span) for label in labels}
    return datasets, datasets.Features(spec)


def predictions_to_dataset(predictions: Iterable[Prediction], *, evidence: bool = True, entities: bool = True):
    """Predictions as a Hugging Face ``datasets.Dataset`` with explicit, stable features.

    Parameters
    ----------
    predictions : iterable of Prediction
    evidence, entities : bool
        Keep the nested ``evidence`` / ``entities`` columns.

    Returns
    -------
    datasets.Dataset
        Ids are int64 when all are ints, else strings.

    Raises
    ------
    notice_nlp.errors.MissingExtraError
        [E020] when ``datasets`` is not installed.
    """
    rows = predictions_to_records(predictions, evidence=evidence, entities=entities)
    labels = tuple(k[len("score_"):] for k in (rows[0] if rows else {}) if k.startswith("score_")) or LABELS
    ids = [row["id"] for row in rows]
    datasets, features = _features(labels, ids, evidence, entities)
    if features["id"].dtype == "string":
        for row in rows:
            row["id"] = None if row["id"] is None else str(row["id"])
    return datasets.Dataset.from_list(rows, features=features)


class _CallableModule(types.ModuleType):
    """Importing ``notice_nlp.explain`` rebinds the package attribute ``notice_nlp.explain`` from the
    function to this module; making the module callable keeps ``notice_nlp.explain(text)`` working."""

    def __call__(self, text: str, model: Any = "notice-linear-v1", *, html: str | Path | None = None) -> Explanation:
        return explain(text, model, html=html)


sys.modules[__name__].__class__ = _CallableModule
