"""What a run says to scripts (`run --json`, CONTRACT.md) and to people."""

from __future__ import annotations

from pathlib import Path

from manualwatch.terminal import escape_field
from store.models import Run


def run_to_json(run: Run) -> dict:
    return {
        "run_id": run.id,
        "manual": run.manual,
        "status": run.status,
        "baseline": run.baseline,
        "started_at": run.started_at,
        "finished_at": run.finished_at,
        "chapters": run.chapters,
        "fetched": run.fetched,
        "not_modified": run.not_modified,
        "errors": [dict(e) for e in run.errors],
        "skipped": [dict(s) for s in run.skipped],
        "changes": [c.to_json() for c in run.changes],
        "documents": [d.to_json() for d in run.documents],
    } | ({"publish": publish} if (publish := publish_json(run)) is not None else {})


def publish_json(run: Run) -> dict | None:
    """`publish` of run --json: whether appendix, feeds and email went out; None when the run
    published nothing (failed, quarantined, or recorded before publishing had a result)."""
    problems = [f"{to}: {'delivery uncertain' if status == 'uncertain' else error}"
                for to, status, error in run.email_problems]
    if run.publish_ok is None and not problems:
        return None
    errors = [run.publish_error] if run.publish_ok is False else []
    if problems:
        shown = "; ".join(problems[:3]) + (f"; and {len(problems) - 3} more"
                                            if len(problems) > 3 else "")
        errors.append(f"{len(problems)} digest(s) not delivered ({shown}); "
                      "see `manualwatch status`")
    return {"ok": not errors, "error": " | ".join(e for e in errors if e) or None}


MAX_SKIPPED_SHOWN = 10


def _error_line(error: dict) -> str:
    """'error      URL: reason', the URL said once even where the reason repeats it."""
    url, reason = error.get("url", ""), error.get("error", "")
    if url and reason.startswith(f"{url}: "):
        reason = reason[len(url) + 2:]
    return f"  error      {escape_field(url)}: {escape_field(reason)}"


def _skipped_lines(skipped: tuple[dict, ...]) -> list[str]:
    """'skipped    4 rows not fetched' and each row's URL and reason (the first few)."""
    if not skipped:
        return []
    lines = [f"  skipped    {len(skipped)} row{'' if len(skipped) == 1 else 's'} of the contents"
             " not fetched:"]
    lines += [f"             {escape_field(row.get('url', ''))} "
              f"({escape_field(row.get('reason', ''))})"
              for row in skipped[:MAX_SKIPPED_SHOWN]]
    if len(skipped) > MAX_SKIPPED_SHOWN:
        lines.append(f"             and {len(skipped) - MAX_SKIPPED_SHOWN} more")
    return lines


def run_summary(run: Run, appendix: Path | None = None) -> str:
    """A few lines for a person reading a terminal; `appendix` is where the run's amendments
    appendix was written, when it was."""
    head = (f"{run.manual}: run {run.id} {run.status}"
            f"{' (baseline)' if run.baseline else ''} — {run.chapters} chapters listed, "
            f"{run.fetched} fetched, {run.not_modified} not modified")
    lines = [head]
    if run.baseline:
        lines.append("  baseline stored: later runs report changes against it")
    elif not run.changes:
        lines.append("  no changes")
    for change in run.changes:
        lines.append(f"  {change.kind:<10} {change.number or '-':<8} {escape_field(change.title)}"
                     + (f"  (+{change.words_added}/-{change.words_removed} words)"
                        if change.kind == "updated" else ""))
    for doc in run.documents:
        lines.append(f"  document   {doc.kind:<10} {escape_field(doc.title)}"
                     + (f"  (+{doc.words_added}/-{doc.words_removed} words)"
                        if doc.kind == "updated" and doc.has_text else
                        "  (changed, no text to compare)" if doc.kind == "updated" else ""))
    lines += _skipped_lines(tuple(run.skipped))
    lines += [_error_line(error) for error in run.errors]
    publish = publish_json(run)
    if publish is not None and not publish["ok"]:
        lines.append(f"  NOT PUBLISHED: {publish['error']}")
    if appendix is not None:
        lines.append(f"  appendix   {appendix}")
    return "\n".join(lines)


def exit_code(runs: list[Run]) -> int:
    """CONTRACT.md: 0 all ok; 1 something to look at; 2 nothing could run at all."""
    if not runs or all(r.status == "failed" for r in runs):
        return 2
    if any(r.status != "ok" for r in runs):
        return 1
    if any((publish_json(r) or {"ok": True})["ok"] is False for r in runs):
        return 1
    return 0
