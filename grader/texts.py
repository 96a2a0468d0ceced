"""Review and customer-service texts of the synthetic shop's customers (notebook 14).

One short text per customer with a purchase before the snapshot: a product review or a
customer-service chat, in Chinese or English, dated in the 180 days before the snapshot. The
texts are drawn from templates whose sentiment follows each customer's **latent satisfaction**,
which is built from the same latent quantities that drive future value in the behaviour model
(a low dropout probability and a high purchase rate make a satisfied customer) plus noise. So
the words carry real, but partial, signal about the ``high_value`` label, and no text looks at
the label window.

The generator draws from its own random stream (seeded by the shop's seed and a fixed tag), so
the shop's files are untouched; ``datasets/reviews.csv.gz`` ships the default variant and a
test proves :func:`generate_texts` reproduces it byte for byte. Names, phone numbers and e-mail
addresses in the chats are invented (fake PII for the redaction exercise).
"""

from __future__ import annotations

import pathlib

import numpy as np
import pandas as pd

from .shop import DEFAULT_DIRECTORY, DEFAULT_N_CUSTOMERS, DEFAULT_SEED, SNAPSHOT, TEXT_DTYPE, _simulate

__all__ = ["TEXTS_FILE", "generate_texts", "read_texts", "segment", "write_texts"]

TEXTS_FILE = "reviews.csv.gz"
#: the tag that separates this stream from the shop's (``SeedSequence([seed, TEXT_STREAM])``)
TEXT_STREAM = 14
#: share of texts written in Chinese
ZH_SHARE = 0.65
#: texts are dated in the this many days before the snapshot
TEXT_DAYS = 180

_DTYPES = {"customer_id": "int64", "date": "datetime64[ns]", "source": TEXT_DTYPE,
           "language": TEXT_DTYPE, "text": TEXT_DTYPE}

# aspect -> (positive phrases, negative phrases), per language
_ASPECTS = {
    "en": {
        "delivery": (["Delivery was fast.", "It arrived a day early.", "The parcel came quickly and well packed."],
                     ["Delivery took almost two weeks.", "The parcel arrived damaged.", "Shipping was slow again."]),
        "quality": (["The quality is excellent.", "Exactly as described, very good quality.",
                     "It feels solid and well made."],
                    ["The quality is poor.", "It broke after a week.", "Not as described, cheap material."]),
        "price": (["Great value for the price.", "Good discount, worth it."],
                  ["Too expensive for what it is.", "Overpriced compared with other shops."]),
        "service": (["Customer service was helpful.", "The support agent solved it in minutes."],
                    ["Customer service never replied.", "Support kept me waiting for days."]),
    },
    "zh": {
        "delivery": (["物流很快。", "提前一天就到了。", "包装很好，发货迅速。"],
                     ["快递等了快两个星期。", "包裹到的时候已经破了。", "物流又很慢。"]),
        "quality": (["质量很好。", "和描述一致，做工不错。", "用料扎实。"],
                    ["质量太差了。", "用了一周就坏了。", "和描述不符，材料很廉价。"]),
        "price": (["性价比很高。", "折扣力度大，值了。"],
                  ["价格太贵了。", "比别家贵不少。"]),
        "service": (["客服很耐心。", "客服几分钟就解决了问题。"],
                    ["客服一直不回复。", "客服让我等了好几天。"]),
    },
}
_LOYALTY = {
    "en": (["Will definitely buy again.", "This is my go-to shop now."],
           ["I will not order here again.", "Thinking about switching to another shop."]),
    "zh": (["下次还会回购。", "以后就在这家买了。"], ["不会再买了。", "打算换一家店了。"]),
}
_NEUTRAL = {"en": ["It is okay.", "Nothing special."], "zh": ["还行吧。", "一般般。"]}
_SURNAMES = {"en": ["Smith", "Chen", "Brown", "Wang", "Taylor", "Li"],
             "zh": ["王", "李", "张", "刘", "陈", "杨"]}
_GIVEN = {"en": ["Anna", "David", "Lucy", "Tom", "Grace", "Leo"],
          "zh": ["伟", "娜", "敏", "静", "磊", "洋"]}


def _satisfaction(latent: pd.DataFrame, rng: np.random.Generator) -> np.ndarray:
    """Latent satisfaction: loyal (low dropout) and frequent buyers are happier, plus noise."""
    p = latent["dropout_prob"].to_numpy()
    loyalty = -np.log(p / (1 - p))
    rate = np.log(latent["purchase_rate"].to_numpy())

    def z(x):
        return (x - x.mean()) / x.std()

    return 0.8 * z(loyalty) + 0.4 * z(rate) + rng.normal(0.0, 0.5, len(latent))


def _phone(rng) -> str:
    digits = "1" + str(rng.choice([3, 5, 8])) + "".join(str(d) for d in rng.integers(0, 10, 9))
    style = rng.integers(0, 3)
    if style == 0:
        return digits
    if style == 1:
        return f"{digits[:3]}-{digits[3:7]}-{digits[7:]}"
    return f"+86 {digits[:3]} {digits[3:7]} {digits[7:]}"


def _chat(lang: str, rng, body: str, order_id: int, amount: float) -> str:
    """A service chat: a greeting with an order number, the body, an amount and some fake PII."""
    surname, given = rng.choice(_SURNAMES[lang]), rng.choice(_GIVEN[lang])
    pii = rng.integers(0, 3)  # 0: phone, 1: e-mail, 2: name only
    if lang == "en":
        name = f"{given} {surname}"
        head = f"Hi, this is {name}, about order {order_id} (I paid ¥{amount:.2f})."
        tail = [f" Call me on {_phone(rng)}.",
                f" Email me at {given.lower()}.{surname.lower()}@example.com.", ""][pii]
    else:
        name = f"{surname}{given}"
        head = f"您好，我是{name}，订单 {order_id}，付了 {amount:.2f} 元。"
        phone = _phone(rng)
        mail = f"{_pinyin(given)}{int(rng.integers(10, 99))}@example.com"
        tail = [f"电话 {phone}。", f"邮箱 {mail}。", ""][pii]
    return head + " " + body + tail if lang == "en" else head + body + tail


def _pinyin(given: str) -> str:
    """The pinyin of one of the generator's given names (for the fake e-mail addresses)."""
    return {"伟": "wei", "娜": "na", "敏": "min", "静": "jing", "磊": "lei", "洋": "yang"}[given]


def generate_texts(seed: int = DEFAULT_SEED, n_customers: int = DEFAULT_N_CUSTOMERS) -> pd.DataFrame:
    """One review or service chat per customer with a purchase before the snapshot.

    Parameters
    ----------
    seed, n_customers : int
        The shop variant (as in :func:`grader.shop.generate_shop`).

    Returns
    -------
    DataFrame
        ``customer_id``, ``date`` (in the 180 days before the snapshot), ``source``
        (``"review"`` or ``"chat"``), ``language`` (``"zh"`` or ``"en"``) and ``text``,
        sorted by ``customer_id``.

    Examples
    --------
    >>> texts = generate_texts(seed=7, n_customers=300)
    >>> sorted(texts["language"].unique())
    ['en', 'zh']
    >>> bool((texts["date"] < SNAPSHOT).all())
    True
    """
    shop, latent = _simulate(seed, n_customers)
    lines = shop.order_lines
    before = lines[(lines["order_time"] < SNAPSHOT) & (lines["quantity"] > 0)]
    ids = np.sort(before["customer_id"].unique())
    last_order = before.groupby("customer_id")["order_id"].max().reindex(ids).to_numpy()
    latent = latent.set_index("customer_id").loc[ids]
    rng = np.random.default_rng(np.random.SeedSequence([int(seed), TEXT_STREAM]))
    happy = _satisfaction(latent, rng)
    n = len(ids)
    language = np.where(rng.random(n) < ZH_SHARE, "zh", "en")
    # unhappy customers write to customer service more often than they write reviews
    chat = rng.random(n) < 1 / (1 + np.exp(1.2 + 1.5 * happy))
    days = rng.integers(1, TEXT_DAYS + 1, n)
    texts = []
    for i in range(n):
        lang = language[i]
        p_good = 1 / (1 + np.exp(-1.6 * happy[i]))
        aspects = rng.choice(list(_ASPECTS[lang]), size=rng.integers(1, 3), replace=False)
        parts = []
        for aspect in aspects:
            good, bad = _ASPECTS[lang][aspect]
            neutral, u = rng.random() < 0.12, rng.random()
            pool = _NEUTRAL[lang] if neutral else (good if u < p_good else bad)
            parts.append(str(rng.choice(pool)))
        if rng.random() < 0.6:
            good, bad = _LOYALTY[lang]
            parts.append(str(rng.choice(good if rng.random() < p_good else bad)))
        body = (" " if lang == "en" else "").join(parts)
        if chat[i]:
            amount = float(np.round(rng.gamma(3.0, 60.0), 1))
            body = _chat(lang, rng, body, int(last_order[i]), amount)
        texts.append(body)
    frame = pd.DataFrame({
        "customer_id": ids.astype("int64"),
        "date": SNAPSHOT - pd.to_timedelta(days, unit="D"),
        "source": np.where(chat, "chat", "review"),
        "language": language,
        "text": texts,
    })
    return frame.astype(_DTYPES)


def write_texts(texts: pd.DataFrame, out_dir) -> pathlib.Path:
    """Write the texts as reproducible gzip CSV (ISO dates, no timestamp in the gzip header).

    Parameters
    ----------
    texts : DataFrame
        From :func:`generate_texts`.
    out_dir : path-like
        The folder; created if absent.

    Returns
    -------
    pathlib.Path
    """
    out = pathlib.Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    frame = texts.copy()
    frame["date"] = frame["date"].dt.strftime("%Y-%m-%d")
    path = out / TEXTS_FILE
    frame.to_csv(path, index=False, lineterminator="\n",
                 compression={"method": "gzip", "mtime": 0, "compresslevel": 9})
    return path


def read_texts(directory=None) -> pd.DataFrame:
    """Read the shipped texts (``datasets/reviews.csv.gz``) with the generator's dtypes.

    Parameters
    ----------
    directory : path-like, optional
        Default: the repository's ``datasets/`` folder.

    Returns
    -------
    DataFrame

    Raises
    ------
    FileNotFoundError
        When the file is absent, naming the code that regenerates it.
    """
    path = pathlib.Path(directory or DEFAULT_DIRECTORY) / TEXTS_FILE
    if not path.is_file():
        raise FileNotFoundError(f"No texts at {path}. Regenerate them with `python -c \"from grader.texts "
                                "import generate_texts, write_texts; write_texts(generate_texts(), 'datasets')\"`.")
    dtypes = {k: v for k, v in _DTYPES.items() if k != "date"}
    frame = pd.read_csv(path, dtype=dtypes, parse_dates=["date"], keep_default_na=False)
    return frame.astype(_DTYPES)[list(_DTYPES)]


def segment(text: str, language: str) -> str:
    """Words of a text separated by spaces: jieba for Chinese, lower-cased words for English.

    Parameters
    ----------
    text : str
    language : {"zh", "en"}

    Returns
    -------
    str
        Tokens joined by single spaces, punctuation dropped (ready for a ``TfidfVectorizer``
        that splits on white space).

    Examples
    --------
    >>> segment("Delivery was FAST.", "en")
    'delivery was fast'
    """
    import re

    if language == "zh":
        import jieba

        jieba.setLogLevel(60)  # no start-up chatter in the notebook
        words = jieba.lcut(text)
    else:
        words = re.findall(r"[a-z0-9']+", text.lower())
    return " ".join(w for w in words if re.search(r"\w", w))
