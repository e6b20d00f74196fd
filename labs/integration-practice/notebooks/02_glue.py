# %% [markdown] nbgrader={"grade_id": "p2_intro", "grade": false, "solution": false, "locked": true}
# # 02 · 集成代码 / The glue
#
# 打开 `app/pipeline.py`（在左侧文件栏）。/ Open `app/pipeline.py` (in the file browser on the left).
#
# 在 `app/pipeline.py` 中完成集成代码（函数的约定见文件开头和模型卡）：
# Complete the glue in `app/pipeline.py` (contracts in the file's header and the model cards):
#
# 1. `tokenize(text, lang)`、`encode(text, lang, vocab, max_tokens=32)`：按 `components/intent.json` 的 `tokenize` 与 `encode` 规则把一句话变成 int64 词 id `[32]`；没有词时 `raise ValueError`。
#    Turn a sentence into int64 token ids `[32]` by the `tokenize` and `encode` rules of `components/intent.json`; `raise ValueError` when there are no tokens.
# 2. `features(wave, sample_rate)`：int16 `[8000]` 的 8 kHz 语音 → log-mel float32 `[40, 98]`（见 `components/kws.json`）；采样率不是 8000、类型或长度不对时 `raise ValueError`。
#    8 kHz int16 `[8000]` audio → log-mel float32 `[40, 98]` (see `components/kws.json`); `raise ValueError` when the rate is not 8000 or the type or length is wrong.
# 3. `Assistant.decide(table, label, confidence)`：置信度低于配置的 `threshold` → `fallback`；否则 `table[label]`，表中没有 → `fallback`。
#    Confidence below the configured `threshold` → `fallback`; otherwise `table[label]`, or `fallback` when the label is missing from the table.
# 4. `Assistant.handle(request)`：`{"text": ..., "lang": "zh"|"en"}` → 意图组件 intent component；`{"audio": base64 的 16 位小端 PCM / base64 of 16-bit little-endian PCM, "sample_rate": 8000}` → 命令词组件 keyword component（用 `decode_audio`）。
#    返回 returns `{"action": 动作 action, "source": "text"|"audio", "label": 组件给出的类别名 the component's class name, "confidence": 最大 softmax 概率 the largest softmax probability}`；动作按配置的 `intents` / `keywords` 表和 `decide` 得到 / the action by the configured `intents` / `keywords` table through `decide`。
#    任何不合规的请求都 `raise ValueError`（不是字典、缺字段、类型不对、空文本、`lang` 不是 zh/en、不是 base64、采样率或长度不对）。
#    Any malformed request raises `ValueError` (not a dict, missing or mistyped fields, empty text, `lang` not zh/en, not base64, wrong rate or length).

# %%
# %include ../cells/setup.py

# %%
# 边改边试 / Try as you go
p = reload_pipeline()
assistant = p.Assistant("config/assistant.yaml")
for r in VAL_TEXTS[:5]:
    print(r["text"], "->", assistant.handle({"text": r["text"], "lang": r["lang"]}))
for w, y in zip(VAL_WAVES[:5], VAL_LABELS[:5]):
    print(KWS_CARD["classes"][y], "->", assistant.handle(audio_request(w)))

# %% [markdown] nbgrader={"grade_id": "p2_data_text", "grade": false, "solution": false, "locked": true}
# ### B1 · 数据准备：词 id 与语音特征（6 分）/ B1 · Preparing the data: token ids and audio features (6 points)

# %% nbgrader={"grade_id": "test_p2_data", "grade": true, "solution": false, "locked": true}
# %include ../../_shared/integration/cells/test_data.py

# %% [markdown] nbgrader={"grade_id": "p2_handle_text", "grade": false, "solution": false, "locked": true}
# ### B2 · 从请求到动作（8 分）/ B2 · From a request to an action (8 points)

# %% nbgrader={"grade_id": "test_p2_handle", "grade": true, "solution": false, "locked": true}
# %include ../../_shared/integration/cells/test_handle.py

# %% [markdown] nbgrader={"grade_id": "p2_config_text", "grade": false, "solution": false, "locked": true}
# ### B3 · 配置驱动（6 分）/ B3 · Driven by the configuration (6 points)
#
# `Assistant(config_path)` 必须完全按配置文件工作：阈值、兜底动作和两张动作表都来自配置，代码里不能写死。隐藏测试会用别的配置文件检查。
# `Assistant(config_path)` must work entirely from its configuration file: the threshold, the fallback and both action tables come from it, nothing hard-coded. Hidden tests use other configuration files.

# %% nbgrader={"grade_id": "test_p2_config", "grade": true, "solution": false, "locked": true}
# %include ../../_shared/integration/cells/test_config.py
