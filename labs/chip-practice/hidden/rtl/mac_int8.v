// INT8 multiply-accumulate: on each enabled clock, acc <= acc + a * b (signed, 32-bit accumulator).
// rst is synchronous and clears the accumulator.
`default_nettype none
module mac_int8 (
    input  wire               clk,
    input  wire               rst,
    input  wire               en,
    input  wire signed [7:0]  a,
    input  wire signed [7:0]  b,
    output reg  signed [31:0] acc
);
    wire signed [15:0] product = a * b;

    always @(posedge clk) begin
        if (rst)
            acc <= 32'sd0;
        else if (en)
            acc <= acc + {{16{product[15]}}, product};
    end
endmodule
`default_nettype wire
