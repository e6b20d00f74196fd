# ---
# jupyter:
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown] nbgrader={"grade_id": "intro", "grade": false, "solution": false, "locked": true}
# # 演示考试：NumPy 基础 / Demo exam: NumPy basics
#
# 本考试共 4 题：3 道编程题（自动评分，部分测试对考生隐藏）和 1 道简答题（由考评员人工评分）。
# 在标有 `# YOUR CODE HERE` 的位置作答，删除 `raise NotImplementedError()`。运行每道题下方的测试单元格检查你的答案；通过可见测试不代表通过全部隐藏测试。
#
# This exam has 4 tasks: 3 programming tasks (autograded; some tests are hidden from you) and 1 short answer (scored by the examiners).
# Answer where it says `# YOUR CODE HERE` and remove `raise NotImplementedError()`. Run the test cell under each task to check your answer; passing the visible tests does not mean passing the hidden ones.
#
# 工作会每 10 秒自动保存。完成后点击页面顶部的 **提交 / Submit**。 Your work is saved every 10 seconds. When done, press **提交 / Submit** at the top of the page.

# %% [markdown] nbgrader={"grade_id": "task1_text", "grade": false, "solution": false, "locked": true}
# ## 第 1 题 标准化 / Task 1: standardise (3 分 / points)
#
# 实现 `normalize(x)`：返回一维数组 `x` 的 z 分数 `(x - mean) / std`（总体标准差）。若标准差为 0，返回全零数组。
#
# Implement `normalize(x)`: return the z-scores `(x - mean) / std` of the 1-D array `x` (population standard deviation). If the standard deviation is 0, return an array of zeros.

# %% nbgrader={"grade_id": "normalize", "grade": false, "solution": true, "locked": false}
import numpy as np


def normalize(x):
    """z-scores of a 1-D array; all zeros when the array is constant."""
    ### BEGIN SOLUTION
    x = np.asarray(x, dtype=float)
    std = x.std()
    if std == 0:
        return np.zeros_like(x)
    return (x - x.mean()) / std
    ### END SOLUTION


# %% nbgrader={"grade_id": "test_normalize", "grade": true, "solution": false, "locked": true}
assert np.allclose(normalize([1.0, 2.0, 3.0]), [-1.22474487, 0.0, 1.22474487])
### BEGIN HIDDEN TESTS
if "check" not in globals():  # plain nbgrader: the asserts decide; Practicum: the checks do
    def check(*args, **kwargs):
        pass

    def raises(*args, **kwargs):
        pass
_v = np.random.default_rng(7).normal(3.0, 2.0, 1000)
assert np.allclose(normalize([5, 5, 5]), [0, 0, 0])
assert abs(normalize(_v).mean()) < 1e-9 and abs(normalize(_v).std() - 1.0) < 1e-9
check("example", normalize([1.0, 2.0, 3.0]))
check("constant", normalize([5, 5, 5]))
check("random", normalize(np.random.default_rng(7).normal(3.0, 2.0, 1000)), weight=2)
### END HIDDEN TESTS

# %% [markdown] nbgrader={"grade_id": "task2_text", "grade": false, "solution": false, "locked": true}
# ## 第 2 题 滑动平均 / Task 2: moving average (3 分 / points)
#
# 实现 `moving_average(x, k)`：返回长度为 `len(x) - k + 1` 的数组，第 `i` 个元素是 `x[i:i+k]` 的平均值。`k` 不在 1 到 `len(x)` 之间时抛出 `ValueError`。
#
# Implement `moving_average(x, k)`: return an array of length `len(x) - k + 1` whose element `i` is the mean of `x[i:i+k]`. Raise `ValueError` when `k` is not between 1 and `len(x)`.

# %% nbgrader={"grade_id": "moving_average", "grade": false, "solution": true, "locked": false}
def moving_average(x, k):
    """Means of every window of k consecutive values."""
    ### BEGIN SOLUTION
    x = np.asarray(x, dtype=float)
    if not 1 <= k <= len(x):
        raise ValueError("k must be between 1 and len(x)")
    c = np.cumsum(np.insert(x, 0, 0.0))
    return (c[k:] - c[:-k]) / k
    ### END SOLUTION


# %% nbgrader={"grade_id": "test_moving_average", "grade": true, "solution": false, "locked": true}
assert np.allclose(moving_average([1, 2, 3, 4], 2), [1.5, 2.5, 3.5])
### BEGIN HIDDEN TESTS
if "check" not in globals():  # plain nbgrader: the asserts decide; Practicum: the checks do
    def check(*args, **kwargs):
        pass

    def raises(*args, **kwargs):
        pass
assert np.allclose(moving_average([4.0], 1), [4.0])
assert np.allclose(moving_average(np.arange(10), 10), [4.5])
for _bad in (0, 5):
    try:
        moving_average([1, 2, 3, 4], _bad)
    except ValueError:
        pass
    else:
        raise AssertionError("k=%d must raise ValueError" % _bad)
check("example", moving_average([1, 2, 3, 4], 2))
check("single", moving_average([4.0], 1))
check("whole", moving_average(np.arange(10), 10))
check("random", moving_average(np.random.default_rng(11).integers(0, 100, 50), 7))
check("k_zero", raises(ValueError, moving_average, [1, 2, 3, 4], 0))
check("k_too_big", raises(ValueError, moving_average, [1, 2, 3, 4], 5))
### END HIDDEN TESTS

# %% [markdown] nbgrader={"grade_id": "task3_text", "grade": false, "solution": false, "locked": true}
# ## 第 3 题 混淆矩阵 / Task 3: confusion matrix (4 分 / points)
#
# `data/predictions.csv` 含某分类器在 3 个类别上的预测（列：`y_true,y_pred`）。实现 `confusion_matrix(y_true, y_pred, n_classes)`：返回 `n_classes × n_classes` 的整数矩阵，`m[i, j]` 是真实类别为 `i`、预测为 `j` 的样本数。然后用它计算该文件上的准确率 `accuracy`。
#
# `data/predictions.csv` holds a classifier's predictions over 3 classes (columns `y_true,y_pred`). Implement `confusion_matrix(y_true, y_pred, n_classes)`: return the `n_classes × n_classes` integer matrix whose `m[i, j]` counts samples of true class `i` predicted as `j`. Then use it to compute `accuracy` on that file.

# %% nbgrader={"grade_id": "confusion_matrix", "grade": false, "solution": true, "locked": false}
def confusion_matrix(y_true, y_pred, n_classes):
    """Counts of (true class, predicted class) pairs."""
    ### BEGIN SOLUTION
    m = np.zeros((n_classes, n_classes), dtype=int)
    np.add.at(m, (np.asarray(y_true, dtype=int), np.asarray(y_pred, dtype=int)), 1)
    return m
    ### END SOLUTION


data = np.loadtxt("data/predictions.csv", delimiter=",", skiprows=1, dtype=int)
### BEGIN SOLUTION
_m = confusion_matrix(data[:, 0], data[:, 1], 3)
accuracy = np.trace(_m) / _m.sum()
### END SOLUTION
print("accuracy =", accuracy)

# %% nbgrader={"grade_id": "test_confusion_matrix", "grade": true, "solution": false, "locked": true}
assert confusion_matrix([0, 1, 1], [0, 1, 0], 2).tolist() == [[1, 0], [1, 1]]
### BEGIN HIDDEN TESTS
if "check" not in globals():  # plain nbgrader: the asserts decide; Practicum: the checks do
    def check(*args, **kwargs):
        pass

    def raises(*args, **kwargs):
        pass
assert confusion_matrix([2, 2, 0], [2, 0, 0], 3).tolist() == [[1, 0, 0], [0, 0, 0], [1, 0, 1]]
assert confusion_matrix([], [], 2).tolist() == [[0, 0], [0, 0]]
assert abs(accuracy - 0.8) < 1e-9
check("example", confusion_matrix([0, 1, 1], [0, 1, 0], 2))
check("three_classes", confusion_matrix([2, 2, 0], [2, 0, 0], 3))
check("empty", confusion_matrix([], [], 2))
check("random", confusion_matrix(np.random.default_rng(5).integers(0, 4, 200),
                                 np.random.default_rng(6).integers(0, 4, 200), 4), weight=2)
check("accuracy", float(accuracy), weight=2)
### END HIDDEN TESTS

# %% [markdown] nbgrader={"grade_id": "task4_text", "grade": false, "solution": false, "locked": true}
# ## 第 4 题 简答 / Task 4: short answer (2 分 / points，人工评分 / scored by examiners)
#
# 用两三句话说明：数据中有异常值时，为什么中位数通常比均值更能代表“典型值”？
#
# In two or three sentences: when data contains outliers, why does the median usually describe a "typical" value better than the mean?

# %% [markdown] nbgrader={"grade_id": "short_answer", "grade": true, "solution": true, "locked": false}
# 中位数只取决于排序后处于中间的值，少数极端值无论多大都不会改变它；均值把每个值都加进来，一个异常值就能把它拉离大多数数据。 The median depends only on the middle of the sorted values, so a few extreme values cannot move it, while the mean adds every value in and a single outlier can drag it away from most of the data.
