"""The lowest layer: errors, text files, fingerprints, the build cache, processes and signals."""
