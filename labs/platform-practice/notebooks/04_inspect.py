# %% [markdown] nbgrader={"grade_id": "p4_intro", "grade": false, "solution": false, "locked": true}
# # 练习 04 · 验证与巡检 / Exercise 04 · Verify and inspect
#
# 1. 线上线下一致性报告 / an online/offline consistency report（`data/verify/`）。
# 2. 对运行中的现场巡检 / inspecting a running site（`site/`：一个正常运行的 digits-service 现场 / a healthy site of the digits-service）。

# %%
# %include ../cells/setup.py

# %% [markdown] nbgrader={"grade_id": "p4_verify_text", "grade": false, "solution": false, "locked": true}
# ## 4.1 验证报告 / Verification report
#
# `data/verify/` 中是同一批 300 个请求的：`offline_logits.npy`（离线模型 float32 [N, 10]）、`online_labels.npy`（线上服务的答案 int [N]）、`y.npy`（标签）。
# 实现 `verify_report(y, offline_logits, online_labels)`，返回字典：
# `offline_accuracy`、`online_accuracy`（float）、`agreement`（线上与离线 argmax 一致的比例，float）、`disagree_ids`（不一致的下标，升序 int 列表）、
# `per_class_recall`（离线模型每类召回率，长度 10 的 float 列表；某类没有样本时为 0.0）、`confusion`（离线模型混淆矩阵，10×10 int 列表，行为真实类别）。
#
# `data/verify/` holds, for the same 300 requests: `offline_logits.npy` (the offline model, float32 [N, 10]), `online_labels.npy` (the online service's answers, int [N]) and `y.npy` (labels).
# Implement `verify_report(y, offline_logits, online_labels)` returning a dict: `offline_accuracy`, `online_accuracy` (floats), `agreement` (the share where online equals the offline argmax, float),
# `disagree_ids` (the indices where they differ, ascending list of ints), `per_class_recall` (the offline model's recall per class, a list of 10 floats; 0.0 for a class without samples)
# and `confusion` (the offline model's confusion matrix, 10×10 list of ints, rows = true class).

# %% nbgrader={"grade_id": "p4_verify", "grade": false, "solution": true, "locked": false}
# %include ../../_shared/platform/cells/verify.py

# %% nbgrader={"grade_id": "test_p4_verify", "grade": true, "solution": false, "locked": true}
# %include ../../_shared/platform/cells/test_verify.py

# %% [markdown] nbgrader={"grade_id": "p4_inspect_text", "grade": false, "solution": false, "locked": true}
# ## 4.2 巡检 / Inspection
#
# 实现 `inspect_site(url, folder)`，对一个 **正在运行** 的现场做巡检，返回字典：
# - `health`：`GET {url}/health` 的 HTTP 状态码（int，无应答为 None，超时 2 秒）；`version_live`：`GET {url}/version` 返回的 `version`（无应答为 None）；
# - `version_config`：`config.json` 的 `active_version`；`released`：该版本是否在 `manifest.json` 的 `released` 中（bool）；
# - `checksum_mismatches`：`manifest.json` 中所有已发布版本的文件里，sha256 不一致或文件缺失的相对路径（升序列表）；
# - `smoke_ok`：用 `manifest.json` 的 `smoke_test.pixels` 调用 `POST {url}/predict`，返回的 `label` 是否等于 `smoke_test.expected`（bool，无应答为 False）；
# - `p95_ms`：`logs/service.log` 中 `status == "ok"` 的请求 `latency_ms` 的 95 百分位数（`np.percentile` 默认方法，保留 2 位小数）；
# - `error_rate`：`status == "error"` 的请求数 / 请求记录数（有 `status` 字段的 JSON 对象行，保留 4 位小数）；`bad_lines`：非空但不是请求记录的行数（截断的 JSON、报错信息）。
#
# Implement `inspect_site(url, folder)`, an inspection of a **running** site returning a dict:
# - `health`: the HTTP status of `GET {url}/health` (int; None without an answer, 2 s timeout); `version_live`: the `version` of `GET {url}/version` (None without an answer);
# - `version_config`: `active_version` in `config.json`; `released`: whether it is a version under `released` in `manifest.json` (bool);
# - `checksum_mismatches`: the relative paths, among the files of every released version in `manifest.json`, whose sha256 differs or that are missing (ascending list);
# - `smoke_ok`: `POST {url}/predict` with `smoke_test.pixels` from `manifest.json` answers a `label` equal to `smoke_test.expected` (bool; False without an answer);
# - `p95_ms`: the 95th percentile (`np.percentile`'s default) of `latency_ms` over the requests with `status == "ok"` in `logs/service.log`, rounded to 2 decimals;
# - `error_rate`: requests with `status == "error"` / request records (JSON object lines with a `status` field), rounded to 4 decimals; `bad_lines`: the non-empty lines that are not request records (cut-short JSON, error messages).
#
# 评分时，评分程序在隔离环境里启动另一个现场的服务，再调用你的函数 / in grading, another site's service is started in the sandbox and your function is called on it.

# %%
import urllib.request
import urllib.error


# %include ../../_shared/platform/cells/service_helpers.py


# %% nbgrader={"grade_id": "p4_inspect", "grade": false, "solution": true, "locked": false}
# %include ../../_shared/platform/cells/inspect_site.py


# %%
# 启动练习用的现场 / start the practice site
site_proc = start_service("site/start.sh", PORT)
print(inspect_site(f"http://127.0.0.1:{PORT}", "site"))
stop_service(site_proc)

# %% nbgrader={"grade_id": "test_p4_inspect", "grade": true, "solution": false, "locked": true}
if "check" not in globals():  # plain nbgrader or the candidate's kernel: the asserts decide
    def check(*args, **kwargs):
        pass

    def raises(*args, **kwargs):
        pass

_r = inspect_site("http://127.0.0.1:9", "site")
assert _r["health"] is None and _r["smoke_ok"] is False and _r["version_config"] == "v1"
assert 0 < _r["error_rate"] < 0.1
### BEGIN HIDDEN TESTS
_hidden_site = "/run/practicum/hidden/site_b"  # the other site the grader inspects
# %include ../../_shared/platform/cells/test_inspect_site_hidden.py
### END HIDDEN TESTS

# %% [markdown] nbgrader={"grade_id": "p4_more", "grade": false, "solution": false, "locked": true}
# ## 想一想 / Think about it
# - 巡检发现 `checksum_mismatches` 不为空时，应该先做什么？谁来确认？/ What do you do first when `checksum_mismatches` is not empty? Who confirms?
# - 哪些检查可以自动化并定时运行，哪些需要人工抽检？/ Which checks can run automatically on a schedule, which need human spot checks?
