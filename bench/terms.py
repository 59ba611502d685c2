"""Benchmark of an extraction boundary (not a test): the quoted spans TERM_MAX_CHARS decides, by weight.

    python bench/terms.py [ARTICLE_OR_FOLDER ...]   (default: ../shared/realdata reports and articles, the seed)

A span in “…” with no note, no verb of saying before it and no clause punctuation inside is a
scare-quoted term up to TERM_MAX_CHARS characters and a quotation beyond. This lists every such
span of real text by weight, with how many another library document holds word for word, for a
person to label: a name, label or slogan (term) or someone's words (quotation). docs/development.md gives
the labels and why the line is where it is.
"""
from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from checker.article.model import text_weight  # noqa: E402
from checker.article.quotes import _CUE, _NAME_CUE, CLAUSE_PUNCT, TERM_MAX_CHARS  # noqa: E402
from checker.library import load_library  # noqa: E402
from checker.text.normalise import strip_punct  # noqa: E402

REALDATA = ROOT.parent / "shared" / "realdata"
_NOTE_AFTER = re.compile(r"\s*[［\[]\d")


def default_paths() -> list[Path]:
    return (sorted((REALDATA / "library").rglob("*.md")) + sorted((REALDATA / "articles").glob("*.md"))
            + [ROOT / "seeds" / "000_d15156123a399bde.txt"])


def bare_spans(text: str):
    """(weight, words) of each “…” span with no note, cue, naming word or clause punctuation."""
    for m in re.finditer(r"“([^“”]{1,200})”", text):
        inner = m.group(1)
        sentence = re.split(r"[。！？\n]", text[max(0, m.start() - 40):m.start()])[-1]
        if (any(c in CLAUSE_PUNCT for c in inner) or _CUE.search(sentence)
                or _NAME_CUE.search(text[max(0, m.start() - 6):m.start()]) or _NOTE_AFTER.match(text, m.end())):
            continue
        yield text_weight(inner), re.sub(r"\s+", "", inner)


def main() -> None:
    paths = [Path(a) for a in sys.argv[1:]] or default_paths()
    files = [p for a in paths for p in (sorted(a.rglob("*.md")) if a.is_dir() else [a])]
    library = load_library([str(REALDATA / "library")]) if (REALDATA / "library").is_dir() else None
    others = {str(Path(s.path).resolve()): s.stripped[0] for s in library.sources} if library else {}
    by_weight: dict[int, list[tuple[str, bool]]] = {}
    for path in files:
        mine = str(path.resolve())
        for weight, words in bare_spans(path.read_text(encoding="utf-8")):
            held = any(strip_punct(words) in text for p, text in others.items() if p != mine)
            by_weight.setdefault(weight, []).append((words, held))
    print(f"TERM_MAX_CHARS = {TERM_MAX_CHARS}; {len(files)} files")
    for weight in range(6, 21):
        spans = by_weight.get(weight, [])
        print(f"{weight:3} {len(spans):4} spans, {sum(h for _, h in spans):3} held elsewhere: "
              + " / ".join(w for w, _ in spans))


if __name__ == "__main__":
    main()
