"""Stage: `quotecheck serve`, the editors' desk in the browser (a local web app).

Starlette (ASGI routes), Jinja2 (templates, autoescaped), uvicorn (the server), python-multipart
(uploads) and one vendored file, static/htmx.min.js (htmx 2.0.11, 0BSD): no build, no CDN, no
network. It binds 127.0.0.1 unless --host says otherwise.
"""
from __future__ import annotations

import socket
import sys
from pathlib import Path

from ..errors import QuoteCheckError, lang_of


def run_serve(args) -> int:
    import uvicorn

    from ..rules import find_config
    from .app import create_app
    from .desk import Desk

    config, config_path = find_config(args.config)
    lang = lang_of(args.lang, config)
    args.lang = lang
    library = list(args.library or config.get("library", []))  # none: the sources added on the page
    rule_dirs = list(config.get("rules", [])) + list(args.rules)
    desk = Desk(Path(args.data), library, rule_dirs, config, config_path, lang)
    # An uploaded file stays in memory (Starlette would spool one over 1 MB to the system's temporary
    # folder); guard.read_form bounds a whole upload before it is read.
    from starlette.formparsers import MultiPartParser

    MultiPartParser.spool_max_size = args.max_upload_mb * 2**20 + 1
    desk.start()
    sock = _bind(args.host, args.port)
    host, port = sock.getsockname()[:2]
    shown = f"[{host}]" if ":" in host else host
    zh = lang == "zh"
    address = f"http://{shown}:{port}/"
    print(f"quotecheck serve: 工作台地址 {address} （数据目录 {desk.data}；按 Ctrl-C 停止）" if zh else
          f"quotecheck serve: the desk is at {address} (data folder {desk.data}; Ctrl-C stops it)", flush=True)
    app = create_app(desk, max_files=args.max_files, max_bytes=args.max_upload_mb * 2**20, host=args.host)
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="on"))
    try:
        server.run(sockets=[sock])  # Ctrl-C: uvicorn finishes the requests under way, then re-raises it
    except KeyboardInterrupt:
        pass
    finally:
        desk.close()
    print("quotecheck serve: " + ("已停止；所有决定已保存" if zh else "stopped; every decision is saved"),
          file=sys.stderr)
    return 0


def _bind(host: str, port: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as exc:
        sock.close()
        error = QuoteCheckError(f"cannot listen on {host}:{port} ({exc.strerror or exc})")
        error.message_zh = f"无法在 {host}:{port} 上监听（{exc.strerror or exc}）"
        raise error from None
    sock.listen(128)
    sock.set_inheritable(True)
    return sock
