"""Reports: a candidate's result as HTML and PDF (with a chart), a sitting's as CSV and XLSX.

Charts are inline SVG drawn here, so the HTML page, the PDF (WeasyPrint) and the exam service's
pages show the same picture without a plotting library or any script.
"""

from __future__ import annotations

import csv
import io
from datetime import datetime
from pathlib import Path

import jinja2

from practicum.core import standard
from practicum.core.exam_spec import ExamSpec
from practicum.core.i18n import t
from practicum.results.results import CandidateResult

TEMPLATES = Path(__file__).parent / "templates"
_jinja = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=jinja2.select_autoescape(["html"]))

AREA_LABELS = {
    "common_tech": ("人工智能共性技术应用", "Common AI technology"),
    "requirements": ("人工智能需求分析", "Requirements analysis"),
    "design_dev": ("人工智能设计开发", "Design and development"),
    "test_verify": ("人工智能测试验证", "Testing and verification"),
    "delivery": ("人工智能产品交付", "Product delivery"),
    "operations": ("人工智能产品运维", "Operations and maintenance"),
    "consulting": ("人工智能咨询服务", "Consulting services"),
}


def area_label(area: str, lang: str) -> str:
    zh, en = AREA_LABELS.get(area, (area, area))
    return zh if lang == "zh" else en


def bar_chart_svg(rows: list[tuple[str, float, float]], width: int = 560, bar_h: int = 22) -> str:
    """Horizontal bars, earned over possible: [(label, earned, max)]. Plain SVG, no script."""
    label_w, gap = 190, 8
    height = len(rows) * (bar_h + gap) + gap
    scale = (width - label_w - 70) / max([m for _, _, m in rows] + [1])
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" role="img" '
             f'font-family="WenQuanYi Micro Hei, Noto Sans CJK SC, sans-serif" font-size="13">']
    for i, (label, earned, most) in enumerate(rows):
        y = gap + i * (bar_h + gap)
        share = earned / most if most else 0
        colour = "#1e7b34" if share >= 0.6 else "#b26a00" if share >= 0.3 else "#b00020"
        parts.append(f'<text x="0" y="{y + bar_h - 6}">{_esc(label)}</text>')
        parts.append(f'<rect x="{label_w}" y="{y}" width="{most * scale:.1f}" height="{bar_h}" fill="#e6ebf2"/>')
        parts.append(f'<rect x="{label_w}" y="{y}" width="{earned * scale:.1f}" height="{bar_h}" fill="{colour}"/>')
        parts.append(f'<text x="{label_w + most * scale + 6:.1f}" y="{y + bar_h - 6}">{earned:g} / {most:g}</text>')
    parts.append("</svg>")
    return "".join(parts)


def histogram_svg(bins: list[dict], width: int = 560, height: int = 200, pass_mark: int = 60) -> str:
    most = max([b["count"] for b in bins] + [1])
    bw = (width - 40) / len(bins)
    top = 18  # room for the count above the tallest bar
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height + top + 30}" role="img" '
             f'font-family="sans-serif" font-size="12">']
    base = top + height
    for i, b in enumerate(bins):
        h = b["count"] / most * height
        x = 30 + i * bw
        colour = "#1e7b34" if b["from"] >= pass_mark else "#b00020"
        parts.append(f'<rect x="{x + 2:.1f}" y="{base - h:.1f}" width="{bw - 4:.1f}" height="{h:.1f}" fill="{colour}"/>')
        if b["count"]:
            parts.append(f'<text x="{x + bw / 2:.1f}" y="{base - h - 4:.1f}" text-anchor="middle">{b["count"]}</text>')
        parts.append(f'<text x="{x + bw / 2:.1f}" y="{base + 16}" text-anchor="middle">{b["from"]}%</text>')
    parts.append(f'<line x1="30" y1="{base}" x2="{width - 10}" y2="{base}" stroke="#5b6675"/></svg>')
    return "".join(parts)


def _esc(text: str) -> str:
    return (str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;"))


def candidate_report_html(result: CandidateResult, exam: ExamSpec, sitting_code: str, lang: str,
                          signed_off: str = "") -> str:
    weights = standard.practical_weights(exam.direction, exam.level) if exam.kind == "certification" else {}
    areas = [(area_label(a, lang), v["earned"], v["max"]) for a, v in result.by_area.items()]
    items = standard.skill_items()
    skills = [{"ref": ref, "text": items[ref].text if ref in items else "", **v} for ref, v in result.by_skill.items()]
    tasks = [{"id": task.id, "title": task.title.get(lang), "area": area_label(task.area, lang),
              "grading": task.grading, "points": task.points, "score": result.tasks.get(task.id)}
             for task in exam.tasks]
    return _jinja.get_template("candidate_report.html").render(
        t=lambda key, **kw: t(key, lang, **kw), lang=lang, r=result, exam=exam, title=exam.title.get(lang),
        sitting=sitting_code, chart=bar_chart_svg(areas), tasks=tasks, skills=skills, weights=weights,
        area_label=lambda a: area_label(a, lang), signed_off=signed_off,
        pass_mark=f"{standard.pass_mark() * result.max_points / 100:g}", max_points=f"{result.max_points:g}",
        generated=datetime.now().astimezone().strftime("%Y-%m-%d %H:%M"))


def candidate_report_pdf(html: str) -> bytes:
    import weasyprint

    return weasyprint.HTML(string=html).write_pdf()


def _table(results: list[CandidateResult], exam: ExamSpec) -> tuple[list[str], list[list]]:
    areas = list(dict.fromkeys(task.area for task in exam.tasks))
    header = (["candidate_id", "name", "status", "grading"] + [task.id for task in exam.tasks]
              + [f"area:{a}" for a in areas] + ["total", "result", "flags"])
    rows = []
    for r in results:
        verdict = {True: "pass", False: "fail", None: "pending"}[r.passed]
        rows.append([r.candidate_id, r.name, r.status, r.grading]
                    + [r.tasks.get(task.id) for task in exam.tasks]
                    + [round(r.by_area.get(a, {}).get("earned", 0), 2) for a in areas]
                    + [r.total, verdict, "; ".join(r.flags)])
    return header, rows


def results_csv(results: list[CandidateResult], exam: ExamSpec) -> bytes:
    header, rows = _table(results, exam)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows([["" if v is None else _cell(v) for v in row] for row in rows])
    return ("\ufeff" + out.getvalue()).encode("utf-8")  # BOM: spreadsheets then read the Chinese right


def results_xlsx(results: list[CandidateResult], exam: ExamSpec, stats: dict[str, dict]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    header, rows = _table(results, exam)
    wb = Workbook()
    ws = wb.active
    ws.title = "results"
    ws.append(header)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for row in rows:
        ws.append([_cell(v) for v in row])
    st = wb.create_sheet("tasks")
    st.append(["task", "points", "difficulty", "discrimination"])
    for task_id, s in stats.items():
        st.append([task_id, s["points"], s["difficulty"], s["discrimination"]])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _cell(v):
    """Text that a spreadsheet would run as a formula is kept as text (CSV/formula injection)."""
    if isinstance(v, str) and v[:1] in ("=", "+", "-", "@"):
        return "'" + v
    return v
