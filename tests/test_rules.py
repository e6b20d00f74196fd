"""The exam rules over a real database: sittings, rosters, logins, the clock, extra time."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest

from practicum.core.exam_spec import ExamSpec, SpecError, list_exam_ids, load_exam
from practicum.core.i18n import MESSAGES, ExamError, pick_lang
from practicum.core.passwords import generate_slip_password, hash_password, verify_password
from practicum.core.roster import RosterRow, parse_roster
from practicum.core.settings import PROJECT_ROOT
from practicum.db import store
from practicum.db.models import Event, utcnow

LABS = PROJECT_ROOT / "labs"


@pytest.fixture(params=["sqlite", "postgresql"])
def db(request, tmp_path):
    """The same rules on both databases the exam service supports."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'exam.sqlite'}"
    else:
        url = request.getfixturevalue("postgres").create_database(f"rules_{uuid.uuid4().hex[:12]}")
    st = store.Store(url)
    st.migrate()
    with st.session() as session:
        yield session
    st.engine.dispose()


@pytest.fixture
def exam() -> ExamSpec:
    return load_exam(LABS, "demo-numpy")


def rows(*ids: str) -> list[RosterRow]:
    return [RosterRow(i + 2, cid, f"Name {cid}", None) for i, cid in enumerate(ids)]


# ---------------------------------------------------------------- exam specs


def test_every_lab_spec_loads():
    ids = list_exam_ids(LABS)
    assert "demo-numpy" in ids
    for exam_id in ids:
        spec = load_exam(LABS, exam_id)
        assert spec.id == exam_id and spec.minutes > 0


def test_spec_refuses_a_short_timed_exam(tmp_path):
    src = LABS / "demo-numpy"
    dst = tmp_path / "short"
    (dst / "source" / "demo").mkdir(parents=True)
    (dst / "source" / "demo" / "exam.ipynb").write_bytes((src / "source" / "demo" / "exam.ipynb").read_bytes())
    text = (src / "exam.yaml").read_text().replace("id: demo-numpy", "id: short").replace("minutes: 120", "minutes: 90")
    (dst / "exam.yaml").write_text(text)
    with pytest.raises(SpecError, match="at least 120 minutes"):
        load_exam(tmp_path, "short")


def test_unknown_exam_is_a_clear_error():
    with pytest.raises(ExamError) as err:
        load_exam(LABS, "no-such-exam")
    assert "no-such-exam" in err.value.message("en")


# ---------------------------------------------------------------- sittings


def test_certification_sitting_under_120_minutes_is_refused(db, exam):
    with pytest.raises(ExamError) as err:
        store.create_sitting(db, "S1", exam, mode="exam", duration_s=119 * 60)
    assert err.value.key == "err_duration_short"
    assert "120" in err.value.message("zh") and "120" in err.value.message("en")
    assert store.list_sittings(db) == []


def test_practice_sitting_may_be_short(db, exam):
    sitting = store.create_sitting(db, "P1", exam, mode="practice", duration_s=45)
    assert sitting.duration_s == 45 and sitting.title["en"] == exam.title.en


@pytest.mark.parametrize("code", ["", "has space", "x" * 41, "../etc"])
def test_bad_sitting_codes_are_refused(db, exam, code):
    with pytest.raises(ExamError) as err:
        store.create_sitting(db, code, exam)
    assert err.value.key == "err_bad_code"


def test_duplicate_sitting_and_bad_window(db, exam):
    store.create_sitting(db, "S1", exam)
    with pytest.raises(ExamError, match="S1"):
        store.create_sitting(db, "S1", exam)
    now = utcnow()
    with pytest.raises(ExamError) as err:
        store.create_sitting(db, "S2", exam, opens_at=now, closes_at=now - timedelta(minutes=1))
    assert err.value.key == "err_window_invalid"


# ---------------------------------------------------------------- rosters


def test_roster_csv_utf8_bom_and_gbk():
    text = "candidate_id,name,password\nA001,张三,secret1\na002,李四,\n"
    for data in (("\ufeff" + text).encode("utf-8"), text.encode("gbk")):
        parsed = parse_roster(data)
        assert [(r.candidate_id, r.name, r.password) for r in parsed] == [
            ("a001", "张三", "secret1"), ("a002", "李四", None)]


@pytest.mark.parametrize("csv_text, key, line", [
    ("", "roster_empty", None),
    ("id,fullname\nA1,x\n", "roster_header", None),
    ("candidate_id,name\nA1\n", "roster_columns", 2),
    ("candidate_id,name\n-bad,x\n", "roster_bad_id", 2),
    ("candidate_id,name\nA1,x\nB2,y\na1,z\n", "roster_duplicate", 4),
    ("candidate_id,name,password\nA1,x,123\n", "roster_password", 2),
    ("candidate_id,name\n", "roster_no_rows", None),
])
def test_malformed_rosters_name_each_problem(csv_text, key, line):
    with pytest.raises(ExamError) as err:
        parse_roster(csv_text.encode())
    assert err.value.key == "err_roster"
    assert err.value.details[0][0] == key
    if line is not None:
        assert err.value.details[0][1]["line"] == line
        assert f"line {line}" in err.value.message("en") and f"第 {line} 行" in err.value.message("zh")


def test_roster_binary_garbage_is_refused():
    with pytest.raises(ExamError) as err:
        parse_roster(bytes(range(256)) * 10)
    assert err.value.key == "err_roster"


def test_import_refuses_whole_roster_on_conflict(db, exam):
    store.add_account(db, "proctor1", "proctor", "a-long-password")
    s1 = store.create_sitting(db, "S1", exam)
    store.import_roster(db, s1, rows("c1", "c2"), "t")
    s2 = store.create_sitting(db, "S2", exam)
    with pytest.raises(ExamError) as err:
        store.import_roster(db, s2, rows("c3", "c1", "proctor1"), "t")
    keys = [k for k, _ in err.value.details]
    assert keys == ["roster_busy", "roster_staff"]
    assert [c.candidate_id for c in s2.candidates] == []
    with pytest.raises(ExamError) as err:
        store.import_roster(db, s1, rows("c2"), "t")
    assert err.value.details[0][0] == "roster_in_sitting"


def test_generated_passwords_log_in_ignoring_case_and_dashes(db, exam):
    sitting = store.create_sitting(db, "S1", exam)
    issued = store.import_roster(db, sitting, rows("c1"), "t")
    password = issued[0][2]
    assert len(password) == 9 and password[4] == "-"
    assert store.verify_login(db, "C1", password.lower().replace("-", " ")) == "candidate"
    assert store.verify_login(db, "c1", "WRONG-PASS") is None
    assert store.verify_login(db, "nobody", password) is None
    store.add_account(db, "exam1", "examiner", "another-long-pw")
    assert store.verify_login(db, "exam1", "another-long-pw") == "examiner"
    assert store.verify_login(db, "exam1", "ANOTHER-LONG-PW") is None  # staff passwords are exact


def test_password_hashing():
    h = hash_password("k7mp3xqa")
    assert h.startswith("scrypt$") and verify_password("k7mp3xqa", h)
    assert not verify_password("k7mp3xqb", h) and not verify_password("x", "garbage")
    assert len({generate_slip_password() for _ in range(50)}) == 50


# ---------------------------------------------------------------- the clock


def test_start_sets_the_deadline_once(db, exam):
    sitting = store.create_sitting(db, "S1", exam)
    store.import_roster(db, sitting, rows("c1"), "t")
    cand = sitting.candidates[0]
    now = utcnow()
    store.start_attempt(db, cand, lang="zh", sandboxed=True, now=now)
    assert cand.deadline == now + timedelta(minutes=120)
    with pytest.raises(ExamError) as err:
        store.start_attempt(db, cand, lang="zh", sandboxed=True, now=now + timedelta(minutes=5))
    assert err.value.key == "err_already_started" and err.value.status == 409
    assert cand.started_at == now  # starting twice never resets the clock


def test_start_window_and_sandbox_are_enforced(db, exam):
    now = utcnow()
    early = store.create_sitting(db, "early", exam, opens_at=now + timedelta(hours=1),
                                 closes_at=now + timedelta(hours=2))
    late = store.create_sitting(db, "late", exam, opens_at=now - timedelta(hours=2),
                                closes_at=now - timedelta(hours=1))
    store.import_roster(db, early, rows("e1"), "t")
    store.import_roster(db, late, rows("l1"), "t")
    for sitting, key in ((early, "err_window_not_open"), (late, "err_window_closed")):
        with pytest.raises(ExamError) as err:
            store.start_attempt(db, sitting.candidates[0], lang="en", sandboxed=True, now=now)
        assert err.value.key == key
    ok = store.create_sitting(db, "ok", exam)
    store.import_roster(db, ok, rows("o1"), "t")
    with pytest.raises(ExamError) as err:
        store.start_attempt(db, ok.candidates[0], lang="en", sandboxed=False, now=utcnow())
    assert err.value.key == "err_insecure_exam"


@pytest.mark.parametrize("minutes, reason, key", [
    (0, "power cut", "err_extra_invalid"), (601, "x", "err_extra_invalid"), ("ten", "x", "err_extra_invalid"),
    (10, "  ", "err_reason_required"),
])
def test_bad_extra_time_is_refused(db, exam, minutes, reason, key):
    sitting = store.create_sitting(db, "S1", exam)
    store.import_roster(db, sitting, rows("c1"), "t")
    cand = sitting.candidates[0]
    store.start_attempt(db, cand, lang="zh", sandboxed=True, now=utcnow())
    before = cand.deadline
    with pytest.raises(ExamError) as err:
        store.grant_extra_time(db, cand, minutes, reason, "proctor")
    assert err.value.key == key and cand.deadline == before


def test_extra_time_moves_the_deadline_and_is_logged(db, exam):
    sitting = store.create_sitting(db, "S1", exam)
    store.import_roster(db, sitting, rows("c1"), "t")
    cand = sitting.candidates[0]
    store.start_attempt(db, cand, lang="zh", sandboxed=True, now=utcnow())
    before = cand.deadline
    store.grant_extra_time(db, cand, "15", "computer froze", "proctor")
    assert cand.deadline - before == timedelta(minutes=15)
    db.flush()
    event = db.query(Event).filter_by(action="extra_time").one()
    assert event.actor == "proctor" and event.detail["minutes"] == 15 and event.detail["reason"] == "computer froze"
    cand.closed_at = utcnow()
    with pytest.raises(ExamError) as err:
        store.grant_extra_time(db, cand, 5, "late", "proctor")
    assert err.value.key == "err_already_closed"


# ---------------------------------------------------------------- languages


def test_every_message_has_both_languages():
    for key, (zh, en) in MESSAGES.items():
        assert zh.strip() and en.strip(), key
        assert any("\u4e00" <= ch <= "\u9fff" for ch in zh) or key == "lang_switch", key


def test_language_choice():
    assert pick_lang(None, "zh-CN,zh;q=0.9") == "zh"
    assert pick_lang(None, "en-US,en;q=0.9") == "en"
    assert pick_lang("en", "zh-CN") == "en"
    assert pick_lang("fr", None) == "zh"
