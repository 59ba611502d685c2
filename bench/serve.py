"""Benchmark: `quotecheck serve`, the time from uploading the seed .docx to its review page.

    python bench/serve.py [--runs 3]

Each run starts a server in a new process (library: the seed report; a new data folder), as an
editor would, then over HTTP: the upload (POST /upload), the desk polled every 50 ms until the
check is done (what the page's htmx does each second), the review page of the first finding.
`cold` is the first upload of a server (the checker's lazy imports and jieba's dictionary
included); `warm` is a second manuscript (the same seed without planted errors) on the same server.

Prints:
cold: median_s=<s> min_s=<s> runs=<n>
warm: median_s=<s> min_s=<s> runs=<n>
"""
from __future__ import annotations

import argparse
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
LIBRARY = ROOT / "seeds" / "004_0cc289df36280051.txt"
MANUSCRIPTS = ROOT / "tests" / "fixtures" / "manuscripts"


def upload_to_review(client: httpx.Client, path: Path) -> float:
    """Seconds from posting the file to having its review page."""
    csrf = re.search(r'name="csrf" value="(\w+)"', client.get("/").text).group(1)
    start = time.perf_counter()
    response = client.post("/upload", data={"csrf": csrf}, files=[("files", (path.name, path.read_bytes()))])
    assert response.status_code == 303, response.text
    while True:
        rows = client.get("/desk/rows").text
        row = next((r for r in rows.split("<tr ")[1:] if path.name in r), "")
        if "state-done" in row:
            break
        if "state-failed" in row:
            raise SystemExit(f"{path.name} failed: {row}")
        time.sleep(0.05)
    manuscript = re.search(r'data-id="(\w+)"', row).group(1)
    page = client.get(f"/m/{manuscript}")
    assert page.status_code == 200 and "article class=\"finding" in page.text or "没有需要审阅" in page.text
    return time.perf_counter() - start


def one_run() -> tuple[float, float]:
    with tempfile.TemporaryDirectory() as data:
        server = subprocess.Popen([sys.executable, "-m", "checker", "serve", "--port", "0", "--data", data,
                                   "--library", str(LIBRARY)], stdout=subprocess.PIPE, text=True, cwd=ROOT)
        try:
            address = re.search(r"http://[^ ]+/", server.stdout.readline()).group(0)
            with httpx.Client(base_url=address, timeout=120) as client:
                cold = upload_to_review(client, MANUSCRIPTS / "footnotes_planted.docx")
                warm = upload_to_review(client, MANUSCRIPTS / "footnotes.docx")
        finally:
            server.send_signal(signal.SIGINT)
            server.wait(timeout=30)
    return cold, warm


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    results = [one_run() for _ in range(args.runs)]
    for label, times in (("cold", [c for c, _ in results]), ("warm", [w for _, w in results])):
        print(f"{label}: median_s={statistics.median(times):.2f} min_s={min(times):.2f} runs={len(times)}")


if __name__ == "__main__":
    main()
