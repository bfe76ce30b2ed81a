"""Documents bench: what 200 linked documents (PDFs of 1-40 pages and Word files) add to an
unchanged night over the chapters alone, and how long extracting a 40-page PDF takes with
pypdfium2 (chosen) and pypdf (compared), in-process and through the bounded worker.

    .venv/bin/python bench/bench_documents.py [--chapters 200] [--documents 200] [--nights 5]

The site is served by `python -m http.server` in its own process (Last-Modified and
If-Modified-Since give 304s), so the CPU measured (time.process_time) is manualwatch's alone.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from crawler.documents import extract_bounded  # noqa: E402
from crawler.documents.extract import extract_text  # noqa: E402
from crawler.fetcher import Fetcher  # noqa: E402
from manualwatch.config import load_config  # noqa: E402
from manualwatch.cycle import pipeline  # noqa: E402
from manualwatch.cycle.nightly import run_cycle  # noqa: E402
from store import open_database  # noqa: E402

CONFIG = """\
[crawl]
delay_seconds = 0
retries = 0
[email]
enabled = false
[documents]
enabled = {enabled}
[[manuals]]
name = "bench"
title = "Bench manual"
contents_url = "{url}"
"""
PARAGRAPH = ("The social worker must record the outcome of the strategy discussion, the "
             "decisions taken, the people responsible and the timescales agreed, and share "
             "the record with every agency that took part within one working day. ")


def form_pdf(pages: int) -> bytes:
    from fpdf import FPDF

    pdf = FPDF()
    for page in range(pages):
        pdf.add_page()
        pdf.set_font("Helvetica", "B", 14)
        pdf.cell(0, 10, f"Section {page + 1}. Details of the referral", new_x="LMARGIN",
                 new_y="NEXT")
        pdf.set_font("Helvetica", size=11)
        for line in range(30):
            pdf.cell(0, 7, f"{line + 1}. Name, date of birth and address of the child or "
                     f"young person ({page}.{line})", new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def form_docx(rows: int) -> bytes:
    import docx

    document = docx.Document()
    document.add_heading("Referral record", level=1)
    for row in range(rows):
        document.add_paragraph(f"{row + 1}. Name of the child or young person", style="List Bullet")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def make_site(root: Path, chapters: int, documents: int) -> None:
    (root / "files").mkdir(parents=True)
    rows = "".join(f'<li>{1 + i // 20}.{i % 20 + 1} <a href="c{i}.html">Chapter {i}</a></li>'
                   for i in range(chapters))
    (root / "contents.html").write_text(
        f"<html><body><main><h1>Contents</h1><ul>{rows}</ul></main></body></html>")
    for i in range(chapters):
        link = ""
        if i < documents:
            name = f"form-{i}.docx" if i % 4 == 3 else f"form-{i}.pdf"
            link = f'<p>Use the <a href="files/{name}">Form {i}</a>.</p>'
            data = form_docx(20 + i % 30) if i % 4 == 3 else form_pdf(1 + (i * 7) % 40)
            (root / "files" / name).write_bytes(data)
        body = "".join(f"<h2>{k}. Section</h2><p>{PARAGRAPH * 3}</p>" for k in range(1, 15))
        (root / f"c{i}.html").write_text(
            f"<html><body><main><h1>Chapter {i}</h1>{link}{body}</main></body></html>")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class StepClock:
    """CPU seconds spent in the documents step, and within it in conditional GETs."""

    def __init__(self) -> None:
        self.step = self.gets = 0.0
        self.requests = 0
        self._inside = False

    @contextlib.contextmanager
    def installed(self):
        real_step, real_get = pipeline.run_documents, Fetcher.get

        def step(*args, **kwargs):
            started, self._inside = time.process_time(), True
            try:
                return real_step(*args, **kwargs)
            finally:
                self._inside = False
                self.step += time.process_time() - started

        def get(fetcher, *args, **kwargs):
            if not self._inside:
                return real_get(fetcher, *args, **kwargs)
            started = time.process_time()
            try:
                return real_get(fetcher, *args, **kwargs)
            finally:
                self.gets += time.process_time() - started
                self.requests += 1

        pipeline.run_documents, Fetcher.get = step, get
        try:
            yield self
        finally:
            pipeline.run_documents, Fetcher.get = real_step, real_get


def nights(root: Path, url: str, enabled: bool, count: int,
           clock: StepClock | None = None) -> tuple[list[float], object, int]:
    """CPU seconds of each unchanged night after a first (full) run, the last run, and how
    many documents last answered 304; `clock` measures the documents step of those nights."""
    folder = root / ("with" if enabled else "without")
    folder.mkdir()
    path = folder / "config.toml"
    path.write_text(CONFIG.format(enabled=str(enabled).lower(), url=url))
    config = load_config(path)
    db = open_database(config.store_path)
    run_cycle(db, config, config.manuals, transport=None)
    run_cycle(db, config, config.manuals, transport=None)  # validators and statuses settle
    seconds, last = [], None
    with (clock or StepClock()).installed():
        for _ in range(count):
            started = time.process_time()
            (last,), _ = run_cycle(db, config, config.manuals, transport=None)
            seconds.append(time.process_time() - started)
    unchanged = db.execute("SELECT count(*) FROM documents WHERE status = 304").fetchone()[0]
    return seconds, last, unchanged


def best_ms(work, repeat: int = 5) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return 1000 * min(times)


def extraction_table() -> None:
    import pypdf

    data = form_pdf(40)
    extract_text(data, "pdf")  # load PDFium once

    def with_pypdf() -> str:
        return "\n".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(data)).pages)

    words = len((extract_text(data, "pdf").text or "").split())
    print(f"\n40-page form PDF ({len(data):,} bytes, {words:,} words), best of 5:\n")
    print("| extraction | ms |")
    print("|---|---|")
    print(f"| pypdfium2, in-process | {best_ms(lambda: extract_text(data, 'pdf')):.0f} |")
    print(f"| pypdf, in-process | {best_ms(with_pypdf):.0f} |")
    print(f"| pypdfium2 in the bounded worker (process start included) | "
          f"{best_ms(lambda: extract_bounded(data, 'pdf')):.0f} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chapters", type=int, default=200)
    parser.add_argument("--documents", type=int, default=200)
    parser.add_argument("--nights", type=int, default=5)
    parser.add_argument("--quick", action="store_true",
                        help="20 chapters, 20 documents, 2 nights (make bench)")
    args = parser.parse_args()
    if args.quick:
        args.chapters, args.documents, args.nights = 20, 20, 2
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        site = root / "site"
        make_site(site, args.chapters, args.documents)
        size = sum(p.stat().st_size for p in (site / "files").iterdir())
        port = free_port()
        server = subprocess.Popen(
            [sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1",
             "--directory", str(site)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            time.sleep(0.5)  # a bench, not a test: give the server a moment to listen
            url = f"http://127.0.0.1:{port}/contents.html"
            without, run_a, _ = nights(root, url, False, args.nights)
            clock = StepClock()
            with_docs, run_b, documents = nights(root, url, True, args.nights, clock)
        finally:
            server.terminate()
            server.wait()
    alone, both = statistics.median(without), statistics.median(with_docs)
    print(f"{args.chapters} chapters, {args.documents} documents ({size:,} bytes of PDF and "
          f"Word); unchanged nights, median of {args.nights}:\n")
    print("| night | CPU s | chapters 304 | documents 304 |")
    print("|---|---|---|---|")
    print(f"| chapters alone | {alone:.3f} | {run_a.not_modified} | - |")
    print(f"| chapters + documents | {both:.3f} | {run_b.not_modified} | {documents} |")
    print(f"\nextra CPU for documents: {100 * (both - alone) / alone:.1f}% "
          f"({1000 * (both - alone) / max(args.documents, 1):.2f} ms per document; "
          f"{1000 * alone / max(args.chapters, 1):.2f} ms per chapter)")
    per_night = clock.step / args.nights
    gets = clock.gets / args.nights
    print(f"\nthe documents step, per unchanged night: {1000 * per_night:.1f} ms CPU, of which "
          f"{1000 * gets:.1f} ms in {clock.requests // args.nights} conditional GETs "
          f"({1000 * clock.gets / max(clock.requests, 1):.2f} ms each, the HTTP client's) and "
          f"{1000 * (per_night - gets):.1f} ms its own work "
          f"({1000 * (per_night - gets) / max(args.documents, 1):.3f} ms per document)")
    night = statistics.mean(with_docs)
    print(f"within those same nights the step is {100 * per_night / (night - per_night):.1f}% "
          f"over the rest of the night (steadier on a shared machine than comparing the two "
          f"medians above, which come from different nights)")
    print(f"the 1% target allows {10 * alone / max(args.documents, 1):.3f} ms per document: "
          f"less than one conditional GET costs")
    extraction_table()


if __name__ == "__main__":
    main()
