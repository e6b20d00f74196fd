// B2: INT8 dot product, y = sum over i < N of a[i] * b[i] (combinational). Element i of a vector
// sits in bits [8*i+7:8*i]; operands are signed INT8, products exact, the sum a signed 32-bit value.
`default_nettype none
module dot_int8 #(
    parameter N = 4
) (
    input  wire [8*N-1:0]     a,
    input  wire [8*N-1:0]     b,
    output wire signed [31:0] y
);
    // YOUR CODE HERE (replace this placeholder)
    assign y = 32'sd0;
endmodule
`default_nettype wire
