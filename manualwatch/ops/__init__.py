"""Operating unattended: the run lock, signals, scheduling, logs, progress, status and alerts."""
