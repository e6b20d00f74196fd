// 练习 5 / Exercise 5 -- 脉动阵列处理单元（输出驻留）/ systolic array processing element
// (output stationary, see 05_systolic_pe.ipynb)
`default_nettype none
module systolic_pe (
    input  wire               clk,
    input  wire               rst,
    input  wire               clear,
    input  wire               valid_in,
    input  wire signed [7:0]  a_in,
    input  wire signed [7:0]  b_in,
    output reg  signed [7:0]  a_out,
    output reg  signed [7:0]  b_out,
    output reg                valid_out,
    output reg  signed [31:0] acc
);
    // TODO: 每个时钟把 a_in、b_in、valid_in 打一拍传给 a_out、b_out、valid_out；
    //       clear 或 rst 清零 acc（clear 优先于 valid_in），否则 valid_in 时 acc += a_in * b_in。
    // TODO: every clock, a_in, b_in and valid_in move on to a_out, b_out and valid_out one cycle
    //       later; clear (or rst) zeroes acc and beats valid_in; otherwise acc += a_in * b_in when valid_in.
    always @(posedge clk) begin
        a_out     <= 8'sd0;
        b_out     <= 8'sd0;
        valid_out <= 1'b0;
        acc       <= 32'sd0;
    end
endmodule
`default_nettype wire
