// 练习 1 / Exercise 1 -- 激活单元 / activation unit (see 01_act_unit.ipynb)
// 组合逻辑，有符号 INT8 输入（Q4.4），mode 选择激活函数：
// Combinational, signed INT8 input (Q4.4), mode selects the activation:
//   0: y = x     1: ReLU     2: ReLU6 = min(max(x, 0), 96)     3: leaky ReLU, x >>> 3 for x < 0
`default_nettype none
module act_unit (
    input  wire signed [7:0] x,
    input  wire        [1:0] mode,
    output wire signed [7:0] y
);
    // TODO: 按 mode 计算 y。可以把 y 改成 `output reg`，在 always @* 里用 case 语句赋值（每个分支都要赋值）。
    // TODO: compute y from mode. You may declare y as `output reg` and set it in an always @* case
    //       statement (assign it in every branch).
    assign y = 8'sd0;
endmodule
`default_nettype wire
