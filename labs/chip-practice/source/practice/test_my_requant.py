"""你的测试平台 / Your bench for requant_int8 (exercise 2, part B).

目标：找出 requant_int8 的常见错误。评分时，这个文件会先在正确的设计上运行（必须全部通过），
然后在 6 个植入了真实缺陷的设计上运行：每个让你的测试失败的设计都算“发现”。
Goal: find the usual mistakes in requant_int8. For grading, this file first runs on the correct
design (it must pass), then on 6 designs with planted, realistic bugs: each one that makes your
bench fail counts as caught.

提示 Hints: 舍入恰好一半时 (ties)、shift = 0、饱和边界 -128/127、mult >= 32768、负数右移。
Exact halves (ties), shift = 0, the saturation bounds -128/127, mult >= 32768, negative numbers.
"""

import cocotb
from cocotb.triggers import Timer


def model(acc, mult, shift):
    """TODO: 写出参考模型 / write the reference model (see the spec in 02_requant_int8.ipynb)."""
    return 0


@cocotb.test()
async def my_first_test(dut):
    """TODO: 施加激励并与模型比较 / apply cases and compare q with the model."""
    dut.acc.value, dut.mult.value, dut.shift.value = 0, 1, 0
    await Timer(1, unit="ns")
    # TODO: assert dut.q.value.to_signed() == model(0, 1, 0)
