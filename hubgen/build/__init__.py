"""The build pipeline: incremental rendering, the output folder and its swap, search."""
