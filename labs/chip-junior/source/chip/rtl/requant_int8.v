// B1: requantise an INT32 accumulator to INT8 (combinational). See the notebook for the spec.
//   p = acc * mult   (signed 32 x unsigned 16, exact)
//   r = (p + 2^(shift-1)) >>> shift  for shift > 0;   r = p  for shift == 0
//   q = clamp(r, -128, 127)
`default_nettype none
module requant_int8 (
    input  wire signed [31:0] acc,
    input  wire        [15:0] mult,
    input  wire        [4:0]  shift,
    output wire signed [7:0]  q
);
    // YOUR CODE HERE. The placeholder below outputs 0; you may declare q as `output reg`
    // and drive it from an always block instead.
    assign q = 8'sd0;
endmodule
`default_nettype wire
