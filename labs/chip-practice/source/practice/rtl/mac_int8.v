// 练习 1 / Exercise 1 -- INT8 乘累加 / INT8 multiply-accumulate (see 01_mac_int8.ipynb)
// 每个使能的时钟上升沿：acc <= acc + a * b（有符号，32 位累加器，溢出回绕）；rst 同步清零。
// On each enabled rising edge: acc <= acc + a * b (signed, 32-bit accumulator that wraps); rst
// (synchronous, active high) clears it.
`default_nettype none
module mac_int8 (
    input  wire               clk,
    input  wire               rst,
    input  wire               en,
    input  wire signed [7:0]  a,
    input  wire signed [7:0]  b,
    output reg  signed [31:0] acc
);
    // TODO: 16 位有符号乘积，符号扩展到 32 位后累加；rst 优先于 en。
    // TODO: a 16-bit signed product, sign-extended to 32 bits, added on every enabled edge; rst wins over en.
    always @(posedge clk) begin
        acc <= 32'sd0;
    end
endmodule
`default_nettype wire
