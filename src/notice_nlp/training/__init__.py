"""Training and evaluation: configs -> artefacts and reports."""
