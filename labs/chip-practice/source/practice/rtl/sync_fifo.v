// 练习 4 / Exercise 4 -- 同步 FIFO（首字直通）/ synchronous FIFO, first-word fall-through
// (see 04_sync_fifo.ipynb). DEPTH 是 2 的幂 / DEPTH is a power of two, at least 2.
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

    reg [WIDTH-1:0] mem [0:DEPTH-1];
    reg [AW-1:0]    wr_ptr, rd_ptr;

    // TODO: 满时忽略写、空时忽略读；同时读写时见笔记本中的规则；dout 始终是队首。
    // TODO: ignore a push while full and a pop while empty; push and pop together as the notebook
    //       says; dout always shows the head (the oldest entry).
    assign dout  = {WIDTH{1'b0}};
    assign full  = 1'b0;
    assign empty = 1'b1;

    always @(posedge clk) begin
        count <= {(AW+1){1'b0}};
    end
endmodule
`default_nettype wire
