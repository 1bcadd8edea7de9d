"""Batch classification: streaming readers and writers, checkpoints, worker processes, Dask.

``predict_file`` (one machine) and ``predict_dask`` (a Dask cluster) are what
``notice-nlp predict`` runs; ``monitoring_report`` is ``notice-nlp report``. The Dask engine needs
the ``distributed`` extra (``pip install 'notice_nlp[distributed]'``) and imports it lazily.
"""

from .local import WorkerError, predict_file
from .readers import DEFAULT_MAX_RECORD_BYTES, Fields, Source
from .sinks import read_predictions


def predict_dask(*args, **kwargs):
    """Classify on a Dask cluster; see :func:`notice_nlp.batch.dask_engine.predict_dask`."""
    from .dask_engine import predict_dask as _predict_dask

    return _predict_dask(*args, **kwargs)


def monitoring_report(*args, **kwargs):
    """Aggregate predictions into the HTML monitoring report; see :mod:`notice_nlp.batch.monitor`."""
    from .monitor import monitoring_report as _report

    return _report(*args, **kwargs)


__all__ = ["predict_file", "predict_dask", "monitoring_report", "read_predictions", "Source", "Fields",
           "WorkerError", "DEFAULT_MAX_RECORD_BYTES"]
