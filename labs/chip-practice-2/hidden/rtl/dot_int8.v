// INT8 dot product, combinational: y = sum over i < N of a[i] * b[i], every operand a signed int8,
// products exact (16 bits), the sum sign-extended to and added in 32 bits (no overflow for N <= 2^17).
// a and b are flattened vectors: element i sits in bits [8*i+7:8*i].
`default_nettype none
module dot_int8 #(
    parameter N = 4
) (
    input  wire [8*N-1:0]     a,
    input  wire [8*N-1:0]     b,
    output wire signed [31:0] y
);
    // partial[32*i +: 32] is the sum of the first i products
    wire [32*(N+1)-1:0] partial;
    assign partial[31:0] = 32'd0;

    genvar i;
    generate
        for (i = 0; i < N; i = i + 1) begin : g_term
            wire signed [7:0]  ai = a[8*i +: 8];
            wire signed [7:0]  bi = b[8*i +: 8];
            wire signed [15:0] product = ai * bi;
            assign partial[32*(i+1) +: 32] = partial[32*i +: 32] + {{16{product[15]}}, product};
        end
    endgenerate

    assign y = partial[32*N +: 32];
endmodule
`default_nettype wire
