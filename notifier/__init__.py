"""Render what changed in a manual: amendments appendix, email digests, and their delivery.

Everything here is built from records (store.models.Change, Run) by pure functions; sending
or writing happens separately, through a Transport.
"""
