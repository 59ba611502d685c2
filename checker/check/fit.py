"""Character alignment of a quotation with source text, affine gaps.

A quotation's every character is a claim about the source, so a character changed or added
costs much; leaving source words out is what quoting does, so a left-out run costs an opening
and little per character: a dropped clause is one omission, not a reason to cut the source
window short and call the quotation's own (correct) words changed.
"""
from __future__ import annotations

CHANGE_COST = 4.0
GAP_OPEN = 3.0
OMIT_EXTEND = 0.25  # per source character left out
ADD_EXTEND = 3.0  # per quotation character the source lacks
_INF = float("inf")
_MATCH, _OMIT, _ADD = 0, 1, 2


def fit(query: str, text: str) -> tuple[int, int, float]:
    """The window of `text` that `query` aligns with at the least cost (a fitting alignment).

    Every character of the query is aligned; text outside the window costs nothing.
    Among windows of equal cost, the shortest. Returns (start, end, cost).
    """
    width = len(text)
    omit, add = GAP_OPEN + OMIT_EXTEND, GAP_OPEN + ADD_EXTEND
    # Per column j (text before j aligned): cost ending in a match/change (m), in text left out (x),
    # in query characters added (y); b* hold where in the text each alignment began.
    m, x, y = [0.0] * (width + 1), [_INF] * (width + 1), [_INF] * (width + 1)
    bm, bx, by = list(range(width + 1)), list(range(width + 1)), list(range(width + 1))
    for i, ch in enumerate(query, 1):
        nm, nx, ny = [_INF] * (width + 1), [_INF] * (width + 1), [_INF] * (width + 1)
        nbm, nbx, nby = [0] * (width + 1), [0] * (width + 1), [0] * (width + 1)
        ny[0] = GAP_OPEN + ADD_EXTEND * i
        for j in range(1, width + 1):
            cost, origin = m[j - 1], bm[j - 1]
            if x[j - 1] < cost:
                cost, origin = x[j - 1], bx[j - 1]
            if y[j - 1] < cost:
                cost, origin = y[j - 1], by[j - 1]
            nm[j], nbm[j] = cost + (0.0 if text[j - 1] == ch else CHANGE_COST), origin
            cost, origin = nm[j - 1] + omit, nbm[j - 1]
            if nx[j - 1] + OMIT_EXTEND < cost:
                cost, origin = nx[j - 1] + OMIT_EXTEND, nbx[j - 1]
            if ny[j - 1] + omit < cost:
                cost, origin = ny[j - 1] + omit, nby[j - 1]
            nx[j], nbx[j] = cost, origin
            cost, origin = m[j] + add, bm[j]
            if y[j] + ADD_EXTEND < cost:
                cost, origin = y[j] + ADD_EXTEND, by[j]
            if x[j] + add < cost:
                cost, origin = x[j] + add, bx[j]
            ny[j], nby[j] = cost, origin
        m, x, y, bm, bx, by = nm, nx, ny, nbm, nbx, nby
    best = None
    for j in range(width + 1):
        for cost, origin in ((m[j], bm[j]), (y[j], by[j])):
            key = (cost, j - origin, j)
            if best is None or key < best[0]:
                best = (key, origin, j)
    return best[1], best[2], best[0][0]


def align(source: str, quote: str) -> list[tuple[str, int, int, int, int]]:
    """Opcodes (equal | replace | delete | insert, src_start, src_end, quote_start, quote_end) of a
    global alignment of the whole quotation with the whole source window, same costs as `fit`.

    Consecutive changes, omissions and additions form one opcode: an editor reads them as one change.
    """
    rows, cols = len(quote), len(source)
    omit, add = GAP_OPEN + OMIT_EXTEND, GAP_OPEN + ADD_EXTEND
    m = [[_INF] * (cols + 1) for _ in range(rows + 1)]
    x = [[_INF] * (cols + 1) for _ in range(rows + 1)]
    y = [[_INF] * (cols + 1) for _ in range(rows + 1)]
    # back[state][i] is a bytearray over j: the state the best path came from.
    back = [[bytearray(cols + 1) for _ in range(rows + 1)] for _ in range(3)]
    m[0][0] = 0.0
    for j in range(1, cols + 1):
        x[0][j] = GAP_OPEN + OMIT_EXTEND * j
        back[_OMIT][0][j] = _OMIT if j > 1 else _MATCH
    for i in range(1, rows + 1):
        y[i][0] = GAP_OPEN + ADD_EXTEND * i
        back[_ADD][i][0] = _ADD if i > 1 else _MATCH
        qch, mi, xi, yi, mp, xp, yp = quote[i - 1], m[i], x[i], y[i], m[i - 1], x[i - 1], y[i - 1]
        bm, bx, by = back[_MATCH][i], back[_OMIT][i], back[_ADD][i]
        for j in range(1, cols + 1):
            cost, came = mp[j - 1], _MATCH
            if xp[j - 1] < cost:
                cost, came = xp[j - 1], _OMIT
            if yp[j - 1] < cost:
                cost, came = yp[j - 1], _ADD
            mi[j], bm[j] = cost + (0.0 if source[j - 1] == qch else CHANGE_COST), came
            cost, came = mi[j - 1] + omit, _MATCH
            if xi[j - 1] + OMIT_EXTEND < cost:
                cost, came = xi[j - 1] + OMIT_EXTEND, _OMIT
            if yi[j - 1] + omit < cost:
                cost, came = yi[j - 1] + omit, _ADD
            xi[j], bx[j] = cost, came
            cost, came = mp[j] + add, _MATCH
            if yp[j] + ADD_EXTEND < cost:
                cost, came = yp[j] + ADD_EXTEND, _ADD
            if xp[j] + add < cost:
                cost, came = xp[j] + add, _OMIT
            yi[j], by[j] = cost, came
    final = [m[rows][cols], x[rows][cols], y[rows][cols]]
    state = final.index(min(final))
    steps = []  # per aligned pair, from the end: (state, i, j) before the step
    i, j = rows, cols
    while i > 0 or j > 0:
        came = back[state][i][j]
        steps.append((state, i, j))
        if state == _MATCH:
            i, j = i - 1, j - 1
        elif state == _OMIT:
            j -= 1
        else:
            i -= 1
        state = came
    steps.reverse()
    ops: list[list] = []
    for state, i, j in steps:
        same = state == _MATCH and source[j - 1] == quote[i - 1]
        tag = "equal" if same else "change"
        s0, q0 = (j - 1, i - 1) if state == _MATCH else ((j - 1, i) if state == _OMIT else (j, i - 1))
        if ops and ops[-1][0] == tag:
            ops[-1][2], ops[-1][4] = j, i
        else:
            ops.append([tag, s0, j, q0, i])
    result = []
    for tag, s0, s1, q0, q1 in ops:
        if tag == "change":
            tag = "replace" if s1 > s0 and q1 > q0 else ("delete" if s1 > s0 else "insert")
        result.append((tag, s0, s1, q0, q1))
    return result
