// IEEE-754 binary32 -> binary16 (combinational), round to nearest, ties to even.
//   exponent e (bias 127) -> half exponent e - 112 (bias 15); m = 23-bit mantissa, M = {1, m}
//   e == 255:        infinity -> infinity; NaN -> {sign, 5'h1F, 1'b1, m[21:13]}, a quiet NaN with the
//                    same sign keeping the top 10 mantissa bits, the quiet bit (bit 9) forced to one
//   e >= 143:        |f| >= 65536, overflow -> infinity
//   113 <= e <= 142: normal half {e - 112, m[22:13]}, rounded on guard m[12] and sticky |m[11:0];
//                    the carry ripples into the exponent (up to infinity from 65520 on)
//   102 <= e <= 112: half subnormal M >> (126 - e), rounded on the bits shifted out (the carry out of
//                    the largest subnormal gives the smallest normal, 0x0400)
//   e <= 101:        |f| < 2**-25 (binary32 subnormals included) -> signed zero
`default_nettype none
module fp32_to_fp16 (
    input  wire [31:0] f,
    output wire [15:0] h
);
    wire        s = f[31];
    wire [7:0]  e = f[30:23];
    wire [22:0] m = f[22:0];

    // normal range: e - 112 taken modulo 32 (only used for 113 <= e <= 142), as -112 == +16 (mod 32)
    wire [4:0]  he       = e[4:0] + 5'd16;
    wire        rnd_n    = m[12] && ((|m[11:0]) || m[13]);
    wire [14:0] normal   = {he, m[22:13]} + {14'd0, rnd_n};

    // subnormal range: shift {1, m} right by 112 - e (0..10) on top of the fixed 14, keeping every
    // shifted-out bit for the rounding: the 11 zero bits below M absorb a shift of up to 10
    wire [7:0]  sub_sh   = 8'd112 - e;
    wire [34:0] sub_wide = {1'b1, m, 11'd0} >> sub_sh;
    wire        rnd_s    = sub_wide[24] && ((|sub_wide[23:0]) || sub_wide[25]);
    wire [10:0] subnorm  = {1'b0, sub_wide[34:25]} + {10'd0, rnd_s};

    reg  [14:0] mag;
    always @* begin
        if (e == 8'hFF)
            mag = (m == 23'd0) ? 15'h7C00 : {5'h1F, 1'b1, m[21:13]};
        else if (e >= 8'd143)
            mag = 15'h7C00;
        else if (e >= 8'd113)
            mag = normal;
        else if (e >= 8'd102)
            mag = {4'd0, subnorm};
        else
            mag = 15'd0;
    end

    assign h = {s, mag};
endmodule
`default_nettype wire
