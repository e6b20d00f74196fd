// Activation unit on a signed int8 (combinational), selected by mode:
//   0: identity       y = x
//   1: ReLU           y = max(x, 0)
//   2: ReLU6 (Q4.4)   y = min(max(x, 0), 96)   (6.0 with 4 fraction bits is 6 << 4 = 96)
//   3: leaky ReLU     y = x for x >= 0, x >>> 3 for x < 0 (slope 1/8, arithmetic shift: rounds
//                     toward -infinity, so -1 -> -1, -8 -> -1, -9 -> -2, -128 -> -16)
`default_nettype none
module act_unit (
    input  wire signed [7:0] x,
    input  wire        [1:0] mode,
    output reg  signed [7:0] y
);
    localparam signed [7:0] RELU6_MAX = 8'sd96;  // 6.0 in Q4.4

    wire neg = x[7];

    always @* begin
        case (mode)
            2'd0:    y = x;
            2'd1:    y = neg ? 8'sd0 : x;
            2'd2:    y = neg ? 8'sd0 : (x > RELU6_MAX) ? RELU6_MAX : x;
            default: y = neg ? (x >>> 3) : x;
        endcase
    end
endmodule
`default_nettype wire
