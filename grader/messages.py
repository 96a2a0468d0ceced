"""The engine's message catalogue, in English and 简体中文.

One place for every sentence the engine writes, so both languages stay in step
(a test checks that each entry has both and the same placeholders).
"""

from __future__ import annotations

from .i18n import T

# --- outcome headings -------------------------------------------------------------------
STATUS = {
    "correct": T("Correct", "正确"),
    "incorrect": T("Incorrect", "不正确"),
    "not_attempted": T("Not attempted yet", "尚未作答"),
    "raised": T("Your code raised an error", "你的代码抛出了异常"),
    "timed_out": T("Time limit exceeded", "超出时间限制"),
    "uncheckable": T("Not checked automatically", "无法自动判分"),
}
LABELS = {
    "expected": T("Expected", "期望"),
    "received": T("Received", "实际得到"),
    "case": T("Input", "输入"),
    "cause": T("Likely cause", "可能的原因"),
    "details": T("Details", "详情"),
    "notes": T("Note", "提示"),
    "points": T("Points", "得分"),
}

# --- summaries ----------------------------------------------------------------------
CORRECT_ALL = T("Matches the reference on every case ({n}).", "在全部用例（{n} 个）上与参考答案一致。")
CORRECT_VALUE = T("Your answer matches the reference.", "你的答案与参考答案一致。")
NOT_ATTEMPTED_FUNCTION = T(
    "`{name}` still has the empty stub body. Write your code in the function, run the cell, "
    "then check again.",
    "`{name}` 仍是空的函数桩。请在函数中编写代码、运行该单元格，然后再检查。",
)
NOT_ATTEMPTED_VALUE = T(
    "`{name}` is still `None`. Assign your answer to `{name}` and run the cell again.",
    "`{name}` 仍为 `None`。请把你的答案赋给 `{name}` 后重新运行单元格。",
)
INCORRECT_ON_CASE = T(
    "Your result differs from the reference: {passed} of {cases} passed.",
    "你的结果与参考答案不一致（{cases}中通过 {passed} 个）。",
)
HIDDEN_CASE = T("a hidden case", "一个隐藏用例")
CASE_INPUT = T(" (this input as data: `{call}`)", "（以数据形式取得这个输入：`{call}`）")
RAISED = T("`{name}` raised {exc} on this input.", "`{name}` 在该输入上抛出了 {exc}。")
TIMED_OUT = T(
    "`{name}` did not finish within {seconds:g} s on this input.",
    "`{name}` 在该输入上未能在 {seconds:g} 秒内完成。",
)
TIMED_OUT_CAUSE = T(
    "An endless loop (a `while` whose condition never changes) or a loop over rows that a "
    "vectorised pandas operation would do at once.",
    "可能是死循环（`while` 的条件从不改变），或者在逐行循环，而向量化的 pandas 操作可以一次完成。",
)
EXCEPTION_IN = T("{exc}: {msg} (line {line}: `{code}`)", "{exc}：{msg}（第 {line} 行：`{code}`）")
EXCEPTION_AT_LINE = T("{exc}: {msg} (line {line})", "{exc}：{msg}（第 {line} 行）")
EXCEPTION_NO_LINE = T("{exc}: {msg}", "{exc}：{msg}")

# --- wrong kinds of answer -------------------------------------------------------------
WANT_FUNCTION = T(
    "`check` expects the function `{name}` itself, but received {got}.",
    "`check` 需要传入函数 `{name}` 本身，但收到的是 {got}。",
)
WANT_FUNCTION_NONE_CAUSE = T(
    "Did you run the cell that defines `{name}`, and pass the function rather than a call?",
    "你是否运行了定义 `{name}` 的单元格？应传入函数本身，而不是调用结果。",
)
WANT_FUNCTION_RESULT_CAUSE = T(
    "Pass the function, not its result: `check({name})`, not `check({name}(...))`.",
    "请传入函数而不是它的返回值：写 `check({name})`，而不是 `check({name}(...))`。",
)
RETURNED_NONE_CAUSE = T(
    "Your function returned `None`. Did you forget a `return` statement?",
    "你的函数返回了 `None`。是不是忘了写 `return`？",
)
WRONG_SIGNATURE = T(
    "`{name}` cannot be called as `{name}{signature}`: {error}.",
    "无法以 `{name}{signature}` 的方式调用 `{name}`：{error}。",
)
MUTATED_INPUT = T(
    "Your function changed its input argument `{arg}` in place. The check passed you a copy, "
    "but in a pipeline this side effect corrupts data other steps rely on.",
    "你的函数就地修改了输入参数 `{arg}`。检查时传入的是副本，但在真实流水线中，"
    "这种副作用会破坏其他步骤依赖的数据。",
)
COMPARE_FAILED = T(
    "The result could not be compared with the reference: {error}.",
    "无法将结果与参考答案比较：{error}。",
)
WANT_ESTIMATOR = T(
    "`check` expects an unfitted scikit-learn estimator or pipeline (with `fit` and "
    "`get_params`), but received {got}.",
    "`check` 需要一个未拟合的 scikit-learn 估计器或流水线（具有 `fit` 与 `get_params`），"
    "但收到的是 {got}。",
)
ESTIMATOR_CLONE_FAILED = T(
    "Your estimator could not be cloned with `sklearn.base.clone`: {error}.",
    "无法用 `sklearn.base.clone` 复制你的估计器：{error}。",
)
ESTIMATOR_SCORE_LOW = T(
    "On {case} your model scored {metric} = {got:.3f}; the reference scores {want:.3f} and a "
    "passing model needs at least {need:.3f}.",
    "在 {case} 上你的模型 {metric} = {got:.3f}；参考模型为 {want:.3f}，通过至少需要 {need:.3f}。",
)
ESTIMATOR_SCORE_LOW_HIDDEN = T(
    "On a hidden case your model scored {metric} = {got:.3f}, below the passing level.",
    "在一个隐藏用例上你的模型 {metric} = {got:.3f}，低于及格线。",
)
ESTIMATOR_OK = T(
    "Your model reaches the reference's {metric} on every case ({n}).",
    "你的模型在全部用例（{n} 个）上达到了参考模型的 {metric} 水平。",
)
ESTIMATOR_DESIGN = T(
    "Your model fits and scores, but its design has a known problem.",
    "你的模型可以拟合和打分，但其设计存在一个已知问题。",
)
ESTIMATOR_DESIGN_RULE = T(
    "Your model breaks a design rule of the task (read from its parameters, before any fit).",
    "你的模型违反了题目的一条设计要求（在拟合之前从它的参数中读出）。",
)
ESTIMATOR_OVER_BUDGET = T(
    "Your search would make {fits} fits, more than the budget of {budget}: it was not fitted.",
    "你的搜索将进行 {fits} 次拟合，超过了 {budget} 次的预算：因此没有拟合它。",
)
MODEL_SCORE = T("{metric} ≥ {need:.3f}", "{metric} ≥ {need:.3f}")

# --- choice and open questions ---------------------------------------------------------
CHOICE_UNKNOWN = T(
    "{got!s} is not one of the options {options}.",
    "{got!s} 不是可选项之一：{options}。",
)
CHOICE_UNKNOWN_CAUSE = T("Did you mean {suggestion}?", "你是想选 {suggestion} 吗？")
CHOICE_WANT_ONE = T(
    "This question has exactly one right option; give it as a string such as \"a\".",
    "本题只有一个正确选项，请以字符串形式作答，例如 \"a\"。",
)
CHOICE_WANT_SET = T(
    "Choose every option that applies, as a set or list of letters such as {{\"a\", \"c\"}}.",
    "请选出所有正确选项，以集合或列表形式作答，例如 {{\"a\", \"c\"}}。",
)
CHOICE_WRONG = T("That is not the right choice.", "这个选项不正确。")
CHOICE_FOUND = T(
    "Your answer has {found} of the {total} options that apply; each right one earns its share of the "
    "points and each wrong one takes a share away.",
    "你的答案包含了 {total} 个正确选项中的 {found} 个；每选对一个得相应的一份分数，每选错一个扣掉一份。",
)
CHOICE_MISSING = T(
    "Your options are right so far, but at least one more option applies.",
    "你选的选项都对，但还有至少一个正确选项没有选。",
)
CHOICE_RIGHT = T("Right.", "正确。")
OPEN_EMPTY = T(
    "`{name}` is empty. Write your answer as text in the string.",
    "`{name}` 为空。请在字符串中写下你的回答。",
)
OPEN_WANT_TEXT = T("`{name}` should be a string of text, got {got}.", "`{name}` 应为文本字符串，但得到 {got}。")
OPEN_TOO_SHORT = T(
    "Your answer has {n_words}; an answer that a reviewer can score needs at least {min}.",
    "你的回答只有 {n_words}；要让评审能打分，至少需要 {min} 个。",
)
POINTS_BY_A_PERSON = T("up to {max} points, scored by a person", "满分 {max} 分，人工评分")
OPEN_RECORDED = T(
    "Answer recorded ({n_words}). A person scores open questions with the rubric; compare "
    "yours with the model answer via `.solution()` when you are done.",
    "已记录回答（{n_words}）。开放题由人工按评分标准打分；完成后可通过 `.solution()` 对照参考答案。",
)

# --- hints and solutions ---------------------------------------------------------------
HINT_HEADING = T("Hint {i} of {n}", "提示 {i} / {n}")
NO_HINTS = T("This question has no hints.", "本题没有提示。")
HINT_NEXT = T("Stuck? The next hint: `{call}`.", "还没思路？下一条提示：`{call}`。")
HINT_OUT_OF_RANGE = T(
    "This question has {hints}; ask for one between 1 and {n}.",
    "本题共有 {hints}，请输入 1 到 {n} 之间的编号。",
)
SOLUTION_HEADING = T("Solution", "参考答案")
MODEL_ANSWER = T("Model answer", "参考答案")
RUBRIC = T("Rubric", "评分标准")

# --- comparison diagnostics ------------------------------------------------------------
D_TYPE = T("a {want}", "一个 {want}")
D_WRONG_TYPE = T("expected {want}, got {got}", "期望 {want}，实际为 {got}")
D_MISSING_COLUMNS = T("missing column(s): {cols}", "缺少列：{cols}")
D_EXTRA_COLUMNS = T("unexpected extra column(s): {cols}", "多出的列：{cols}")
D_COLUMN_ORDER = T("columns in a different order: expected {want}, got {got}",
                   "列的顺序不同：期望 {want}，实际为 {got}")
D_ROWS = T("{want} expected, got {got}", "期望 {want}，实际为 {got}")
D_ROWS_HIDDEN = T("a different number of rows ({got}) than expected", "行数（{got}）与期望不符")
D_NAMED = T("a Series named {name}", "名为 {name} 的 Series")
D_LEN = T("length {n}", "长度 {n}")
D_KIND_OF = T("column {col!s}: {kind} values", "列 {col!s}：{kind}取值")
D_LENGTH = T("length {want} expected, got {got}", "期望长度 {want}，实际为 {got}")
D_SHAPE = T("shape {want} expected, got {got}", "期望形状 {want}，实际为 {got}")
D_INDEX_NAME = T("the index is named {got}; expected {want}", "索引名称为 {got}，期望为 {want}")
D_INDEX = T(
    "the index labels differ (first at position {pos}: expected {want}, got {got})",
    "索引标签不同（首个差异在第 {pos} 个位置：期望 {want}，实际为 {got}）",
)
D_INDEX_HIDDEN = T("the index labels differ from the expected ones", "索引标签与期望不符")
D_DTYPE = T("column {col!s} holds {got} values; expected {want}",
            "列 {col!s} 的取值类型为 {got}，期望为 {want}")
D_VALUES = T(
    "{what}: differences in {k} of {values}; the first:\n{rows}",
    "{what}：{values}中有 {k} 个不同；最先出现的差异：\n{rows}",
)
D_VALUES_HIDDEN = T("{what}: differences in {k} of {values}", "{what}：{values}中有 {k} 个不同")
D_VALUE_ROW = T("  at {where}: expected {want}, got {got}", "  位置 {where}：期望 {want}，实际为 {got}")
D_COLUMN = T("column {col!s}", "列 {col!s}")
D_SERIES = T("the values", "取值")
D_SCALAR = T("expected {want}, got {got}", "期望 {want}，实际为 {got}")
D_SCALAR_HIDDEN = T("got {got}, which is not the expected value", "得到 {got}，与期望值不符")
D_NAME = T("the Series is named {got}; expected {want}", "Series 的名称为 {got}，期望为 {want}")
D_KEYS = T("keys differ: missing {missing}, unexpected {extra}", "键不同：缺少 {missing}，多出 {extra}")
VALUE_WRONG = T("`{name}` is not right: {what}.", "`{name}` 不正确：{what}。")
VALUE_OFF = T(" Yours is {direction}.", "你的结果{direction}。")
D_AT = T("{what} at {where}: ", "{what}（{where}）：")
D_TOO_HIGH = T("{size} too high", "偏高{size}")
D_TOO_LOW = T("{size} too low", "偏低{size}")
D_SIZE_SLIGHT = T("slightly (less than 1%)", "一点点（不到 1%）")
D_SIZE_PCT = T("about {pct}%", "约 {pct}%")
D_SIZE_FAR = T("far (more than 100%)", "很多（超过 100%）")
D_ITEM = T("item {key!s}: {inner}", "元素 {key!s}：{inner}")

# --- grading (workbook grade) ---------------------------------------------------------------
G_NOT_DEFINED = T(
    "`{name}` is not defined in the notebook: was its exercise cell deleted or renamed, or did "
    "the cell fail before defining it?",
    "笔记本中没有定义 `{name}`：是否删除或重命名了它的练习单元格，或者该单元格在定义它之前就出错了？",
)
G_HARVEST_MISSING = T(
    "The answer could not be collected from the notebook's kernel ({reason}).",
    "无法从笔记本的内核中收集答案（{reason}）。",
)
G_SOLUTIONS_IMPORTED = T(
    "The notebook imported the reference solutions ({modules}), which is not allowed while grading.",
    "笔记本导入了参考答案（{modules}），评分时不允许这样做。",
)
G_UNREADABLE = T("The notebook could not be read: {error}.", "无法读取该笔记本：{error}。")
G_WRONG_TOPIC = T(
    "This notebook is for {got}, but {want} was expected.",
    "该笔记本属于 {got}，但期望的是 {want}。",
)
G_UNKNOWN_TOPIC = T(
    "Cannot tell which questions this notebook answers (topic {topic!r}).",
    "无法判断该笔记本回答的是哪些题目（主题 {topic!r}）。",
)
G_BAD_ASSIGNMENT = T("The assignment metadata is not intact: {reason}.", "作业元数据不完整或被改动：{reason}。")
G_CELL_ERROR = T("cell {cell} raised {exc}", "第 {cell} 个单元格抛出 {exc}")
G_CELL_TIMEOUT = T("cell {cell} ran past the {seconds:g} s limit and was interrupted",
                   "第 {cell} 个单元格超过 {seconds:g} 秒的限制，已被中断")
G_KERNEL_DIED = T(
    "the kernel died in cell {cell} ({why}); the notebook was rerun without that cell",
    "内核在第 {cell} 个单元格中终止（{why}）；已跳过该单元格重新运行笔记本",
)
G_KERNEL_GAVE_UP = T("the kernel died too often; the answers could not be collected",
                     "内核多次终止；无法收集答案")
G_SUBMISSION_TIMEOUT = T(
    "the whole notebook ran past the {seconds:g} s limit; the remaining cells were skipped",
    "整个笔记本超过 {seconds:g} 秒的限制；其余单元格被跳过",
)
G_POINTS_AUTO = T("{total:g} / {max:g} auto-graded ({percent:.0f}%)",
                  "自动评分 {total:g} / {max:g}（{percent:.0f}%）")
G_POINTS_MANUAL = T(", {manual:g} to score by hand", "，另有 {manual:g} 分待人工评分")
G_TO_SCORE_BY_HAND = T("To score by hand with the rubric ({points:g} points).",
                       "待人工按评分标准打分（{points:g} 分）。")
G_NOT_GRADED = T("not graded", "未评分")
G_NOT_GRADED_HEADING = T("Not graded", "未评分")
G_WHILE_RUNNING = T("While running your notebook", "运行你的笔记本时")
G_WANT_FUNCTION = T("`{name}` should be a function, but the notebook defines it as {got}.",
                    "`{name}` 应为函数，但笔记本中把它定义为 {got}。")
G_NOT_ATTEMPTED_FUNCTION = T("`{name}` still has the empty stub body: no answer was given.",
                             "`{name}` 仍是空的函数桩：没有作答。")
G_NOT_ANSWERED = T("`{name}` was left without an answer.", "`{name}` 没有作答。")
G_OPEN_RECORDED = T("Answer recorded; a person scores it with the rubric.", "已记录回答，将由人工按评分标准打分。")
G_NOT_ASSIGNED = T("This assignment was not given to whoever handed it in: {reason}.",
                   "该作业并非分配给交回它的人：{reason}。")
G_UNVERIFIABLE = T(
    "This assignment is not signed and was graded without {env} or a roster (--roster), so nothing shows "
    "that its questions and seed are the ones assigned.",
    "该作业没有签名，且评分时既未设置 {env} 也未提供名册（--roster），无法证明其题目与种子就是所分配的。",
)
