"""`policy-site`: argument parsing only. Commands live in commands.py; errors become exit codes.

Exit codes: 0 ok, 1 failure (including a check with errors), 2 usage.
"""

from __future__ import annotations

import argparse
import os
import datetime as dt
import sys
import traceback
from pathlib import Path
from typing import Sequence

from . import __version__, commands
from .config import parse_date, today_in
from .errors import PolicySiteError, PublishRefused, UsageError


def _date(value: str) -> dt.date:
    day = parse_date(value)
    if day is None:
        raise argparse.ArgumentTypeError(f"{value!r} is not a date: use YYYY-MM-DD")
    return day


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="policy-site", description="Publish a bilingual, versioned privacy policy.")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("-f", "--config-file", default=None, metavar="FILE",
                        help="the site's mkdocs.yml (default: the nearest one in this folder or above)")
    common.add_argument("--debug", action="store_true", help="show tracebacks")
    dated = argparse.ArgumentParser(add_help=False)
    dated.add_argument("--today", type=_date, metavar="YYYY-MM-DD", help="the date to check or publish as (default: today in the site's time zone)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    target = argparse.ArgumentParser(add_help=False)
    target.add_argument("--remote", default="origin", metavar="NAME",
                        help="the git remote whose branch is what is published (default: origin)")
    target.add_argument("--branch", default="gh-pages", metavar="NAME", help="the publish branch (default: gh-pages)")

    p = sub.add_parser("check", parents=[common, dated, target], help="check disclosures, parity and integrity")
    p.add_argument("--format", choices=["text", "json", "github"], default="text")
    p.add_argument("revisions", nargs="*", metavar="DATE", help="only these revisions (default: all)")

    p = sub.add_parser("publish", parents=[common, dated, target], help="publish every new revision with mike")
    p.add_argument("--push", action="store_true", help="push the branch to the remote")
    p.add_argument("--rebuild", action="store_true", help="re-render every published revision (text unchanged)")

    p = sub.add_parser("build", parents=[common, dated], help="build one revision into site/ for a preview")
    p.add_argument("revision", metavar="DATE")
    p.add_argument("-d", "--site-dir", default="site", metavar="DIR")

    p = sub.add_parser("rules", parents=[common], help="list the disclosure requirements in force on a date")
    p.add_argument("--law", metavar="LAW", help="only this law (appi, ccpa, caloppa, gdpr, telecom or a site's own)")
    p.add_argument("--on", type=_date, metavar="YYYY-MM-DD", help="the date (default: today)")
    p.add_argument("--lang", default="en", help="language of the labels and citations (default: en)")

    p = sub.add_parser("diff", parents=[common], help="the redline between two revisions")
    p.add_argument("old", metavar="OLD", help="revision date")
    p.add_argument("new", metavar="NEW", help="revision date (may be unpublished)")
    p.add_argument("--lang", default=None, help="language (default: the controlling language)")
    p.add_argument("--format", choices=["text", "markdown", "html"], default="text")
    p.add_argument("--color", choices=["auto", "always", "never"], default="auto")

    p = sub.add_parser("new-revision", parents=[common, dated], help="scaffold docs/DATE/ from the newest revision")
    p.add_argument("date", type=_date, metavar="DATE")

    sub.add_parser("fmt", parents=[common, target], help="fix BOMs, CRLF line ends and non-NFC text in place")

    p = sub.add_parser("init", help="create a new policy site in DIR, ready to fill in")
    p.add_argument("dir", metavar="DIR", help="a new or empty folder")
    p.add_argument("--law", action="append", default=None, metavar="LAW",
                   help="a law the policy must meet: appi, ccpa, caloppa, gdpr, telecom; repeat for more "
                        "(default: appi for a site with Japanese)")
    p.add_argument("--language", action="append", default=None, metavar="LANG",
                   help="a language of the site, the controlling one first; repeat for more (default: ja, en)")
    p.add_argument("--site-name", metavar="NAME", help="the site's name (default: the policy's title in each language)")
    p.add_argument("--timezone", metavar="ZONE",
                   help="where effective dates start at midnight, an IANA name such as Europe/Berlin "
                        "(default: the usual zone of the site's languages or laws; init says which)")
    p.add_argument("--today", type=_date, metavar="YYYY-MM-DD",
                   help="the effective date of the first revision (default: today in the site's time zone)")
    p.add_argument("--debug", action="store_true", help="show tracebacks")

    p = sub.add_parser("import", parents=[common],
                       help="turn an existing policy (Markdown or HTML, or a file's git history) into revisions")
    p.add_argument("--ja", metavar="FILE_OR_URL", help="the Japanese text (with --git: its path in the repository)")
    p.add_argument("--en", metavar="FILE_OR_URL", help="the English text (with --git: its path in the repository)")
    p.add_argument("--source", action="append", default=[], metavar="LANG=FILE_OR_URL",
                   help="the text in another language of the site; repeat for more")
    p.add_argument("--effective", type=_date, metavar="YYYY-MM-DD",
                   help="the revision's effective date (default: its 改定日/Last updated line)")
    p.add_argument("--git", metavar="REPO", help="import every revision of the files in this git repository")
    p.add_argument("--document", default="index", metavar="NAME", help="the document's name (default: index)")
    p.add_argument("--no-annotate", action="store_true", help="propose no data-disclosure annotations")

    p = sub.add_parser("serve", parents=[common], help="serve the published branch on 127.0.0.1")
    p.add_argument("--branch", default="gh-pages", metavar="NAME")
    p.add_argument("--port", type=int, default=8000)
    return parser


def _print_findings_text(report: commands.CheckReport) -> str:
    from .report import as_text

    return as_text(report.findings, checked=report.revisions)


def run(args: argparse.Namespace) -> int:
    from .site import find_config, load_site

    if args.command == "rules":
        import shutil as _shutil

        config = args.config_file or find_config()
        site_or_none = load_site(config) if config is not None and Path(config).is_file() else None
        on = args.on or (site_or_none.policy.today() if site_or_none else today_in(None))
        print(commands.rules_table(site_or_none, law=args.law, on=on, lang=args.lang,
                                   width=_shutil.get_terminal_size((110, 24)).columns))
        return 0
    if args.command == "init":
        target = Path(args.dir)
        created = commands.init(target, laws=args.law or [], languages=args.language or ["ja", "en"],
                                site_name=args.site_name, today=args.today, timezone=args.timezone)
        docs = next(p for p in created.files if p.name == "revision.yml").parent
        print(f"created {target}/ ({len(created.files)} files): replace the TODO(policy-site) placeholders in "
              f"{docs.relative_to(target)}/, then run `make check` there (README.md says more)")
        print(f"time zone: {created.timezone.zone} ({created.timezone.reason}; another: --timezone, "
              "or `timezone:` in mkdocs.yml)")
        print(f"requirements.txt installs {created.install.line}")
        if created.install.todo:
            print(f"warning: requirements.txt: {created.install.todo}", file=sys.stderr)
        return 0
    site = load_site(args.config_file)
    today = getattr(args, "today", None) or site.policy.today()
    if args.command == "check":
        from .report import as_github, as_json

        report = commands.check(site, today=today, only=args.revisions or None, branch=args.branch,
                                remote=args.remote)
        out = {"text": _print_findings_text, "json": lambda r: as_json(r.findings),
               "github": lambda r: as_github(r.findings)}[args.format](report)
        print(out)
        return 0 if report.ok else 1
    if args.command == "publish":
        try:
            result, report = commands.publish(site, today=today, push=args.push, remote=args.remote,
                                              branch=args.branch, rebuild=args.rebuild)
        except PublishRefused as exc:
            if exc.report is not None:
                print(_print_findings_text(exc.report), file=sys.stderr)
            raise
        if report.findings:
            print(_print_findings_text(report), file=sys.stderr)
        done = ", ".join(result.deployed) or "nothing new"
        aliases = ", ".join(f"{a} -> {t}" for a, t in result.aliases.items() if t)
        where = f"{args.remote}/{args.branch}" if args.push else args.branch
        state = "updated" if result.changed or result.pushed else "unchanged"
        print(f"published: {done}; {aliases}; {where} {state}")
        return 0
    if args.command == "build":
        path = commands.build(site, args.revision, site_dir=Path(args.site_dir).resolve(), today=today)
        print(f"built {args.revision} into {path}")
        return 0
    if args.command == "diff":
        color = args.color == "always" or (args.color == "auto" and sys.stdout.isatty())
        print(commands.diff(site, args.old, args.new, lang=args.lang or site.languages[0],
                            fmt=args.format, color=color))
        return 0
    if args.command == "new-revision":
        path = commands.new_revision(site, args.date, today=today)
        print(f"created {path.relative_to(site.root)}: edit its documents and revision.yml, then run `policy-site check`")
        return 0
    if args.command == "fmt":
        result = commands.fmt(site, branch=args.branch, remote=args.remote)
        for path in result.changed:
            print(f"fixed {path.relative_to(site.root)}")
        for path in result.not_utf8:
            print(f"error: {path.relative_to(site.root)}: not UTF-8; save it as UTF-8 first", file=sys.stderr)
        if not result.changed and not result.not_utf8:
            print("nothing to fix")
        return 1 if result.not_utf8 else 0
    if args.command == "import":
        inputs = {"ja": args.ja, "en": args.en}
        for item in args.source:
            lang, sep, spec = item.partition("=")
            if not sep or not lang or not spec:
                raise UsageError(f"--source {item!r}: write it as LANG=FILE_OR_URL")
            inputs[lang] = spec
        result = commands.import_policy(site, inputs={k: v for k, v in inputs.items() if v},
                                        effective=args.effective, repo=args.git, document=args.document,
                                        annotate=not args.no_annotate)
        print(result.report)
        return 0
    if args.command == "serve":
        from .git import Git
        from .serve import make_server

        server = make_server(Git(site.root), f"refs/heads/{args.branch}", "127.0.0.1", args.port, quiet=False)
        print(f"serving {args.branch} on http://127.0.0.1:{args.port}/ as it is at each request (Ctrl-C stops)",
              flush=True)
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            pass
        finally:
            server.server_close()
        return 0
    raise UsageError(f"unknown command {args.command}")


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return run(args)
    except UsageError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except PolicySiteError as exc:
        if args.debug:
            traceback.print_exc()
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("error: interrupted; nothing was published", file=sys.stderr)
        return 1
    except BrokenPipeError:  # `policy-site rules | head`
        sys.stdout = open(os.devnull, "w")
        return 0


def console_main() -> None:
    sys.exit(main())
