// 练习 2 / Exercise 2 -- INT8 点积 / INT8 dot product (see 02_dot_int8.ipynb)
// 组合逻辑：y = a[0]*b[0] + ... + a[N-1]*b[N-1]，每个元素是有符号 INT8，乘积精确，和为有符号 32 位。
// Combinational: y = sum over i < N of a[i] * b[i], every element a signed INT8, products exact,
// the sum a signed 32-bit value. Element i of a vector sits in bits [8*i+7:8*i].
`default_nettype none
module dot_int8 #(
    parameter N = 4
) (
    input  wire [8*N-1:0]     a,
    input  wire [8*N-1:0]     b,
    output wire signed [31:0] y
);
    // TODO: 用 generate for 循环取出每个元素（a[8*i +: 8]），声明为 signed，相乘后符号扩展到 32 位再逐项相加。
    // TODO: a generate for loop that takes out each element (a[8*i +: 8]) as a signed wire, multiplies,
    //       sign-extends the 16-bit product to 32 bits and adds it to a running sum (e.g. a chain of
    //       partial sums, one 32-bit slice per lane).
    assign y = 32'sd0;
endmodule
`default_nettype wire
