"""The command line: build, check, changed, new, init, serve."""
