// IEEE-754 binary32 -> bfloat16 (combinational), round to nearest, ties to even.
//   finite / infinite: keep f[31:16] and add one when the dropped half f[15:0] is above 16'h8000,
//     or exactly 16'h8000 with an odd kept lsb f[16] (guard f[15], sticky |f[14:0]). The carry
//     ripples into the exponent, so subnormals round like any other value (no flush to zero) and
//     a value that rounds past the largest finite bfloat16 becomes infinity; infinities stay put
//     (their low 16 bits are zero).
//   NaN (exponent all ones, mantissa non-zero): h = {sign, 8'hFF, 1'b1, f[21:16]}, a quiet NaN with
//     the same sign keeping the top 7 mantissa bits, the quiet bit (bit 6) forced to one.
`default_nettype none
module fp32_to_bf16 (
    input  wire [31:0] f,
    output wire [15:0] h
);
    wire is_nan   = (f[30:23] == 8'hFF) && (f[22:0] != 23'd0);
    wire guard    = f[15];
    wire sticky   = |f[14:0];
    wire round_up = guard && (sticky || f[16]);

    assign h = is_nan ? {f[31], 8'hFF, 1'b1, f[21:16]} : f[31:16] + {15'd0, round_up};
endmodule
`default_nettype wire
