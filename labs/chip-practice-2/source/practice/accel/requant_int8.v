// Requantisation of an int32 accumulator to int8 (combinational):
//   p = acc * mult                        (signed 32 x unsigned 16 -> signed 48, exact)
//   r = (p + (1 << (shift-1))) >>> shift  (for shift > 0: round half up, i.e. ties toward +inf)
//   r = p                                 (for shift == 0)
//   q = clamp(r, -128, 127)
// The sum is kept in 49 bits, so the rounding constant can never overflow.
`default_nettype none
module requant_int8 (
    input  wire signed [31:0] acc,
    input  wire        [15:0] mult,
    input  wire        [4:0]  shift,
    output reg  signed [7:0]  q
);
    wire signed [48:0] p       = acc * $signed({1'b0, mult});
    wire signed [48:0] rnd     = (49'sd1 <<< shift) >>> 1;  // 1 << (shift-1), or 0 when shift == 0
    wire signed [48:0] sum     = p + rnd;
    wire signed [48:0] shifted = sum >>> shift;

    always @* begin
        if (shifted > 49'sd127)
            q = 8'sd127;
        else if (shifted < -49'sd128)
            q = -8'sd128;
        else
            q = shifted[7:0];
    end
endmodule
`default_nettype wire
