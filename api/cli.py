"""`reconcile serve` and `reconcile keys`: the REST API's commands (reconcile/cli.py hands them over).

    reconcile serve [--host H] [--port P] [--db URL] [--open | --no-open] [--workers N] [limits]
    reconcile keys create --newsroom NAME [--read-only] [--label TEXT] [--db URL]
    reconcile keys list [--newsroom NAME] [--db URL]
    reconcile keys revoke KEY_ID [--db URL]

Exit codes: 0 done, 2 usage error or a database that cannot be opened (one line on stderr).
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Sequence
from dataclasses import replace

from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, SQLAlchemyError

from .config import ApiConfig, database_url, is_loopback, open_by_default
from .store import Store

EXIT_OK, EXIT_INPUT = 0, 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="reconcile", description="The REST API's commands.")
    commands = parser.add_subparsers(dest="command", required=True)

    serve = commands.add_parser(
        "serve",
        help="run the REST API",
        description="Run the REST API with uvicorn. The database is migrated to the latest schema first.",
    )
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1)")
    serve.add_argument("--port", type=int, default=8000, help="port (default: 8000)")
    _db_option(serve)
    access = serve.add_mutually_exclusive_group()
    access.add_argument(
        "--open",
        dest="open",
        action="store_true",
        default=None,
        help="no keys: every caller is the `open` newsroom with write access (for local use)",
    )
    access.add_argument("--no-open", dest="open", action="store_false", help="require a key on every /v1 call")
    serve.add_argument("--workers", type=int, default=1, help="server processes (default: 1)")
    defaults = ApiConfig()
    serve.add_argument("--max-body-bytes", type=_positive, help=f"largest body (default: {defaults.max_body_bytes})")
    serve.add_argument("--max-sources", type=_positive, help=f"sources per story (default: {defaults.max_sources})")
    serve.add_argument(
        "--max-text-chars", type=_positive, help=f"characters per source text (default: {defaults.max_text_chars})"
    )
    serve.add_argument("--log-level", default="info", choices=("critical", "error", "warning", "info", "debug"))
    serve.add_argument("--no-access-log", dest="access_log", action="store_false", help="do not log every request")

    keys = commands.add_parser("keys", help="manage the REST API's keys", description="Manage the REST API's keys.")
    actions = keys.add_subparsers(dest="action", required=True)
    create = actions.add_parser("create", help="a new key; prints it once (only its hash is stored)")
    create.add_argument("--newsroom", required=True, help="the newsroom the key belongs to (created if new)")
    create.add_argument("--read-only", action="store_true", help="the key can read, not change, stories")
    create.add_argument("--label", help="what the key is for, shown by `keys list`")
    _db_option(create)
    listing = actions.add_parser("list", help="the keys (never their secrets)")
    listing.add_argument("--newsroom", help="only this newsroom's keys")
    _db_option(listing)
    revoke = actions.add_parser("revoke", help="revoke a key at once")
    revoke.add_argument("key_id", help="the key's id, as `keys list` shows it (the part after `rk_`)")
    _db_option(revoke)
    return parser


def _db_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--db",
        help="database URL or SQLite file (default: $RECONCILE_DATABASE_URL, else sqlite:///reconcile.db)",
    )


def _positive(value: str) -> int:
    number = int(value)
    if number < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, not {number}")
    return number


def main(argv: Sequence[str]) -> int:
    args = _parser().parse_args(argv)
    try:
        config = ApiConfig.from_env()
    except ValueError as e:
        return _fail(str(e))
    if args.db:
        config = replace(config, database_url=args.db)
    config = replace(config, database_url=database_url(config.database_url))
    try:
        shown = make_url(config.database_url).render_as_string(hide_password=True)
    except ArgumentError:
        return _fail(f"not a database URL: {config.database_url!r}")
    try:
        store = Store.open(config.database_url, pool_size=1)
    except (SQLAlchemyError, OSError) as e:
        return _fail(f"cannot open the database {shown}: {_first_line(e)}")
    try:
        if args.command == "keys":
            return _keys(args, store)
        return _serve(args, config, store, shown)
    except SQLAlchemyError as e:
        return _fail(f"database {shown}: {_first_line(e)}")
    finally:
        store.close()


def _first_line(error: BaseException) -> str:
    text = str(getattr(error, "orig", None) or error).strip()
    return text.splitlines()[0] if text else type(error).__name__


def _fail(message: str) -> int:
    print(f"reconcile: error: {message}", file=sys.stderr)
    return EXIT_INPUT


def _keys(args: argparse.Namespace, store: Store) -> int:
    if args.action == "create":
        info, token = store.create_key(args.newsroom, can_write=not args.read_only, label=args.label)
        access = "read-only" if args.read_only else "read-write"
        print(f"key {info.key_id} for newsroom {info.newsroom!r} ({access}); it is shown once:", file=sys.stderr)
        print(token)
        return EXIT_OK
    if args.action == "list":
        rows = [("KEY", "NEWSROOM", "ACCESS", "CREATED", "REVOKED", "LABEL")]
        for key in store.keys(args.newsroom):
            rows.append(
                (
                    key.key_id,
                    key.newsroom,
                    "read-write" if key.can_write else "read-only",
                    key.created_at.strftime("%Y-%m-%d %H:%M"),
                    key.revoked_at.strftime("%Y-%m-%d %H:%M") if key.revoked_at else "-",
                    key.label or "",
                )
            )
        widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
        for row in rows:
            print("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip())
        return EXIT_OK
    key_id = args.key_id.removeprefix("rk_").split("_")[0]
    if not store.revoke_key(key_id):
        return _fail(f"no active key {key_id!r}")
    print(f"key {key_id} revoked", file=sys.stderr)
    return EXIT_OK


def _serve(args: argparse.Namespace, config: ApiConfig, store: Store, shown: str) -> int:
    import uvicorn

    limits = {
        name: getattr(args, name)
        for name in ("max_body_bytes", "max_sources", "max_text_chars")
        if getattr(args, name) is not None
    }
    config = replace(config, **limits)
    if args.open is not None:
        config = replace(config, open=args.open)
    elif "RECONCILE_OPEN" not in os.environ:
        config = replace(config, open=open_by_default(args.host, has_keys=bool(store.keys())))
    if args.workers < 1:
        return _fail("--workers must be at least 1")
    mode = "open: no keys needed" if config.open else "keys required"
    print(f"reconcile: serving {shown} on http://{args.host}:{args.port} ({mode})", file=sys.stderr, flush=True)
    if config.open and not is_loopback(args.host):
        print(f"reconcile: warning: --open on {args.host}: anyone who reaches it can read and write", file=sys.stderr)
    logging.getLogger("alembic").setLevel(logging.WARNING)
    common: dict[str, object] = {
        "host": args.host,
        "port": args.port,
        "log_level": args.log_level,
        "access_log": args.access_log,
        "server_header": False,
        "timeout_graceful_shutdown": 10,
    }
    if args.workers == 1:
        from .app import create_app

        uvicorn.run(create_app(config), **common)  # type: ignore[arg-type]
    else:  # each worker builds its app from the environment
        os.environ.update(config.to_env())
        uvicorn.run("api.app:create_app", factory=True, workers=args.workers, **common)  # type: ignore[arg-type]
    return EXIT_OK
