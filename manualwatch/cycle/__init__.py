"""The nightly cycle: crawl, identify, guard, store, diff and report one run."""
