"""Chinese and English text for every screen and error, and the choice between them.

The language comes from the `practicum_lang` cookie (set by the switch on every page), else from
the browser's Accept-Language. Errors carry a message key, so the same refusal reads right in
either language, in a page, in JSON and on the command line.
"""

from __future__ import annotations

LANGS = ("zh", "en")
LANG_COOKIE = "practicum_lang"

# key: (Chinese, English). Placeholders use str.format names.
MESSAGES: dict[str, tuple[str, str]] = {
    # --- general ---
    "app_name": ("Practicum 实操考试", "Practicum practical exam"),
    "lang_switch": ("English", "中文"),
    "logout": ("退出登录", "Log out"),
    "insecure_banner": (
        "不安全模式：未启用沙箱。仅供练习，不得用于正式考试。",
        "INSECURE MODE: no sandbox. Practice use only, never for a real exam.",
    ),
    "server_time": ("服务器时间", "Server time"),
    "minutes": ("{n} 分钟", "{n} minutes"),
    "status_not_started": ("未开始", "Not started"),
    "status_working": ("作答中", "Working"),
    "status_submitted": ("已提交", "Submitted"),
    "status_collected": ("已收卷", "Collected"),
    "mode_exam": ("正式考试", "Certification exam"),
    "mode_practice": ("练习", "Practice"),
    # --- candidate portal ---
    "portal_title": ("考试入口", "Exam portal"),
    "candidate": ("考生", "Candidate"),
    "exam": ("考试", "Exam"),
    "duration": ("考试时长", "Duration"),
    "start_window": ("开考时段", "Start window"),
    "rules": ("考试须知", "Rules"),
    "start_button": ("开始考试", "Start the exam"),
    "start_confirm": (
        "开始后计时立即开始，且不能暂停。确定开始吗？",
        "The clock starts now and cannot be paused. Start the exam?",
    ),
    "continue_button": ("进入考试", "Continue the exam"),
    "opens_at": ("考试将于 {at} 开放", "The exam opens at {at}"),
    "window_closed": ("开考时段已结束，请联系监考老师。", "The start window has closed; please ask your proctor."),
    "no_sitting": ("你当前没有安排考试。", "You have no exam assigned right now."),
    "receipts": ("提交回执", "Submission receipts"),
    "receipt": ("回执", "Receipt"),
    "receipt_id": ("回执编号", "Receipt number"),
    "receipt_time": ("服务器时间", "Server time"),
    "receipt_hash": ("SHA-256 校验值", "SHA-256"),
    "receipt_files": ("文件", "Files"),
    "receipt_kind_submit": ("考生提交", "Submitted by candidate"),
    "receipt_kind_collect": ("到时自动收卷", "Collected at the deadline"),
    "print": ("打印", "Print"),
    "final_note": (
        "只有最后一次提交会被评分；若从未提交，则以到时自动收取的作答为准。",
        "Only your last submission is graded; if you never submit, the work collected at the deadline is graded.",
    ),
    "exam_over": ("考试已结束。", "The exam is over."),
    # --- workspace bar ---
    "time_left": ("剩余时间", "Time left"),
    "saved_ago": ("{s} 秒前已保存", "Saved {s}s ago"),
    "saved_never": ("尚未保存", "Not saved yet"),
    "submit_button": ("提交", "Submit"),
    "submit_confirm_title": ("确认提交", "Confirm submission"),
    "submit_confirm_text": (
        "将提交以下文件。截止前可以再次提交，新的提交会替换之前的提交。",
        "These files will be submitted. You may submit again before the deadline; the new submission replaces the earlier one.",
    ),
    "cancel": ("取消", "Cancel"),
    "confirm": ("确认提交", "Submit now"),
    "close": ("关闭", "Close"),
    "submitted_ok": ("提交成功，请保存回执。", "Submitted. Keep your receipt."),
    "submitting": ("正在保存并提交…", "Saving and submitting…"),
    "lab_starting": ("正在启动你的考试环境…", "Starting your exam environment…"),
    "lab_stopped": ("考试环境已停止，正在重新启动…", "Your exam environment stopped; restarting it…"),
    "warn_minutes": ("还剩 {n} 分钟！请及时保存并提交。", "{n} minute(s) left! Save and submit your work."),
    "time_over": (
        "时间到。你的作答已于 {at} 收取。",
        "Time is over. Your work was collected at {at}.",
    ),
    "collecting": ("时间到，正在收卷…", "Time is over; collecting your work…"),
    "extra_time_granted": ("监考老师为你增加了 {n} 分钟。", "Your proctor granted {n} extra minute(s)."),
    # --- proctor ---
    "proctor_title": ("监考台", "Proctor desk"),
    "sittings": ("考场", "Sittings"),
    "sitting": ("考场", "Sitting"),
    "roster": ("考生名单", "Roster"),
    "col_candidate": ("考号", "Candidate ID"),
    "col_name": ("姓名", "Name"),
    "col_status": ("状态", "Status"),
    "col_started": ("开始时间", "Started"),
    "col_deadline": ("截止时间", "Deadline"),
    "col_left": ("剩余", "Time left"),
    "col_saved": ("最近保存", "Last save"),
    "col_extra": ("加时", "Extra"),
    "col_subs": ("提交次数", "Submissions"),
    "col_lab": ("环境", "Lab"),
    "col_actions": ("操作", "Actions"),
    "extra_time": ("加时", "Extra time"),
    "extra_minutes": ("增加分钟数", "Minutes to add"),
    "reason": ("原因", "Reason"),
    "apply": ("确定", "Apply"),
    "reset_password": ("重置密码", "Reset password"),
    "password": ("密码", "Password"),
    "new_password": ("新密码（只显示一次）", "New password (shown once)"),
    "import_roster": ("导入名单（CSV）", "Import roster (CSV)"),
    "import": ("导入", "Import"),
    "roster_help": (
        "CSV 第一行为表头：candidate_id,name[,password]。未填写密码时自动生成。",
        "CSV with a header row: candidate_id,name[,password]. Missing passwords are generated.",
    ),
    "slips_title": ("考生密码条（只显示一次，请立即打印）", "Password slips (shown once: print them now)"),
    "audit_log": ("操作记录", "Audit log"),
    "running": ("运行中", "running"),
    "stopped": ("未运行", "stopped"),
    # --- examiner ---
    "examiner_title": ("评审台", "Examiner desk"),
    "collected_work": ("收取的作答", "Collected work"),
    "view": ("查看", "View"),
    "download": ("下载", "Download"),
    "no_submission": ("无提交", "No submission"),
    "nbgrader_path": ("nbgrader 目录", "nbgrader folder"),
    "flags": ("需复核", "Review flags"),
    # --- errors (ExamError keys) ---
    "err_forbidden": ("无权访问此页面。", "You may not open this page."),
    "err_not_candidate": ("此账号不是考生账号。", "This account is not a candidate."),
    "err_not_started": ("尚未开始考试。", "You have not started the exam."),
    "err_already_started": ("考试已于 {at} 开始，计时不会重置。", "The exam already started at {at}; the clock is not reset."),
    "err_window_not_open": ("考试尚未开放（{at} 开放）。", "The exam is not open yet (opens at {at})."),
    "err_window_closed": ("开考时段已结束（{at}）。", "The start window closed at {at}."),
    "err_deadline_passed": (
        "考试时间已于 {at} 结束，不再接受修改或提交。",
        "The exam ended at {at}; no further changes or submissions are accepted.",
    ),
    "err_too_large": (
        "提交内容共 {size}，超过上限 {limit}。请删除大文件后重试（最大的文件：{biggest}）。之前的提交不受影响。",
        "The submission is {size}, over the {limit} limit. Remove large files and try again (largest: {biggest}). Your earlier submission is kept.",
    ),
    "err_too_many_files": (
        "提交的文件超过 {limit} 个，请删除不需要的文件。",
        "More than {limit} files to submit; remove files you do not need.",
    ),
    "err_duration_short": (
        "正式考试时长不得少于 120 分钟（当前 {minutes} 分钟）。",
        "A certification exam lasts at least 120 minutes (got {minutes}).",
    ),
    "err_duration_invalid": ("考试时长必须为正数。", "The duration must be positive."),
    "err_window_invalid": ("开考时段结束时间必须晚于开始时间。", "The start window must close after it opens."),
    "err_unknown_exam": ("没有名为 {exam} 的考试。", "There is no exam named {exam}."),
    "err_sitting_exists": ("考场代码 {code} 已存在。", "A sitting with code {code} already exists."),
    "err_bad_code": (
        "考场代码只能包含字母、数字、- 和 _（1–40 个字符）：{code}",
        "A sitting code may hold letters, digits, - and _ (1–40 characters): {code}",
    ),
    "err_unknown_sitting": ("没有代码为 {code} 的考场。", "There is no sitting with code {code}."),
    "err_unknown_candidate": ("考场中没有考生 {candidate}。", "There is no candidate {candidate} in this sitting."),
    "err_roster": ("名单有误，未导入任何考生：", "The roster has errors; nobody was imported:"),
    "err_extra_invalid": ("加时必须是 1 到 600 之间的整数分钟。", "Extra time must be a whole number of minutes from 1 to 600."),
    "err_reason_required": ("请填写加时原因。", "Please give a reason for the extra time."),
    "err_insecure_exam": (
        "当前为不安全模式（未启用沙箱），不能进行正式考试。",
        "This hub runs without a sandbox; certification exams cannot be taken here.",
    ),
    "err_staff_no_lab": ("工作人员账号没有考试环境。", "Staff accounts have no exam environment."),
    "err_hub_unavailable": (
        "考试服务暂时无法连接 JupyterHub，请稍候重试；计时与已保存的作答不受影响。",
        "The exam service cannot reach JupyterHub right now; try again shortly. Your time and saved work are safe.",
    ),
    "err_already_closed": ("考生 {candidate} 已收卷，无法加时。", "Candidate {candidate} was already collected; no extra time can be added."),
    "login_locked": (
        "登录失败次数过多，请 {minutes} 分钟后再试或联系监考老师。",
        "Too many failed logins; try again in {minutes} minutes or ask your proctor.",
    ),
    "login_failed": ("考号（用户名）或密码错误。", "Wrong candidate ID (user name) or password."),
    "err_lab_failed": (
        "考试环境启动失败，请举手联系监考老师；计时与已保存的作答不受影响。（{detail}）",
        "Your exam environment failed to start; raise your hand for the proctor. Your time and saved work are safe. ({detail})",
    ),
    "err_bad_request": ("请求无效：{detail}", "Invalid request: {detail}"),
    "err_account_exists": ("账号 {username} 已存在。", "The account {username} already exists."),
    "err_bad_role": ("角色必须是 proctor、trainer 或 examiner。", "The role must be proctor, trainer or examiner."),
    "err_password_short": ("工作人员密码至少 10 个字符。", "Staff passwords need at least 10 characters."),
    "err_submit_failed": (
        "提交未完成：服务器出错。您的作答仍在工作区中，页面会自动重试；若一直失败，请举手联系监考老师。",
        "The submission did not go through: the server hit an error. Your work is still in your workspace "
        "and the page retries by itself; if it keeps failing, raise your hand for the proctor.",
    ),
    "err_internal": (
        "服务器出错（{status}），请稍后重试；计时与已保存的作答不受影响。",
        "The server hit an error ({status}); try again shortly. Your time and saved work are safe.",
    ),
    # Shown by the exam page while it retries a submission whose answer did not arrive.
    "submit_retrying": (
        "尚未收到提交确认（{reason}），正在第 {n} 次自动重试……请勿关闭页面，您的作答已保存。",
        "No confirmation yet ({reason}); retrying automatically (attempt {n})… Keep this page open; your work is saved.",
    ),
    "submit_gave_up": (
        "多次重试后仍未确认提交。您的作答仍在工作区中，到时会自动收卷。请举手联系监考老师。",
        "The submission could not be confirmed after several tries. Your work is still in your workspace and is "
        "collected at the deadline anyway. Please raise your hand for the proctor.",
    ),
    "request_retrying": (
        "尚未收到服务器确认（{reason}），正在第 {n} 次自动重试……",
        "No confirmation from the server yet ({reason}); retrying automatically (attempt {n})…",
    ),
    # Audit events as the proctor's desk names them.
    "event_start": ("开考", "started"),
    "event_submit": ("提交", "submitted"),
    "event_collect": ("到时收卷", "collected at the deadline"),
    "event_close": ("结束作答", "closed"),
    "event_extra_time": ("加时", "extra time"),
    "event_password_reset": ("重置密码", "password reset"),
    "event_roster_import": ("导入名单", "roster imported"),
    "event_sitting_create": ("创建考场", "sitting created"),
    "event_account_add": ("添加账号", "account added"),
    "event_panel_set": ("组建考评组", "panel set"),
    "event_score": ("人工评分", "manual score"),
    "event_adjudicate": ("裁定", "adjudicated"),
    "event_regrade": ("重新评分", "regraded"),
    "event_sign_off": ("签发成绩", "signed off"),
    "event_feedback_released": ("发布反馈", "feedback released"),
    "event_submit_recovered": ("崩溃后恢复：未完成的提交已移入 .orphans", "recovered after a crash: an unfinished submission moved to .orphans"),
    "event_submit_replayed": ("重试提交：返回原回执", "submit retried: original receipt returned"),
    "event_submit_failed": ("提交失败（服务器错误）", "submit failed (server error)"),
    "event_submit_refused": ("提交被拒绝", "submit refused"),
    "submit_replayed": ("（此前的提交已成功，这是同一张回执）", "(The earlier attempt had gone through: this is its receipt)"),
    "connection_lost": ("连接中断", "connection lost"),
}

# Roster problems (one line each), reported with their CSV line numbers.
MESSAGES.update(
    {
        "roster_empty": ("文件为空。", "The file is empty."),
        "roster_encoding": ("无法识别文件编码（请使用 UTF-8 或 GBK）。", "Unknown text encoding (use UTF-8 or GBK)."),
        "roster_header": (
            "第 1 行：表头须包含 candidate_id 和 name（可选 password），实际为：{got}",
            "line 1: the header must name candidate_id and name (password optional); got: {got}",
        ),
        "roster_columns": ("第 {line} 行：应有 {want} 列，实际 {got} 列。", "line {line}: expected {want} columns, got {got}."),
        "roster_bad_id": (
            "第 {line} 行：考号 {id!r} 无效（字母或数字开头，仅含字母、数字、.、_、-，最多 64 个字符）。",
            "line {line}: candidate ID {id!r} is invalid (start with a letter or digit; letters, digits, . _ - only; at most 64).",
        ),
        "roster_duplicate": ("第 {line} 行：考号 {id} 与第 {first} 行重复。", "line {line}: candidate ID {id} repeats line {first}."),
        "roster_staff": ("第 {line} 行：{id} 是工作人员账号。", "line {line}: {id} is a staff account."),
        "roster_busy": (
            "第 {line} 行：考生 {id} 已在进行中的考场 {sitting} 中。",
            "line {line}: candidate {id} is already on the roster of active sitting {sitting}.",
        ),
        "roster_in_sitting": ("第 {line} 行：考生 {id} 已在本考场名单中。", "line {line}: candidate {id} is already on this roster."),
        "roster_password": ("第 {line} 行：密码至少 6 个字符。", "line {line}: the password needs at least 6 characters."),
        "roster_too_many": ("名单超过 {limit} 人。", "The roster has more than {limit} candidates."),
        "roster_name_long": ("第 {line} 行：姓名过长。", "line {line}: the name is too long."),
        "roster_no_rows": ("名单中没有考生。", "The roster lists no candidate."),
    }
)


def t(key: str, lang: str, **params: object) -> str:
    zh, en = MESSAGES[key]
    text = zh if lang == "zh" else en
    return text.format(**params) if params else text


def both(key: str, **params: object) -> str:
    """Both languages on one line: for logs, the CLI and the hub's own pages."""
    return f"{t(key, 'zh', **params)} / {t(key, 'en', **params)}"


def pick_lang(cookie: str | None, accept_language: str | None) -> str:
    if cookie in LANGS:
        return cookie
    for part in (accept_language or "").split(","):
        tag = part.split(";")[0].strip().lower()
        if tag.startswith("zh"):
            return "zh"
        if tag.startswith("en"):
            return "en"
    return "zh"


class ExamError(Exception):
    """A refusal with a clear bilingual message; `status` is the HTTP status to answer with.

    `details` are further (key, params) lines, e.g. one per bad roster line.
    """

    def __init__(
        self,
        key: str,
        status: int = 400,
        details: list[tuple[str, dict]] | None = None,
        **params: object,
    ) -> None:
        self.key = key
        self.status = status
        self.params = params
        self.details = details or []
        super().__init__(self.message("zh") + "\n" + self.message("en"))

    def message(self, lang: str) -> str:
        lines = [t(self.key, lang, **self.params)]
        lines += [t(k, lang, **p) for k, p in self.details]
        return "\n".join(lines)

# Grading: the examiner panel and sign-off.
MESSAGES.update(
    {
        "err_panel_size": (
            "考评员至少 3 名且为奇数，并且每 10 名考生至少 1 名（本考场 {candidates} 名考生，至少需要 {needed} 名），当前 {got} 名。",
            "The panel needs at least 3 examiners, an odd number, and at least 1 per 10 candidates "
            "({candidates} candidates here: at least {needed}); got {got}.",
        ),
        "err_panel_not_examiner": ("{username} 不是考评员账号。", "{username} is not an examiner account."),
        "err_panel_chief": ("主考评员必须是考评组成员。", "The chief examiner must be on the panel."),
        "err_not_on_panel": ("你不在本考场的考评组中。", "You are not on this sitting's examiner panel."),
        "err_not_chief": ("只有主考评员可以裁定和签发成绩。", "Only the chief examiner adjudicates and signs off."),
        "err_not_manual_task": ("{task} 不是人工评分题。", "{task} is not a manually scored task."),
        "err_score_range": ("分数必须在 0 到 {points} 之间。", "The score must be between 0 and {points}."),
        "err_reason_for_change": ("修改已有分数时必须说明原因。", "Say why when you change a score already given."),
        "err_signed_off": ("成绩已签发，不能再修改。", "Results are signed off and can no longer change."),
        "err_no_adjudication_needed": ("该题评分差异未超过阈值，无需裁定。", "The scores of this task do not need adjudication."),
        "err_signoff_incomplete": ("尚不能签发：", "Not ready to sign off:"),
        "signoff_ungraded": ("{n} 名考生尚未完成自动评分", "{n} candidate(s) not autograded yet"),
        "signoff_failed": ("{n} 名考生的自动评分失败，需重新评分", "{n} candidate(s) whose autograding failed (regrade them)"),
        "signoff_unscored": ("还有 {n} 项人工评分未完成", "{n} manual score(s) still missing"),
        "signoff_adjudicate": ("{n} 项评分差异需要裁定", "{n} score spread(s) need adjudication"),
        "signoff_no_panel": ("尚未组建考评组", "No examiner panel has been set"),
        "signoff_open": ("{n} 名考生仍在作答或仍可开考", "{n} candidate(s) still working or still able to start"),
    }
)

# Results and reports.
MESSAGES.update(
    {
        "report_title": ("成绩报告", "Result report"),
        "result_pass": ("合格", "Pass"),
        "result_fail": ("不合格", "Fail"),
        "result_pending": ("待定", "Pending"),
        "pass_mark": ("满分 {most} 分，{mark} 分及以上为合格。", "Scored out of {most}; {mark} and over is a pass."),
        "signed_off_by": ("由 {who} 签发", "Signed off by {who}"),
        "by_area": ("各工作领域得分（表 4.2）", "Points per work area (table 4.2)"),
        "by_task": ("各题得分", "Points per task"),
        "by_skill": ("各技能要求得分", "Points per skill item"),
        "area": ("工作领域", "Work area"),
        "earned": ("得分", "Earned"),
        "possible": ("满分", "Possible"),
        "table_weight": ("表 4.2 权重", "Table 4.2 weight"),
        "task": ("题目", "Task"),
        "skill_item": ("技能要求", "Skill item"),
        "grading_kind": ("评分方式", "Grading"),
        "grading_auto": ("自动评分", "Autograded"),
        "grading_manual": ("人工评分", "Examiners"),
        "generated_at": ("生成于 {at}", "Generated {at}"),
    }
)

# Grading pages.
MESSAGES.update(
    {
        "err_not_signed_off": ("成绩签发后才能发布反馈。", "Feedback can be released only after sign-off."),
        "grading_title": ("评分", "Grading"),
        "grade_now": ("开始自动评分", "Run the autograder"),
        "grading_progress": ("自动评分：完成 {done}，运行中 {running}，排队 {queued}，失败 {failed}",
                             "Autograding: {done} done, {running} running, {queued} queued, {failed} failed"),
        "panel": ("考评组", "Examiner panel"),
        "panel_members": ("成员", "Members"),
        "chief": ("主考评员", "Chief examiner"),
        "set_panel": ("设置考评组", "Set the panel"),
        "panel_rule": ("至少 3 名、奇数、每 10 名考生至少 1 名：本考场 {candidates} 名考生，至少 {needed} 名。",
                       "At least 3, an odd number, at least 1 per 10 candidates: {candidates} candidates here, at least {needed}."),
        "threshold": ("裁定阈值（占该题分值的比例）", "Adjudication threshold (share of the task's points)"),
        "save": ("保存", "Save"),
        "sign_off": ("签发成绩", "Sign off the results"),
        "signed_off": ("成绩已由 {who} 于 {at} 签发。", "Results signed off by {who} at {at}."),
        "blockers": ("签发前还需：", "Before sign-off:"),
        "ready_to_sign": ("所有评分已完成，可以签发。", "All scoring is complete; the results can be signed off."),
        "review": ("评阅", "Review"),
        "my_score": ("我的评分", "My score"),
        "scored_by": ("已评 {n}/{m}", "scored {n}/{m}"),
        "comment": ("评语 / 修改原因", "Comment / reason for a change"),
        "rubric": ("评分标准", "Rubric"),
        "answer": ("考生作答", "Candidate's answer"),
        "checks": ("测试项", "Checks"),
        "check_name": ("测试", "Check"),
        "weight": ("权重", "Weight"),
        "passed": ("通过", "Passed"),
        "failed_check": ("未通过", "Failed"),
        "detail": ("说明", "Detail"),
        "waveform": ("下载波形（FST/VCD，可用 GTKWave 打开）", "Download the waveform (FST/VCD, opens in GTKWave)"),
        "output": ("程序输出", "Printed output"),
        "errors": ("错误", "Errors"),
        "not_graded_yet": ("尚未自动评分", "Not autograded yet"),
        "panel_scores": ("考评组评分", "Panel scores"),
        "median": ("中位数", "Median"),
        "spread": ("差异", "Spread"),
        "adjudicate": ("裁定", "Adjudicate"),
        "needs_adjudication": ("差异超过阈值，需主考评员裁定", "Spread above the threshold: the chief adjudicates"),
        "final_score": ("最终分数", "Final score"),
        "results": ("成绩", "Results"),
        "pass_rate": ("合格率", "Pass rate"),
        "mean": ("平均分", "Mean"),
        "histogram": ("分数分布", "Score distribution"),
        "difficulty": ("难度（平均得分率）", "Difficulty (mean share earned)"),
        "discrimination": ("区分度（与其余得分的相关）", "Discrimination (correlation with the rest)"),
        "export_csv": ("导出 CSV", "Export CSV"),
        "export_xlsx": ("导出 Excel", "Export Excel"),
        "report_html": ("报告", "Report"),
        "report_pdf": ("PDF 版", "PDF"),
        "release_feedback": ("向考生发布成绩与反馈", "Release results and feedback to candidates"),
        "feedback_released": ("已向考生发布反馈。", "Feedback has been released to candidates."),
        "feedback_download": ("下载评分反馈（笔记本）", "Download graded feedback (notebook)"),
        "my_report": ("我的成绩报告", "My result report"),
        "complete_n": ("完成 {n}/{m}", "complete {n}/{m}"),
        "flag": ("需复核", "Review"),
        "total": ("总分", "Total"),
        "result": ("结果", "Result"),
    }
)
