// 练习 2 / Exercise 2 -- int32 -> int8 重量化 / requantisation (see 02_requant_int8.ipynb)
// 组合逻辑 / combinational:
//   p = acc * mult                        有符号 32 位 x 无符号 16 位，精确 / signed 32 x unsigned 16, exact
//   r = (p + 2**(shift-1)) >>> shift      shift > 0：四舍五入，恰好一半时向 +inf / round half up (ties toward +inf)
//   r = p                                 shift == 0
//   q = clamp(r, -128, 127)               饱和 / saturate
`default_nettype none
module requant_int8 (
    input  wire signed [31:0] acc,
    input  wire        [15:0] mult,
    input  wire        [4:0]  shift,
    output wire signed [7:0]  q     // 可改为 output reg 并用 always @* / may become output reg with always @*
);
    // TODO: 乘积要足够宽（48 位以上），mult 是无符号数，右移必须是算术右移。
    // TODO: keep the product wide enough (48+ bits), treat mult as unsigned, shift arithmetically.
    assign q = 8'sd0;
endmodule
`default_nettype wire
