// 练习 3 / Exercise 3 -- FP32 -> BF16 (see 03_fp32_to_bf16.ipynb)
// 组合逻辑，就近舍入、恰好一半时取偶；NaN 变成同符号的静默 NaN。
// Combinational, round to nearest, ties to even; a NaN becomes a quiet NaN of the same sign.
`default_nettype none
module fp32_to_bf16 (
    input  wire [31:0] f,
    output wire [15:0] h
);
    // TODO: 保留 f[31:16]，根据被丢弃的 f[15:0] 决定是否加一；单独处理 NaN。
    // TODO: keep f[31:16] and decide from the dropped f[15:0] whether to add one; handle NaN apart.
    assign h = 16'h0000;
endmodule
`default_nettype wire
