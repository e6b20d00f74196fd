// B2: activation unit on signed INT8, Q4.4 (combinational). See the notebook for the spec.
//   mode 0: y = x     1: ReLU     2: ReLU6 = min(max(x, 0), 96)     3: leaky, x >>> 3 for x < 0
`default_nettype none
module act_unit (
    input  wire signed [7:0] x,
    input  wire        [1:0] mode,
    output wire signed [7:0] y
);
    // YOUR CODE HERE. The placeholder below outputs 0; you may declare y as `output reg`
    // and drive it from an always block instead.
    assign y = 8'sd0;
endmodule
`default_nettype wire
