"""Publishing a run: the amendments appendix, contents page, publisher audit and email."""
