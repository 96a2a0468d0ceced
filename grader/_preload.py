"""What every grading kernel imports before its notebook's first cell, forked or cold: one judge.

A batch's kernels are forks of a process that imported these once (:mod:`grader.grading.forkserver`);
a kernel started cold imports them while it starts (``IPKernelApp.exec_lines``, before the grader
connects, so outside every cell's time limit). Either way a notebook meets the same modules already
loaded, the same address space used, the same import-time settings and the same time left in its
cells. Into ``sys.modules`` only: no name is bound in the notebook's namespace. Never a module whose
import changes behaviour (such as scikit-learn's ``experimental`` enablers).
"""

#: what the notebooks import, in an order that loads each shared library once
MODULES = ("numpy", "pandas", "scipy.stats", "scipy.special", "scipy.optimize", "matplotlib.pyplot",
           "matplotlib.dates", "matplotlib.ticker", "seaborn", "sklearn.base", "sklearn.calibration",
           "sklearn.cluster", "sklearn.compose", "sklearn.decomposition", "sklearn.dummy", "sklearn.ensemble",
           "sklearn.feature_extraction.text", "sklearn.feature_selection", "sklearn.impute", "sklearn.inspection",
           "sklearn.linear_model", "sklearn.manifold", "sklearn.metrics", "sklearn.model_selection",
           "sklearn.neighbors", "sklearn.pipeline", "sklearn.preprocessing", "sklearn.tree",
           "imblearn.over_sampling", "imblearn.under_sampling", "imblearn.pipeline", "threadpoolctl",
           "grader.shop", "grader.tables", "grader.claims")


def run() -> None:
    """Import :data:`MODULES` (one that fails to import is left to the notebook to meet)."""
    import importlib

    for name in MODULES:
        try:
            importlib.import_module(name)
        except Exception:  # noqa: S112 - the notebook meets the same error when it imports it
            continue
