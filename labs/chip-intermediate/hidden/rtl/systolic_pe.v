// One processing element of an output-stationary systolic array.
// Every clock: a_out <= a_in, b_out <= b_in, valid_out <= valid_in (operands pass on east and south
// one cycle later, whatever valid_in says). The accumulator: clear (or rst) zeroes it, and clear wins
// over valid_in (that cycle's product is dropped); otherwise acc <= acc + a_in * b_in when valid_in
// (signed int8 operands, exact 16-bit product, 32-bit wrapping sum). rst is synchronous, clears all.
`default_nettype none
module systolic_pe (
    input  wire               clk,
    input  wire               rst,
    input  wire               clear,
    input  wire               valid_in,
    input  wire signed [7:0]  a_in,
    input  wire signed [7:0]  b_in,
    output reg  signed [7:0]  a_out,
    output reg  signed [7:0]  b_out,
    output reg                valid_out,
    output reg  signed [31:0] acc
);
    wire signed [15:0] product = a_in * b_in;

    always @(posedge clk) begin
        if (rst || clear)
            acc <= 32'sd0;
        else if (valid_in)
            acc <= acc + {{16{product[15]}}, product};
    end

    always @(posedge clk) begin
        if (rst) begin
            a_out     <= 8'sd0;
            b_out     <= 8'sd0;
            valid_out <= 1'b0;
        end else begin
            a_out     <= a_in;
            b_out     <= b_in;
            valid_out <= valid_in;
        end
    end
endmodule
`default_nettype wire
