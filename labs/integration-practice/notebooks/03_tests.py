# %% [markdown] nbgrader={"grade_id": "p3_intro", "grade": false, "solution": false, "locked": true}
# # 03 · 集成测试 / Integration tests
#
# 集成测试检查的是组件之间的“接缝”：标签顺序、预处理、配置、错误处理。写 `tests/test_pipeline.py`（pytest 风格：`test_` 开头的函数，用 `assert`），**每个函数接收参数 `Assistant`**（被测的类），例如：
# Integration tests check the seams between components: label order, preprocessing, configuration, error handling. Write `tests/test_pipeline.py` (pytest style: functions named `test_...` using `assert`), **each taking the argument `Assistant`** (the class under test), e.g.:
#
# ```python
# def test_text_turn_on(Assistant):
#     assert Assistant("config/assistant.yaml").handle({"text": "turn on the light", "lang": "en"})["action"] == "device.on"
# ```
#
# 下面的单元格用 8 个植入了缺陷的实现运行你的测试，并列出每个缺陷是否被发现。评分用的就是这 8 个实现：测试在正确实现上必须全部通过（至少 5 个测试），发现的缺陷越多分越高。
# The cell below runs your tests against 8 implementations with planted bugs and lists whether each bug is caught. Grading uses these same 8: the tests must all pass on the correct implementation (at least 5 tests), and the more bugs they catch, the more points.

# %%
# %include ../cells/setup.py

# %%
# %include ../../_shared/integration/cells/planted_bugs.py


# %% [markdown] nbgrader={"grade_id": "p3_variants", "grade": false, "solution": false, "locked": true}
# 植入的缺陷 / The planted bugs：`kws_sorted` 命令词类别按字母排序 keyword classes sorted alphabetically；`intent_shifted` 意图类别错位一位 intent classes shifted by one；`no_scale` 音频没有除以 32768 audio not divided by 32768；`no_lower` 英文没有转小写 English not lower-cased；`pad_unk` 用 1 补齐 padded with 1；`threshold_ignored` 忽略阈值 threshold ignored；`config_ignored` 总是读取 config/assistant.yaml always reads config/assistant.yaml；`any_rate` 接受任何采样率 accepts any sample rate.

# %%
VARIANT_BUGS = ["kws_sorted", "intent_shifted", "no_scale", "no_lower", "pad_unk", "threshold_ignored", "config_ignored",
                "any_rate"]
if os.path.exists("tests/test_pipeline.py"):
    _names, _fails = run_tests("tests/test_pipeline.py", make_variant())
    print(f"{len(_names)} tests; on the correct implementation:", "all pass" if not _fails else _fails)
    for _bug in VARIANT_BUGS:
        _caught = run_tests("tests/test_pipeline.py", make_variant(**{_bug: True}))[1]
        print(f"  {_bug:18s} {'caught by ' + ', '.join(_caught) if _caught else '-- not caught'}")
else:
    print("create tests/test_pipeline.py")

# %% nbgrader={"grade_id": "test_p3_tests", "grade": true, "solution": false, "locked": true}
# %include ../../_shared/integration/cells/test_tests.py
