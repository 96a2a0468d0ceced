"""Reading the description of an unfitted estimator: the data design rules are predicates on.

An estimator question never judges the learner's live object. The harvest
(:func:`grader._harvest._wb_describe`, in the learner's kernel for ``workbook grade`` and in
``check`` alike) turns the unfitted answer into plain data: its class and base classes, its
prediction methods and ``get_params`` rendered as data, with every nested estimator (pipeline
steps, wrapped models, a search's estimator) a nested description, and for a search the size of
its space and its splits. A design rule of a question is a predicate ``rule(description, case)``
built from the helpers here.

Examples
--------
>>> from sklearn.dummy import DummyClassifier
>>> from sklearn.pipeline import make_pipeline
>>> from sklearn.preprocessing import StandardScaler
>>> from grader._harvest import _wb_describe
>>> d = _wb_describe(make_pipeline(StandardScaler(), DummyClassifier()))
>>> is_a(final_step(d), "sklearn.DummyClassifier")
True
>>> deep_params(d)["dummyclassifier__strategy"]
'prior'
"""

from __future__ import annotations

from ._harvest import _wb_find_search, _wb_search_fits

__all__ = ["class_name", "deep_params", "final_step", "is_a", "is_classifier", "is_regressor",
           "param", "parts", "scoring_metric", "search_fits", "search_of", "selection_metric", "value"]

#: scorer names that judge yes/no predictions at one threshold, not a ranking
THRESHOLD_METRICS = ("accuracy", "balanced_accuracy", "f1", "precision", "recall", "jaccard",
                     "top_k_accuracy", "matthews")


def _is_estimator(d) -> bool:
    return isinstance(d, dict) and d.get("t") == "estimator"


def value(data):
    """A described parameter value as Python: scalars and containers decoded, the rest as given.

    Estimators, scorers, splitters, distributions and callables stay descriptions (dicts).
    """
    if not isinstance(data, dict):
        return data
    tag = data.get("t")
    if tag == "none":
        return None
    if tag in ("bool", "int", "str"):
        return data["v"]
    if tag == "float":
        return float("nan") if data["v"] is None else data["v"]
    if tag in ("list", "tuple"):
        return [value(v) for v in data["items"]]
    if tag == "dict":
        return {_key(value(k)): value(v) for k, v in data["items"]}
    return data


def _key(k):
    return k if isinstance(k, (str, int, float, bool, type(None))) else repr(k)


def class_name(d) -> str:
    """The short class name of a description (``"Pipeline"``)."""
    return str(d.get("class", "")).rsplit(".", 1)[-1] if isinstance(d, dict) else ""


def is_a(d, *names: str) -> bool:
    """Whether a described object is an instance of one of ``names``.

    A name is ``"package.ClassName"`` (e.g. ``"sklearn.DummyClassifier"``, ``"imblearn.SamplerMixin"``):
    it matches the class or a base class of that name defined anywhere in that package, so
    private module paths do not matter.
    """
    if not isinstance(d, dict):
        return False
    mine = [d.get("class", "")] + list(d.get("bases", []))
    for name in names:
        package, _, cls = name.partition(".")
        for q in mine:
            if q.split(".", 1)[0] == package and q.rsplit(".", 1)[-1] == cls:
                return True
    return False


def param(d, name: str):
    """One parameter of a described estimator, decoded by :func:`value` (``None`` if absent)."""
    if not _is_estimator(d):
        return None
    return value(d.get("params", {}).get(name, {"t": "none"}))


def _nested(data):
    """Every estimator description inside a parameter value, outermost first."""
    if _is_estimator(data):
        yield data
        for v in data.get("params", {}).values():
            yield from _nested(v)
    elif isinstance(data, dict) and data.get("t") in ("list", "tuple"):
        for v in data["items"]:
            yield from _nested(v)
    elif isinstance(data, dict) and data.get("t") == "dict":
        for _key_data, v in data["items"]:
            yield from _nested(v)


def parts(d) -> list[dict]:
    """The described estimator and every estimator nested in it (steps, wrapped models), outermost first."""
    return list(_nested(d))


def final_step(d):
    """The last step of a (nested) pipeline; the estimator itself otherwise."""
    steps = param(d, "steps")
    while isinstance(steps, list) and steps and isinstance(steps[-1], list) and len(steps[-1]) == 2:
        d = steps[-1][1]
        steps = param(d, "steps")
    return d


#: parameters holding named sub-estimators, which ``get_params(deep=True)`` lists by name
_NAMED_LISTS = ("steps", "transformers", "transformer_list", "estimators")


def deep_params(d, prefix: str = "") -> dict:
    """The description flattened like ``get_params(deep=True)``: ``{"step__param": value}``.

    Nested estimators, and the named members of pipelines, column transformers, unions and
    ensembles, appear under their names, their own parameters under ``name__param``.
    """
    out = {}
    params = d.get("params", {}) if _is_estimator(d) else {}
    for name, data in params.items():
        out[prefix + name] = value(data)
        if _is_estimator(data):
            out.update(deep_params(data, f"{prefix}{name}__"))
    for name in _NAMED_LISTS:
        entries = params.get(name, {})
        for entry in entries.get("items", []) if isinstance(entries, dict) else []:
            items = entry.get("items", []) if isinstance(entry, dict) else []
            if len(items) >= 2 and items[0].get("t") == "str":
                member = items[1]
                out[prefix + items[0]["v"]] = value(member)
                if _is_estimator(member):
                    out.update(deep_params(member, f"{prefix}{items[0]['v']}__"))
    return out


def is_regressor(d) -> bool:
    """Whether the final step of a described model is a regressor."""
    return isinstance(final_step(d), dict) and final_step(d).get("estimator_type") == "regressor"


def is_classifier(d) -> bool:
    """Whether a described estimator is a classifier (its scikit-learn estimator type)."""
    return isinstance(d, dict) and d.get("estimator_type") == "classifier"


def search_of(d):
    """The described search in an answer (a search, or a pipeline ending in one), else ``None``."""
    last = final_step(d)
    for candidate in (d, last):
        if isinstance(candidate, dict) and "search" in candidate:
            return candidate
    return None


def search_fits(d, case) -> int | None:
    """The fits a described answer's search makes on a case's training rows (refit included).

    ``None`` when the answer holds no search or its space cannot be sized.
    """
    import numpy as np

    block = _wb_find_search(d)
    if block is None:
        return None
    X_train, y_train = case.args[0], case.args[1]
    return _wb_search_fits(block, len(X_train), len(np.unique(np.asarray(y_train))))


def _scorer_metric(data):
    """The scorer name a described ``scoring`` entry stands for ("other": an unknown callable)."""
    if isinstance(data, str) or data is None:
        return data
    if isinstance(data, dict) and data.get("t") == "scorer":
        name = str(data.get("score_func", "")).rsplit(".", 1)[-1]
        name = name[: -len("_score")] if name.endswith("_score") else name
        if name == "log_loss":
            return "neg_log_loss"
        method = value(data.get("response_method"))
        if method == "predict" and name not in THRESHOLD_METRICS:
            return f"{name}_on_predictions"
        return name
    return "other"


def scoring_metric(d) -> str | None:
    """The metric named by a described estimator's ``scoring`` parameter (see :func:`selection_metric`)."""
    return _scorer_metric(value(d.get("params", {}).get("scoring", {"t": "none"})))


def selection_metric(search) -> str | None:
    """The metric a described search selects its best candidate on.

    ``None`` is the estimator's own ``score`` (accuracy for a classifier); a scorer made with
    ``make_scorer`` counts as the metric of its function (``average_precision_score`` →
    ``"average_precision"``), and as ``"<name>_on_predictions"`` when it scores hard predictions;
    ``"other"`` is a callable the grader cannot name.
    """
    scoring, refit = search["params"].get("scoring", {"t": "none"}), param(search, "refit")
    tag = scoring.get("t") if isinstance(scoring, dict) else None
    if tag == "dict":
        entries = {value(k): v for k, v in scoring["items"]}
        return _scorer_metric(value(entries[refit])) if isinstance(refit, str) and refit in entries else "other"
    if tag in ("list", "tuple"):
        names = value(scoring)
        return refit if isinstance(refit, str) and refit in names else "other"
    return _scorer_metric(value(scoring))
