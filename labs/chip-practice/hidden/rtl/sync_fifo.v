// Synchronous FIFO, first-word-fall-through: dout always shows the oldest entry (the head) while
// empty is low, and pop removes it at the next rising edge (dout is meaningless while empty).
// Per rising edge: a push is accepted only if full is low, a pop only if empty is low (a push while
// full and a pop while empty are ignored; a push and pop together on a FIFO that is neither empty nor
// full both happen, count unchanged; on a full FIFO only the pop happens, on an empty one only the
// push). count is the number of entries, 0..DEPTH; full = (count == DEPTH), empty = (count == 0).
// DEPTH must be a power of two, at least 2. rst is synchronous and empties the FIFO.
`default_nettype none
module sync_fifo #(
    parameter WIDTH = 8,
    parameter DEPTH = 8
) (
    input  wire                   clk,
    input  wire                   rst,
    input  wire                   push,
    input  wire [WIDTH-1:0]       din,
    input  wire                   pop,
    output wire [WIDTH-1:0]       dout,
    output wire                   full,
    output wire                   empty,
    output reg  [$clog2(DEPTH):0] count
);
    localparam AW = $clog2(DEPTH);
    localparam [AW:0] FULL_COUNT = {1'b1, {AW{1'b0}}};  // DEPTH (a power of two)

    reg [WIDTH-1:0] mem [0:DEPTH-1];
    reg [AW-1:0]    wr_ptr, rd_ptr;

    wire do_push = push && !full;
    wire do_pop  = pop && !empty;

    assign full  = (count == FULL_COUNT);
    assign empty = (count == {(AW+1){1'b0}});
    assign dout  = mem[rd_ptr];

    always @(posedge clk) begin
        if (do_push)
            mem[wr_ptr] <= din;
    end

    always @(posedge clk) begin
        if (rst) begin
            wr_ptr <= {AW{1'b0}};
            rd_ptr <= {AW{1'b0}};
            count  <= {(AW+1){1'b0}};
        end else begin
            if (do_push)
                wr_ptr <= wr_ptr + 1'b1;
            if (do_pop)
                rd_ptr <= rd_ptr + 1'b1;
            if (do_push && !do_pop)
                count <= count + 1'b1;
            else if (do_pop && !do_push)
                count <= count - 1'b1;
        end
    end
endmodule
`default_nettype wire
