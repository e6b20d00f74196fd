// Two-flop synchroniser: brings the single bit d (from any clock domain, or none) into clk's domain.
// q is d as sampled at the rising edge before last: a change of d that is stable at rising edge k
// appears on q after rising edge k+1 (latency 2 destination clocks). rst is synchronous to clk and
// clears both flops (q = 0 during rst and until d's value has passed through both flops after it).
// d must be a single-bit level (or a Gray-coded bus bit by bit); multi-bit binary values must not go
// through independent synchronisers.
`default_nettype none
module sync_2ff (
    input  wire clk,
    input  wire rst,
    input  wire d,
    output wire q
);
    (* ASYNC_REG = "TRUE" *) reg meta;   // may go metastable in hardware; never used but by sync
    (* ASYNC_REG = "TRUE" *) reg sync;

    always @(posedge clk) begin
        if (rst) begin
            meta <= 1'b0;
            sync <= 1'b0;
        end else begin
            meta <= d;
            sync <= meta;
        end
    end

    assign q = sync;
endmodule
`default_nettype wire
