"""Datasette plugins served with every corpus (``corpus-tool serve`` passes this folder as ``--plugins-dir``)."""
