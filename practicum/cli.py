"""`practicum`: run the exam hub and manage sittings, rosters and staff from the shell."""

from __future__ import annotations

import argparse
import csv
import getpass
import io
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

from practicum.core.exam_spec import SpecError, list_exam_ids, load_exam
from practicum.core.i18n import ExamError
from practicum.core.roster import normalize_candidate_id, parse_roster
from practicum.core.settings import Settings
from practicum.db import store

DEFAULT_DATA_DIR = Path("/var/lib/practicum")


def _settings(args) -> Settings:
    data_dir = Path(args.data_dir)
    if (data_dir / "practicum.json").exists():
        settings = Settings.load(data_dir / "practicum.json")
    else:
        settings = Settings(data_dir=data_dir)
    for field in ("host", "port", "db_url"):
        value = getattr(args, field, None)
        if value:
            setattr(settings, field, value)
    return settings


def _store(settings: Settings) -> store.Store:
    """The exam database, with the data dir prepared (a sitting may be made before `up`)."""
    from practicum.supervisor import prepare

    return prepare(settings)


def _parse_time(text: str | None) -> datetime | None:
    if not text:
        return None
    dt = datetime.fromisoformat(text)
    return dt if dt.tzinfo else dt.astimezone()  # a bare time means this machine's local time


def cmd_up(args) -> int:
    from practicum.supervisor import run

    settings = _settings(args)
    settings.sandbox = "none" if args.insecure_no_sandbox else "bwrap"
    return run(settings, demo=args.demo)


def cmd_sitting_create(args) -> int:
    from practicum.sittings.sitting_files import prepare_sitting

    settings = _settings(args)
    exam = load_exam(settings.labs_dir, args.exam)
    opens = _parse_time(args.opens) or datetime.now(timezone.utc)
    closes = opens + timedelta(minutes=args.window_minutes)
    duration_s = round(args.minutes * 60) if args.minutes else None
    st = _store(settings)
    with st.session() as db:  # validate before the (slow) release
        store.create_sitting(db, args.code, exam, mode=args.mode, duration_s=duration_s,
                             opens_at=opens, closes_at=closes)
        db.rollback()
    prepare_sitting(settings, args.code, exam)
    with st.session() as db:
        sitting = store.create_sitting(db, args.code, exam, mode=args.mode, duration_s=duration_s,
                                       opens_at=opens, closes_at=closes)
        print(f"sitting {sitting.code}: {exam.id}, {sitting.mode}, {sitting.duration_s / 60:g} min, "
              f"start window {opens.isoformat()} – {closes.isoformat()}")
    if args.roster:
        args.file = args.roster
        return cmd_roster_import(args)
    return 0


def cmd_roster_import(args) -> int:
    settings = _settings(args)
    rows = parse_roster(Path(args.file).read_bytes())
    st = _store(settings)
    with st.session() as db:
        sitting = store.get_sitting(db, args.code)
        issued = store.import_roster(db, sitting, rows, "cli")
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["candidate_id", "name", "password"])
    for cid, name, password in issued:
        writer.writerow([cid, name, password or "(from CSV)"])
    sys.stdout.write(out.getvalue())
    print(f"# {len(issued)} candidates imported into {args.code}; print these passwords now, they are not stored.",
          file=sys.stderr)
    return 0


def cmd_account_add(args) -> int:
    settings = _settings(args)
    password = args.password or getpass.getpass(f"Password for {args.username}: ")
    st = _store(settings)
    with st.session() as db:
        store.add_account(db, args.username, args.role, password, args.display_name or "")
    print(f"account {args.username} ({args.role}) added")
    return 0


def cmd_sittings(args) -> int:
    settings = _settings(args)
    st = _store(settings)
    now = datetime.now(timezone.utc)
    with st.session() as db:
        for s in store.list_sittings(db):
            counts: dict[str, int] = {}
            for c in s.candidates:
                counts[c.status] = counts.get(c.status, 0) + 1
            live = "live" if store.sitting_is_live(s, now) else "over"
            print(f"{s.code:<20} {s.exam_id:<20} {s.mode:<9} {s.duration_s / 60:>6g} min  {live:<5} {counts}")
    return 0


def cmd_exams(args) -> int:
    settings = _settings(args)
    for exam_id in list_exam_ids(settings.labs_dir):
        try:
            exam = load_exam(settings.labs_dir, exam_id)
            print(f"{exam.id:<24} {exam.kind:<14} {exam.minutes:>4} min  {exam.title.en}")
        except SpecError as exc:
            print(f"{exam_id:<24} INVALID: {exc}")
    return 0


def cmd_check(args) -> int:
    import json

    from practicum.authoring.validate import check_exams

    settings = _settings(args)
    reports = check_exams(settings.labs_dir, args.exams or None, cache_dir=settings.cache_dir)
    if args.json:
        print(json.dumps([r.to_json() for r in reports], indent=2, ensure_ascii=False))
    else:
        for r in reports:
            mark = "ok  " if r.conformant else "FAIL"
            print(f"{mark} {r.id}  ({r.direction or '-'}/{r.level or '-'}, {r.minutes} min, "
                  f"auto {r.autograded_points:g} + manual {r.manual_points:g}; reference {r.reference_score}, "
                  f"starter {r.starter_score})")
            for problem in r.problems:
                print(f"     - {problem}")
    return 0 if all(r.conformant for r in reports) else 1


def cmd_author(args) -> int:
    from practicum.authoring.render import AuthorError, author

    settings = _settings(args)
    try:
        written, problems = author(settings.labs_dir, args.exams or None, check=args.check)
    except (AuthorError, SpecError) as exc:
        print(exc, file=sys.stderr)
        return 1
    for path in written:
        print(f"wrote {path.relative_to(settings.labs_dir)}")
    for problem in problems:
        print(problem, file=sys.stderr)
    return 1 if problems else 0


def cmd_grade(args) -> int:
    from practicum.grading.queue import grade_sitting

    settings = _settings(args)
    _store(settings)
    regrade = None if args.regrade is None else [normalize_candidate_id(c) for c in args.regrade]
    if regrade is not None and not args.reason:
        print("practicum: a regrade needs --reason (it goes to the audit log)", file=sys.stderr)
        return 2
    final = grade_sitting(settings, args.code, workers=args.workers, regrade=regrade, reason=args.reason or "")
    return 0 if final.failed == 0 else 1


def cmd_panel(args) -> int:
    from practicum.results.panel import set_panel

    settings = _settings(args)
    st = _store(settings)
    with st.session() as db:
        sitting = store.get_sitting(db, args.code)
        set_panel(db, sitting, args.examiners.split(","), args.chief.lower(), "cli", args.threshold)
    print(f"panel of {args.code}: {args.examiners} (chief {args.chief})")
    return 0


def cmd_results(args) -> int:
    import json

    from practicum.core.exam_spec import load_exam_dir
    from practicum.results.results import summary
    from practicum.sittings.sitting_files import SittingFiles

    settings = _settings(args)
    st = _store(settings)
    with st.session() as db:
        sitting = store.get_sitting(db, args.code)
        exam = load_exam_dir(SittingFiles(settings, args.code).exam_dir)
        s = summary(db, sitting, exam)
        rows = [r.to_json() for r in s["results"]]
    if args.json:
        print(json.dumps({**{k: v for k, v in s.items() if k != "results"}, "results": rows}, default=str,
                         indent=2, ensure_ascii=False))
        return 0
    tasks = [t.id for t in exam.tasks]
    print("candidate".ljust(14) + "".join(t[:12].rjust(13) for t in tasks) + "total".rjust(8) + "  result")
    for r in rows:
        cells = "".join(("-" if r["tasks"][t] is None else f"{r['tasks'][t]:g}").rjust(13) for t in tasks)
        verdict = {True: "pass", False: "fail", None: "pending"}[r["passed"]]
        print(r["candidate_id"].ljust(14) + cells + f"{r['total']:g}".rjust(8) + f"  {verdict} ({r['grading']})")
    rate = "-" if s["pass_rate"] is None else f"{s['pass_rate']:.0%}"
    print(f"{s['complete']}/{s['candidates']} complete, pass rate {rate}")
    return 0


def cmd_report(args) -> int:
    """Writes a sitting's reports: per candidate HTML and PDF (and feedback notebooks), CSV, XLSX."""
    import nbformat
    from sqlalchemy import select

    from practicum.core.exam_spec import load_exam_dir
    from practicum.db.grading_models import GradingJob
    from practicum.results.feedback import feedback_notebook
    from practicum.results.panel import manual_state, panel_settings
    from practicum.results.report import candidate_report_html, candidate_report_pdf, results_csv, results_xlsx
    from practicum.results.results import summary
    from practicum.sittings.sitting_files import SittingFiles

    settings = _settings(args)
    st = _store(settings)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    files = SittingFiles(settings, args.code)
    exam = load_exam_dir(files.exam_dir)
    with st.session() as db:
        sitting = store.get_sitting(db, args.code)
        s = summary(db, sitting, exam)
        signed = panel_settings(db, sitting).signed_off_by
        (out / f"{args.code}-results.csv").write_bytes(results_csv(s["results"], exam))
        (out / f"{args.code}-results.xlsx").write_bytes(results_xlsx(s["results"], exam, s["tasks"]))
        jobs = {j.candidate_pk: j for j in db.scalars(select(GradingJob).where(
            GradingJob.sitting_id == sitting.id, GradingJob.superseded.is_(False)))}
        for result, cand in zip(s["results"], sitting.candidates):
            html = candidate_report_html(result, exam, args.code, args.lang, signed)
            (out / f"{args.code}-{cand.candidate_id}.html").write_text(html, encoding="utf-8")
            (out / f"{args.code}-{cand.candidate_id}.pdf").write_bytes(candidate_report_pdf(html))
            job = jobs.get(cand.id)
            if job is not None and job.status == "done" and cand.final_submission is not None:
                manual = {tid: st_.final for tid, st_ in manual_state(db, sitting, exam, cand).items()}
                nb = feedback_notebook(exam, files.course_dir, Path(cand.final_submission.store_path), job.result,
                                       manual, exam.notebooks[0])
                nbformat.write(nb, out / f"{args.code}-{cand.candidate_id}-feedback.ipynb")
    print(f"reports for {len(s['results'])} candidates in {out}")
    return 0


def cmd_doctor(args) -> int:
    from practicum import sandbox
    from practicum.supervisor import UpError, check_environment

    settings = _settings(args)
    settings.sandbox = "bwrap"
    try:
        settings.data_dir.mkdir(parents=True, exist_ok=True)
        settings.workspaces_dir.mkdir(parents=True, exist_ok=True)
        for line in check_environment(settings):
            print(line)
    except UpError as exc:
        print(f"not ready: {exc}")
        return 1
    print("ok: exam sittings can run here")
    _ = sandbox
    return 0


def cmd_images(args) -> int:
    from practicum.deploy import images

    return images.main(args.targets, if_engine=args.if_engine, as_json=args.json)


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="practicum", description="Practicum practical-exam hub / 实操考试平台")
    p.add_argument("--data-dir", default=str(DEFAULT_DATA_DIR), help="where the hub keeps its data (default %(default)s)")
    sub = p.add_subparsers(dest="command", required=True)

    up = sub.add_parser("up", help="start the exam hub (JupyterHub, proxy, exam service)")
    up.add_argument("--host", default=None, help="address to listen on (default 127.0.0.1)")
    up.add_argument("--port", type=int, default=None, help="public port (default 8000; the next three are used too)")
    up.add_argument("--db-url", default=None, help="exam database URL (default SQLite in the data dir)")
    up.add_argument("--demo", action="store_true", help="also create the demo sitting and accounts")
    up.add_argument("--insecure-no-sandbox", action="store_true",
                    help="run labs without bubblewrap: practice sittings only, flagged on every page")
    up.set_defaults(func=cmd_up)

    sc = sub.add_parser("sitting", help="create sittings").add_subparsers(dest="action", required=True)
    create = sc.add_parser("create", help="create a sitting of an exam")
    create.add_argument("code")
    create.add_argument("--exam", required=True)
    create.add_argument("--mode", choices=("exam", "practice"), default="exam")
    create.add_argument("--minutes", type=float, default=None, help="duration (default: the exam's; exams >= 120)")
    create.add_argument("--opens", default=None, help="start window opens (ISO time; default now)")
    create.add_argument("--window-minutes", type=float, default=120, help="how long Start stays possible")
    create.add_argument("--roster", default=None, help="CSV roster to import right away")
    create.set_defaults(func=cmd_sitting_create)

    sub.add_parser("sittings", help="list sittings").set_defaults(func=cmd_sittings)
    sub.add_parser("exams", help="list exams in labs/").set_defaults(func=cmd_exams)
    sub.add_parser("doctor", help="check that exam sittings can run on this machine").set_defaults(func=cmd_doctor)
    check = sub.add_parser("check", help="validate exams against the standard, their reference and starter")
    check.add_argument("exams", nargs="*", help="exam ids (default: every exam in labs/)")
    check.add_argument("--json", action="store_true", help="print a JSON list, one object per exam")
    check.set_defaults(func=cmd_check)
    img = sub.add_parser("images", help="build the hub and lab container images offline (Docker)")
    img.add_argument("action", choices=("build",))
    img.add_argument("targets", nargs="*", help="lab-base, lab-chip, lab-ml, hub (default: all)")
    img.add_argument("--if-engine", action="store_true", help="where no Docker Engine answers, say so and exit 0")
    img.add_argument("--json", action="store_true", help="also print the build report as JSON")
    img.set_defaults(func=cmd_images)
    auth = sub.add_parser("author", help="render source notebooks and starters from their masters (labs/README.md)")
    auth.add_argument("exams", nargs="*", help="exam ids (default: every exam in labs/); labs/_shared always")
    auth.add_argument("--check", action="store_true", help="write nothing; fail naming the files that differ")
    auth.set_defaults(func=cmd_author)
    grade = sub.add_parser("grade", help="autograde a sitting's collected work in the sandbox (resumable)")
    grade.add_argument("code")
    grade.add_argument("--workers", type=int, default=None, help="parallel workers (default: the number of cores)")
    grade.add_argument("--regrade", nargs="*", default=None, metavar="CANDIDATE",
                       help="grade again (all, or the candidates named); needs --reason")
    grade.add_argument("--reason", default=None)
    grade.set_defaults(func=cmd_grade)
    pnl = sub.add_parser("panel", help="set a sitting's examiner panel (>= 3, odd, >= 1 per 10 candidates)")
    pnl.add_argument("code")
    pnl.add_argument("--examiners", required=True, help="comma-separated examiner accounts")
    pnl.add_argument("--chief", required=True)
    pnl.add_argument("--threshold", type=float, default=None,
                     help="largest spread of scores, as a share of a task's points, before adjudication (0.25)")
    pnl.set_defaults(func=cmd_panel)
    res = sub.add_parser("results", help="a sitting's results by the standard")
    res.add_argument("code")
    res.add_argument("--json", action="store_true")
    res.set_defaults(func=cmd_results)
    rep = sub.add_parser("report", help="write reports (HTML, PDF), feedback notebooks, CSV and XLSX")
    rep.add_argument("code")
    rep.add_argument("--out", required=True, help="folder to write to")
    rep.add_argument("--lang", choices=("zh", "en"), default="zh")
    rep.set_defaults(func=cmd_report)

    rc = sub.add_parser("roster", help="candidate rosters").add_subparsers(dest="action", required=True)
    imp = rc.add_parser("import", help="import a CSV roster; prints the generated passwords once")
    imp.add_argument("code")
    imp.add_argument("file")
    imp.set_defaults(func=cmd_roster_import)

    ac = sub.add_parser("account", help="staff accounts").add_subparsers(dest="action", required=True)
    add = ac.add_parser("add", help="add a proctor, trainer or examiner")
    add.add_argument("username")
    add.add_argument("--role", required=True, choices=("proctor", "trainer", "examiner"))
    add.add_argument("--password", default=None, help="(prompted when omitted)")
    add.add_argument("--display-name", default=None)
    add.set_defaults(func=cmd_account_add)
    return p


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except ExamError as exc:
        print(f"practicum: {exc}", file=sys.stderr)
        return 2
    except SpecError as exc:
        print(f"practicum: invalid exam: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
