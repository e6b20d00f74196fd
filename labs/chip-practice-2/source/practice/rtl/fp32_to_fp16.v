// 练习 3 / Exercise 3 -- FP32 -> FP16 (IEEE binary16, see 03_fp32_to_fp16.ipynb)
// 组合逻辑，就近舍入、恰好一半时取偶；支持非规格化数，溢出为无穷大，NaN 变成同符号的静默 NaN。
// Combinational, round to nearest, ties to even; half subnormals, overflow to infinity, a NaN
// becomes a quiet NaN of the same sign. This file must also pass `verilator --lint-only -Wall`.
`default_nettype none
module fp32_to_fp16 (
    input  wire [31:0] f,
    output wire [15:0] h
);
    // TODO: 按指数 e = f[30:23] 分成五种情况（见笔记本中的表）：NaN/无穷大、溢出、规格化数、
    //       非规格化数、零。每种情况算出低 15 位，再拼上符号位 f[31]。
    // TODO: split on the exponent e = f[30:23] into the five cases of the notebook's table (NaN and
    //       infinity, overflow, normal, subnormal, zero), compute the low 15 bits for each, and put
    //       the sign f[31] on top.
    assign h = 16'h0000;
endmodule
`default_nettype wire
