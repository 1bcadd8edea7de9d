"""Model cards written from what training already knows (metrics, data, thresholds)."""

from __future__ import annotations

from .labels import INDICATORS


def model_card(meta: dict) -> str:
    m = meta.get("metrics", {})
    test = m.get("test", {})
    lines = [
        f"# Model card: {meta['name']}",
        "",
        f"Backend: `{meta['backend']}`. notice_nlp {meta.get('versions', {}).get('notice_nlp', '?')}. "
        f"Trained on `{meta.get('training_data', {}).get('path', '?')}` "
        f"({meta.get('training_data', {}).get('train_documents', '?')} training documents, data sha256 "
        f"`{meta.get('training_data', {}).get('sha256', '?')[:16]}…`).",
        "",
        "## Intended use",
        "A screening and research aid for lawyers, researchers and NGOs reading INTERPOL alert text and press "
        "coverage: it flags documents that show indicators of political motivation and points to the evidence "
        "in the text. **It never determines anything about a person**: not guilt, not innocence, not whether a "
        "notice is lawful. Every flag needs a human reader and the full case file.",
        "",
        "## Indicators",
        "| label | threshold | precision | recall | F1 | ECE | definition |",
        "|---|---|---|---|---|---|---|",
    ]
    per_label = test.get("per_label", {})
    for ind in INDICATORS:
        row = per_label.get(ind.name, {})
        lines.append(f"| {ind.name} | {meta['thresholds'].get(ind.name, 0.5):.3f} | {row.get('precision', float('nan')):.3f} | "
                     f"{row.get('recall', float('nan')):.3f} | {row.get('f1', float('nan')):.3f} | "
                     f"{row.get('ece', float('nan')):.3f} | {ind.definition[:90]}… |")
    lines += [
        "",
        f"Macro-F1 on the gold test split: **{test.get('macro_f1', float('nan')):.3f}**; "
        f"politically_motivated F1: **{per_label.get('politically_motivated', {}).get('f1', float('nan')):.3f}**.",
        "",
        "## Calibration",
        "Per-label probabilities are calibrated by cross-validated "
        f"{meta.get('params', {}).get('calibration', 'sigmoid')} calibration on the training split; thresholds "
        f"maximise F1 on the dev split (F{meta.get('params', {}).get('pm_threshold_beta', 0.5):g} for "
        "politically_motivated, whose real prevalence is far lower than "
        "the corpus's). ECE (10 equal-width bins) per label is in the table above."
        + (" After tuning, the model was refitted on train + dev with the same thresholds (calibrated "
           "scores keep their scale); the test split was not used for fitting or threshold tuning."
           if meta.get("params", {}).get("refit_with_dev") else ""),
        "",
        "## Errors by requesting-country group",
        "False-positive rate of politically_motivated on documents labelled 0, by the Freedom House group of "
        "the requesting state (test split):",
        "",
        "| group | documents | false-positive rate |",
        "|---|---|---|",
    ]
    for group, row in test.get("fpr_by_country_group", {}).items():
        lines.append(f"| {group} | {row['n']} | {row['fpr']:.3f} |")
    lines += [
        "",
        "## Limitations",
        "- Trained on a hand-written corpus of about 2,000 documents (see corpora/DATASHEET.md): about a third "
        "based on real cases, the rest fictional. Real notices are terser and noisier.",
        "- English text; Spanish and French charge phrases are recognised, other languages are not.",
        "- A label is only as good as the text: missing context (an unreported asylum grant, an unpublished "
        "CCF decision) cannot be found.",
        "- Requesting-country figures are available as features (`use_country`) but are off in the shipped "
        "configs: measured on the test split they raised the false-positive rate for high-risk states. The "
        "corpus is balanced so that country alone does not decide; false-positive rates by group are above.",
        "- Weak supervision: real text from shared/data (INTERPOL charge lines, UN sanctions narratives, "
        "non-political BBC news) is added as negatives at train time so that ordinary material is not flagged.",
        "- Texts name real people: keep outputs confidential and never publish a flag as a finding.",
    ]
    return "\n".join(lines) + "\n"
