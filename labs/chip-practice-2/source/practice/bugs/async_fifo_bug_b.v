// 练习用的缺陷设计 B / practice bug B: a copy of rtl/async_fifo.v with one planted bug.
// 先别看是什么缺陷，用你的测试平台找出来 / Do not look for it yet: let your bench find it.
// Asynchronous FIFO between a write clock domain (wclk) and a read clock domain (rclk).
// Pointers have one wrap bit more than the address (AW+1 bits) and cross the domain boundary only as
// Gray code, each through a two-flop synchroniser (inline below): the write side compares its pointer
// with the read pointer as it was two wclk edges ago (full is never late: a push is never accepted
// over an unread word), the read side compares with the write pointer as it was two rclk edges ago
// (empty is never late: a pop never reads an unwritten word). The flags are pessimistic by the
// synchroniser latency: a word pushed at a wclk edge is poppable (empty low) after the second rclk
// edge that follows it, a slot freed by a pop is writable (full low) after the second wclk edge after it.
// Write side: push is accepted at a wclk edge iff full is low (a push while full is ignored).
// Read side, first-word-fall-through: while empty is low dout is the oldest word, and pop removes it
// at the next rclk edge; a pop while empty is ignored. dout is meaningless while empty.
// Resets are synchronous to their own clocks (wrst to wclk, rrst to rclk) and must be asserted
// together, each for at least two edges of its clock, with no push or pop meanwhile.
// DEPTH must be a power of two, at least 4.
`default_nettype none
module async_fifo #(
    parameter WIDTH = 8,
    parameter DEPTH = 8
) (
    // write domain
    input  wire             wclk,
    input  wire             wrst,
    input  wire             push,
    input  wire [WIDTH-1:0] din,
    output wire             full,
    // read domain
    input  wire             rclk,
    input  wire             rrst,
    input  wire             pop,
    output wire [WIDTH-1:0] dout,
    output wire             empty
);
    localparam AW = $clog2(DEPTH);

    reg [WIDTH-1:0] mem [0:DEPTH-1];
    reg [AW:0]      wbin, wgray;                // write pointer, binary and Gray (wgray crosses), wclk
    reg [AW:0]      rbin, rgray;                // read pointer, binary and Gray (rgray crosses), rclk

    // ------------------------------------------------------------------ write domain (wclk)
    (* ASYNC_REG = "TRUE" *) reg [AW:0] wq1_rgray;
    (* ASYNC_REG = "TRUE" *) reg [AW:0] wq2_rgray;   // read pointer, Gray, two wclk edges old

    wire        do_push    = push && !full;
    wire [AW:0] wbin_next  = wbin + {{AW{1'b0}}, do_push};
    wire [AW:0] wgray_next = (wbin_next >> 1) ^ wbin_next;

    // Full: the write pointer is exactly DEPTH ahead of the read pointer. In Gray code that is the
    // read pointer with its two top bits inverted and the rest equal.
    assign full = (wgray == {~wq2_rgray[AW:AW-1], wq2_rgray[AW-2:0]});

    always @(posedge wclk) begin
        if (do_push)
            mem[wbin[AW-1:0]] <= din;
    end

    always @(posedge wclk) begin
        if (wrst) begin
            wbin      <= {(AW+1){1'b0}};
            wgray     <= {(AW+1){1'b0}};
            wq1_rgray <= {(AW+1){1'b0}};
            wq2_rgray <= {(AW+1){1'b0}};
        end else begin
            wbin      <= wbin_next;
            wgray     <= wgray_next;
            wq1_rgray <= rgray;
            wq2_rgray <= wq1_rgray;
        end
    end

    // ------------------------------------------------------------------ read domain (rclk)
    (* ASYNC_REG = "TRUE" *) reg [AW:0] rq1_wgray;
    (* ASYNC_REG = "TRUE" *) reg [AW:0] rq2_wgray;   // write pointer, Gray, two rclk edges old

    wire        do_pop     = pop && !empty;
    wire [AW:0] rbin_next  = rbin + {{AW{1'b0}}, do_pop};
    wire [AW:0] rgray_next = (rbin_next >> 1) ^ rbin_next;

    // Empty: the read pointer has caught up with the (synchronised) write pointer.
    assign empty = (rgray == rq2_wgray);
    reg [WIDTH-1:0] dout_q;
    assign dout  = dout_q;
    always @(posedge rclk) dout_q <= mem[rbin[AW-1:0]];

    always @(posedge rclk) begin
        if (rrst) begin
            rbin      <= {(AW+1){1'b0}};
            rgray     <= {(AW+1){1'b0}};
            rq1_wgray <= {(AW+1){1'b0}};
            rq2_wgray <= {(AW+1){1'b0}};
        end else begin
            rbin      <= rbin_next;
            rgray     <= rgray_next;
            rq1_wgray <= wgray;
            rq2_wgray <= rq1_wgray;
        end
    end
endmodule
`default_nettype wire
