"""Artefact directories: meta.json with versions, labels, thresholds, data hash, metrics and the
sha256 of every file; scikit-learn parts saved with skops (never pickle)."""

from __future__ import annotations

import hashlib
import importlib.metadata
import json
from pathlib import Path

from .about import ARTEFACT_FORMAT, __version__
from .errors import Errors, IntegrityError, ModelNotFoundError, UntrustedTypesError, Warnings, warn

#: Types our own artefacts are made of: this library's estimators and the scikit-learn internals
#: they hold that skops does not trust by default. Anything else must be trusted by the caller.
OWN_TYPES = [
    "notice_nlp.features.NoticeFeaturizer",
    "notice_nlp.classifiers.linear.CalibratedLinearClassifier",
    "notice_nlp.classifiers.linear.MultiLabelIndicatorClassifier",
    "notice_nlp.classifiers.encoder.MiniLMEncoder",
    "sklearn.calibration._CalibratedClassifier",
    "sklearn.calibration._SigmoidCalibration",
    "sklearn.model_selection._split.StratifiedKFold",
]
TRACKED_PACKAGES = ("scikit-learn", "skops", "spacy", "numpy", "scipy")


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as stream:
        for chunk in iter(lambda: stream.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def data_hash(records: list[dict]) -> str:
    """Hash of the training records (ids, texts and labels), order-independent."""
    digest = hashlib.sha256()
    for line in sorted(json.dumps([r["id"], r["text"], r["labels"]], sort_keys=True) for r in records):
        digest.update(line.encode())
    return digest.hexdigest()


def package_versions() -> dict[str, str | None]:
    out = {"notice_nlp": __version__}
    for package in TRACKED_PACKAGES:
        try:
            out[package] = importlib.metadata.version(package)
        except importlib.metadata.PackageNotFoundError:
            out[package] = None
    return out


def save_artefact(path: str | Path, parts: dict[str, object], meta: dict, extra_files: dict[str, str] | None = None) -> Path:
    """Write ``parts`` (name -> estimator) as skops files plus meta.json with hashes.

    A featurizer with linear heads is also written compiled to arrays (``tables.npz``), which is
    what ``load()`` predicts with; the skops files stay the estimators of record.
    """
    import skops.io as sio

    path = Path(path)
    path.mkdir(parents=True, exist_ok=True)
    files = {}
    for name, obj in parts.items():
        file = path / f"{name}.skops"
        sio.dump(obj, file)
        files[file.name] = sha256(file)
    if "featurizer" in parts and "indicators" in parts:  # what load() scores with (no scikit-learn import)
        from .classifiers.compiled import TABLES_FILE, compile_linear, save_tables

        heads = {name: parts[name] for name in ("indicators", "fields") if name in parts}
        save_tables(compile_linear(parts["featurizer"], heads), path / TABLES_FILE)
        files[TABLES_FILE] = sha256(path / TABLES_FILE)
    for name, content in (extra_files or {}).items():
        (path / name).write_text(content, encoding="utf-8")
        files[name] = sha256(path / name)
    meta = {**meta, "artefact_format": ARTEFACT_FORMAT, "versions": package_versions(), "files": files}
    (path / "meta.json").write_text(json.dumps(meta, indent=2, sort_keys=True), encoding="utf-8")
    return path


def read_meta(path: Path) -> dict:
    meta_file = path / "meta.json"
    if not meta_file.is_file():
        raise ModelNotFoundError(Errors.E012.format(path=path))
    return json.loads(meta_file.read_text(encoding="utf-8"))


def verify(path: Path, meta: dict, name: str) -> None:
    """Refuse an artefact whose files do not match the hashes in meta.json; warn on versions."""
    for file, expected in meta.get("files", {}).items():
        full = path / file
        if not full.is_file():
            raise IntegrityError(Errors.E014.format(file=file, path=path))
        if sha256(full) != expected:
            raise IntegrityError(Errors.E011.format(file=file, name=name))
    installed = package_versions()
    for package, saved in meta.get("versions", {}).items():
        if package in ("scikit-learn", "skops") and saved and installed.get(package) and saved != installed[package]:
            warn(Warnings.W003.format(name=name, package=package, saved=saved, installed=installed[package]))


def load_part(path: Path, name: str, trusted: list[str] | None = None):
    """Load one skops part, refusing types that are neither ours nor in ``trusted``."""
    import skops.io as sio

    file = path / f"{name}.skops"
    untrusted = sio.get_untrusted_types(file=file)
    allowed = set(OWN_TYPES) | set(trusted or [])
    refused = [t for t in untrusted if t not in allowed]
    if refused:
        raise UntrustedTypesError(Errors.E013.format(file=file.name, types=", ".join(refused)))
    return sio.load(file, trusted=[t for t in untrusted if t in allowed])
