"""Templated smart-home and customer-service utterances in Chinese and English, with intents and
BIO slot tags ("commands_text").

    <split>/texts.jsonl   one JSON object per line, UTF-8:
                          {"text", "lang" ("zh" | "en"), "tokens"}; train and val also carry
                          "intent" (name) and "tags" (BIO tag names, one per token)
    <split>/intents.npy   int64 [N], index into meta["intents"]      (test: test_labels/intents.npy)
    <split>/tags.npy      int64 [N, T], index into meta["tags"], -1 = padding after the last token
                          (T = meta["max_tokens"] = 32)             (test: test_labels/tags.npy)
    <split>/meta.json     intents, slots, tags (O first, then B-x, I-x per slot), max_tokens,
                          tokenisation rule, languages, count, version

Tokens: Chinese per character (spaces dropped), English per whitespace-separated word, punctuation
left attached to its word ("on?"): `tokens == tokenize(text, lang)` for every line.

Splits: train 2000, val 400, test 600, about half of each Chinese. Ten intents (turn_on, turn_off,
set_temperature, query_weather, play_music, set_alarm, check_order, refund, change_address,
transfer_agent), eight slot types (device, room, value, time, city, song, order_id, item). Train and
val use the same templates and slot values; about half of the test utterances come from held-out
templates (paraphrases never seen in training) and about a fifth of the test slot values are held
out too. Noise in every split: fillers, typos (English letter swaps/drops, Chinese homophones),
casing, punctuation.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np

VERSION = 1
SEED = 20330
SIZES = {"train": 2000, "val": 400, "test": 600}
MAX_TOKENS = 32

INTENTS = ["turn_on", "turn_off", "set_temperature", "query_weather", "play_music", "set_alarm",
           "check_order", "refund", "change_address", "transfer_agent"]
SLOTS = ["device", "room", "value", "time", "city", "song", "order_id", "item"]
TAGS = ["O"] + [f"{p}-{s}" for s in SLOTS for p in ("B", "I")]

# Templates per intent and language; a leading "*" marks a held-out template (test split only).
# {name} is a slot value drawn from LEXICON[name]; its slot is SLOT_OF.get(name, name).
TEMPLATES = {
    "turn_on": {
        "en": ["turn on the {device}", "switch on the {device} in the {room}",
               "please turn the {room} {device} on", "can you power on the {device}",
               "{device} on", "i want the {room} {device} on", "turn the {device} on",
               "*activate the {device} in the {room}", "*fire up the {device}"],
        "zh": ["打开{device}", "把{room}的{device}打开", "开一下{room}{device}", "帮我开{device}",
               "{room}{device}开起来", "启动{device}", "把{device}打开",
               "*请开启{room}的{device}", "*{device}给我开开"],
    },
    "turn_off": {
        "en": ["turn off the {device}", "switch off the {room} {device}", "shut the {device} off",
               "please turn the {device} in the {room} off", "{device} off", "turn the {device} off",
               "kill the {room} {device}",
               "*power down the {device} in the {room}", "*i do not need the {device} anymore"],
        "zh": ["关闭{device}", "把{room}的{device}关掉", "关一下{device}", "帮我关{room}{device}",
               "{device}关了吧", "把{device}关上", "关掉{room}的{device}",
               "*请关上{room}的{device}", "*把{device}停掉"],
    },
    "set_temperature": {
        "en": ["set the temperature to {value} degrees", "set the {room} {device_t} to {value}",
               "make it {value} degrees in the {room}", "change the {device_t} to {value} degrees",
               "i want {value} degrees", "turn the {device_t} to {value} degrees",
               "*can the {room} be at {value} degrees", "*adjust the {device_t} temperature to {value}"],
        "zh": ["把温度调到{value}度", "{room}{device_t}调到{value}度", "温度设成{value}度",
               "把{room}的{device_t}设置为{value}度", "调到{value}度", "{device_t}开到{value}度",
               "*我想要{value}度", "*{device_t}温度改成{value}"],
    },
    "query_weather": {
        "en": ["what is the weather in {city} {time_day}", "will it rain in {city} {time_day}",
               "how hot is it in {city}", "weather forecast for {time_day}",
               "is it going to be sunny {time_day}", "what is the temperature in {city}",
               "*do i need an umbrella in {city} {time_day}", "*tell me the {city} forecast"],
        "zh": ["{city}{time_day}天气怎么样", "{time_day}会下雨吗", "查一下{city}的天气",
               "{city}现在多少度", "{time_day}{city}冷不冷", "{city}{time_day}的天气",
               "*{time_day}要带伞吗", "*{city}天气预报"],
    },
    "play_music": {
        "en": ["play {song}", "play some {song}", "put on {song} in the {room}",
               "i want to listen to {song}", "can you play {song} on the {device_m}",
               "play {song} in the {room}",
               "*queue up {song}", "*let us hear {song}"],
        "zh": ["播放{song}", "放一首{song}", "我想听{song}", "在{room}放{song}", "来点{song}",
               "用{device_m}放{song}",
               "*给我唱{song}", "*{song}走起"],
    },
    "set_alarm": {
        "en": ["set an alarm for {time_clock}", "wake me up at {time_clock}",
               "wake me up {time_day} at {time_clock}", "remind me {time_day} at {time_clock}",
               "alarm at {time_clock} please", "i need an alarm {time_day}",
               "*make sure i am up at {time_clock}", "*schedule a wake up call for {time_clock}"],
        "zh": ["定一个{time_clock}的闹钟", "{time_day}{time_clock}叫我起床", "设置闹钟{time_clock}",
               "{time_day}{time_clock}提醒我", "帮我定{time_day}的闹钟", "{time_clock}叫醒我",
               "*{time_clock}把我叫醒", "*闹钟设在{time_day}{time_clock}"],
    },
    "check_order": {
        "en": ["where is my order {order_id}", "check the status of order {order_id}",
               "has order {order_id} shipped", "track my package {order_id}",
               "when will my {item} arrive", "where is my {item}",
               "*any update on {order_id}", "*i am still waiting for my {item} order {order_id}"],
        "zh": ["查一下订单{order_id}", "我的{item}到哪了", "订单{order_id}发货了吗",
               "帮我查物流{order_id}", "{order_id}这个单什么时候到", "{item}什么时候发货",
               "*{item}怎么还没到", "*看看{order_id}的进度"],
    },
    "refund": {
        "en": ["i want a refund for order {order_id}", "return my {item}",
               "how do i get my money back for the {item}", "refund order {order_id}",
               "the {item} is broken i want to return it", "i want my money back",
               "*can i send back the {item}", "*cancel and refund {order_id}"],
        "zh": ["我要退款", "订单{order_id}申请退款", "{item}坏了我要退货", "怎么退{item}",
               "退货退款{order_id}", "{item}退款",
               "*{item}不想要了能退吗", "*把{order_id}的钱退给我"],
    },
    "change_address": {
        "en": ["change the delivery address for order {order_id}", "i moved please update my address",
               "send order {order_id} to my office instead", "can i change where the {item} is delivered",
               "update the address of {order_id}", "change my shipping address",
               "*ship it to a different address", "*wrong address on {order_id}"],
        "zh": ["修改订单{order_id}的收货地址", "地址填错了", "我要改地址", "{item}能改寄到公司吗",
               "订单{order_id}换个地址", "改一下收货地址",
               "*收货地址换一下", "*{order_id}送到别的地方"],
    },
    "transfer_agent": {
        "en": ["let me talk to a human", "connect me to customer service", "i need a real person",
               "transfer me to an agent", "can i speak to someone", "human agent please",
               "*get me a representative", "*is there a person i can chat with"],
        "zh": ["转人工", "我要人工客服", "找个真人", "帮我转接客服", "人工服务", "我要投诉找客服",
               "*能不能让客服跟我说", "*叫你们的工作人员来"],
    },
}

SLOT_OF = {"device_t": "device", "device_m": "device", "time_day": "time", "time_clock": "time"}

# Slot values per language; a leading "*" marks a held-out value (test split only).
LEXICON = {
    "device": {
        "en": ["light", "lights", "lamp", "air conditioner", "heater", "fan", "tv", "curtains",
               "speaker", "humidifier", "air purifier", "water heater", "*dehumidifier", "*ceiling fan"],
        "zh": ["灯", "台灯", "空调", "暖气", "风扇", "电视", "窗帘", "音箱", "加湿器", "空气净化器",
               "热水器", "*电热毯", "*吊扇"],
    },
    "device_t": {
        "en": ["air conditioner", "heater", "thermostat", "water heater", "*floor heating"],
        "zh": ["空调", "暖气", "热水器", "地暖", "*电暖器"],
    },
    "device_m": {
        "en": ["speaker", "tv", "kitchen speaker", "*soundbar"],
        "zh": ["音箱", "电视", "小音箱", "*回音壁"],
    },
    "room": {
        "en": ["living room", "bedroom", "kitchen", "study", "bathroom", "kids room", "dining room",
               "master bedroom", "*garage", "*balcony"],
        "zh": ["客厅", "卧室", "厨房", "书房", "卫生间", "儿童房", "餐厅", "主卧", "*阳台", "*次卧"],
    },
    "time_day": {
        "en": ["today", "tomorrow", "tonight", "this weekend", "tomorrow morning", "on monday",
               "on friday", "this afternoon", "*next week", "*on sunday evening"],
        "zh": ["今天", "明天", "今晚", "周末", "明天早上", "周一", "周五", "下午", "*下周", "*周日晚上"],
    },
    "time_clock": {
        "en": ["7 am", "6:30", "8 o'clock", "seven thirty", "noon", "9 pm", "half past six", "5:45 am",
               "*quarter to eight", "*10:15"],
        "zh": ["七点", "六点半", "早上八点", "7点", "中午十二点", "晚上九点", "六点三十", "5点45",
               "*八点一刻", "*十点十五"],
    },
    "city": {
        "en": ["beijing", "shanghai", "shenzhen", "hangzhou", "chengdu", "guangzhou", "london",
               "new york", "tokyo", "paris", "*berlin", "*wuhan"],
        "zh": ["北京", "上海", "深圳", "杭州", "成都", "广州", "武汉", "南京", "西安", "重庆",
               "*青岛", "*厦门"],
    },
    "song": {
        "en": ["jazz", "rock music", "classical music", "hotel california", "yesterday",
               "shape of you", "let it be", "piano music", "the beatles", "*bohemian rhapsody", "*lo-fi beats"],
        "zh": ["周杰伦的歌", "稻香", "青花瓷", "轻音乐", "摇滚", "古典音乐", "儿歌", "月亮代表我的心",
               "小幸运", "*晴天", "*钢琴曲"],
    },
    "item": {
        "en": ["phone case", "headphones", "rice cooker", "shoes", "laptop", "jacket", "coffee machine",
               "keyboard", "*blender", "*backpack"],
        "zh": ["手机壳", "耳机", "电饭煲", "鞋子", "笔记本电脑", "外套", "咖啡机", "键盘", "*榨汁机", "*背包"],
    },
}

FILLERS = {
    "en": {"pre": ["hey", "um", "please", "hi there", "ok so", "hello", "uh", "so"],
           "post": ["please", "thanks", "now", "right now", "for me", "thank you"]},
    "zh": {"pre": ["嗯", "那个", "请", "你好", "喂", "麻烦", "哎"],
           "post": ["吧", "谢谢", "呀", "好吗", "一下", "啊"]},
}
HOMOPHONES = {"调": "条", "开": "凯", "关": "观", "度": "渡", "天": "添", "气": "汽", "订": "定",
              "单": "担", "退": "推", "款": "宽", "灯": "登", "播": "拨", "放": "方", "闹": "脑",
              "钟": "中", "址": "只", "雨": "语", "温": "文", "客": "刻", "服": "福", "查": "茶"}
EN_NUMBERS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
              "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen",
              "eighteen", "nineteen"]
ZH_DIGITS = "零一二三四五六七八九"


def tokenize(text: str, lang: str) -> list[str]:
    """The tokenisation every line's "tokens" follows: Chinese per character, English per word."""
    if lang == "zh":
        return [c for c in text if not c.isspace()]
    return text.split()


def _en_number(n: int) -> str:
    if n < 20:
        return EN_NUMBERS[n]
    tens = ["", "", "twenty", "thirty"][n // 10]
    return tens if n % 10 == 0 else f"{tens} {EN_NUMBERS[n % 10]}"


def _zh_number(n: int) -> str:
    tens, ones = divmod(n, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else ZH_DIGITS[tens] + "十")
    return head + (ZH_DIGITS[ones] if ones else "") if n else "零"


def _pick(rng, items: list[str], held_out: bool) -> str:
    """A held-out item (marked '*') with probability 0.2 when allowed, else a seen one."""
    seen = [s for s in items if not s.startswith("*")]
    unseen = [s[1:] for s in items if s.startswith("*")]
    if held_out and unseen and rng.random() < 0.2:
        return unseen[rng.integers(len(unseen))]
    return seen[rng.integers(len(seen))]


def _value(rng, name: str, lang: str, held_out: bool) -> str:
    if name == "value":
        n = int(rng.integers(16, 31))
        if lang == "en":
            return str(n) if rng.random() < 0.7 else _en_number(n)
        return str(n) if rng.random() < 0.5 else _zh_number(n)
    if name == "order_id":
        digits = "".join(str(d) for d in rng.integers(0, 10, size=int(rng.integers(6, 9))))
        prefix = ["", "A", "SF", "JD"][int(rng.integers(4))]
        return prefix + digits
    return _pick(rng, LEXICON[name][lang], held_out)


def _split_tokens(piece: str, lang: str) -> list[str]:
    return [c for c in piece if not c.isspace()] if lang == "zh" else piece.split()


def _utterance(rng, intent: str, lang: str, held_out: bool) -> tuple[list[str], list[str]]:
    templates = TEMPLATES[intent][lang]
    unseen = [t[1:] for t in templates if t.startswith("*")]
    seen = [t for t in templates if not t.startswith("*")]
    pool = unseen if held_out and rng.random() < 0.5 else seen
    template = pool[rng.integers(len(pool))]
    tokens: list[str] = []
    tags: list[str] = []
    for piece in re.split(r"(\{[a-z_]+\})", template):
        if piece.startswith("{"):
            name = piece[1:-1]
            slot = SLOT_OF.get(name, name)
            words = _split_tokens(_value(rng, name, lang, held_out), lang)
            tokens += words
            tags += [f"B-{slot}"] + [f"I-{slot}"] * (len(words) - 1)
        else:
            words = _split_tokens(piece, lang)
            tokens += words
            tags += ["O"] * len(words)
    return _noise(rng, tokens, tags, lang)


def _typo(rng, word: str) -> str:
    if len(word) < 3 or not word.isalpha():
        return word
    i = int(rng.integers(len(word) - 1))
    kind = rng.integers(3)
    if kind == 0:
        return word[:i] + word[i + 1] + word[i] + word[i + 2:]
    if kind == 1:
        return word[:i] + word[i + 1:]
    return word[:i] + word[i] + word[i:]


def _noise(rng, tokens: list[str], tags: list[str], lang: str) -> tuple[list[str], list[str]]:
    fill = FILLERS[lang]
    if rng.random() < 0.3:
        pre = _split_tokens(fill["pre"][rng.integers(len(fill["pre"]))], lang)
        tokens, tags = pre + tokens, ["O"] * len(pre) + tags
        if lang == "zh" and rng.random() < 0.4:
            tokens.insert(len(pre), "，")
            tags.insert(len(pre), "O")
    if rng.random() < 0.25:
        post = _split_tokens(fill["post"][rng.integers(len(fill["post"]))], lang)
        tokens, tags = tokens + post, tags + ["O"] * len(post)
    if rng.random() < 0.2:
        i = int(rng.integers(len(tokens)))
        if lang == "en":
            tokens[i] = _typo(rng, tokens[i])
        else:
            candidates = [j for j, t in enumerate(tokens) if t in HOMOPHONES]
            if candidates:
                j = candidates[rng.integers(len(candidates))]
                tokens[j] = HOMOPHONES[tokens[j]]
    if lang == "en":
        r = rng.random()
        if r < 0.1:
            tokens = [t.upper() for t in tokens]
        elif r < 0.35:
            tokens[0] = tokens[0][:1].upper() + tokens[0][1:]
        elif r < 0.42:
            tokens = [t[:1].upper() + t[1:] for t in tokens]
    if rng.random() < 0.4:
        marks = ["?", "!", "."] if lang == "en" else ["？", "！", "。"]
        mark = marks[rng.integers(len(marks))]
        if lang == "en":
            tokens[-1] = tokens[-1] + mark
        else:
            tokens, tags = tokens + [mark], tags + ["O"]
    return tokens, tags


def _split(rng, n: int, held_out: bool) -> list[dict]:
    rows = []
    while len(rows) < n:
        intent = INTENTS[rng.integers(len(INTENTS))]
        lang = "zh" if rng.random() < 0.5 else "en"
        tokens, tags = _utterance(rng, intent, lang, held_out)
        if len(tokens) > MAX_TOKENS:
            continue
        text = "".join(tokens) if lang == "zh" else " ".join(tokens)
        assert tokenize(text, lang) == tokens, (text, tokens)
        rows.append({"text": text, "lang": lang, "tokens": tokens, "intent": intent, "tags": tags})
    return rows


def build(out: Path) -> None:
    tag_id = {t: i for i, t in enumerate(TAGS)}
    for k, split in enumerate(("train", "val", "test")):
        rng = np.random.default_rng([SEED, k])
        rows = _split(rng, SIZES[split], held_out=split == "test")
        intents = np.array([INTENTS.index(r["intent"]) for r in rows], dtype=np.int64)
        tags = np.full((len(rows), MAX_TOKENS), -1, dtype=np.int64)
        for i, r in enumerate(rows):
            tags[i, :len(r["tags"])] = [tag_id[t] for t in r["tags"]]
        (out / split).mkdir()
        labels = out / ("test_labels" if split == "test" else split)
        labels.mkdir(exist_ok=True)
        with open(out / split / "texts.jsonl", "w", encoding="utf-8") as f:
            for r in rows:
                if split == "test":
                    r = {"text": r["text"], "lang": r["lang"], "tokens": r["tokens"]}
                f.write(json.dumps(r, ensure_ascii=False) + "\n")
        np.save(labels / "intents.npy", intents)
        np.save(labels / "tags.npy", tags)
        meta = {
            "intents": INTENTS, "slots": SLOTS, "tags": TAGS, "max_tokens": MAX_TOKENS,
            "languages": ["zh", "en"], "count": len(rows), "version": VERSION,
            "tokenization": "zh: one token per non-space character; en: text.split() (punctuation "
                            "stays attached to its word)",
        }
        (out / split / "meta.json").write_text(json.dumps(meta, ensure_ascii=False, indent=1), encoding="utf-8")
