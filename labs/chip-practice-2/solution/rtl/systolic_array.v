// N x N output-stationary systolic array computing C = A x B for signed int8 matrices, C in int32.
// Needs rtl/systolic_pe.v as a second source (module systolic_pe, instantiated N*N times):
// practicum-depends: systolic_pe.v
//
// Ports: a, b are the matrices flattened row-major, element (r, k) of A in a[8*(N*r+k) +: 8] and
// element (k, c) of B in b[8*(N*k+c) +: 8]; c is C flattened row-major, element (r, c) in
// c[32*(N*r+c) +: 32]. PE (r, c) accumulates C[r][c]; row r of A enters from the west r cycles after
// row 0, column c of B from the north c cycles after column 0 (the block skews them itself), and the
// operands march east and south through the PEs.
//
// Control: a start pulse while not busy latches a and b and clears every accumulator at that edge
// (start while busy is ignored). If start is sampled at rising edge 0, done goes high after rising
// edge 3N-2 (10 for N=4) and stays high, with c holding the product, until the next accepted start
// (which drops done at its own edge). c is not meaningful while busy. rst (synchronous) returns to
// idle with done low and all accumulators zero.
`default_nettype none
module systolic_array #(
    parameter N = 4
) (
    input  wire                clk,
    input  wire                rst,
    input  wire                start,
    input  wire [8*N*N-1:0]    a,
    input  wire [8*N*N-1:0]    b,
    output reg                 busy,
    output reg                 done,
    output wire [32*N*N-1:0]   c
);
    localparam SW = $clog2(4 * N);              // step counter width: holds 3N-2, and step - i wraps to >= N
    localparam integer LAST_STEP = 3 * N - 3;   // the step whose products are the last ones in
    localparam [SW-1:0] LAST = LAST_STEP[SW-1:0];
    localparam [SW-1:0] NS = N[SW-1:0];

    reg  [SW-1:0]     step;                     // cycles since the accepting edge, while busy
    reg  [8*N*N-1:0]  a_q, b_q;                 // the operands latched at start
    wire              accept = start && !busy;

    always @(posedge clk) begin
        if (accept) begin
            a_q <= a;
            b_q <= b;
        end
    end

    always @(posedge clk) begin
        if (rst) begin
            busy <= 1'b0;
            done <= 1'b0;
            step <= {SW{1'b0}};
        end else if (accept) begin
            busy <= 1'b1;
            done <= 1'b0;
            step <= {SW{1'b0}};
        end else if (busy) begin
            if (step == LAST) begin
                busy <= 1'b0;
                done <= 1'b1;
            end
            step <= step + 1'b1;
        end
    end

    // The grid's wires. a_h / v_h: operand and valid entering PE (r, col) from the west, index
    // r*(N+1)+col, col = N being the east edge; b_v: operand entering PE (row, c) from the north,
    // index row*N+c, row = N being the south edge. The east and south edges leave the array unused.
    /* verilator lint_off UNUSEDSIGNAL */
    wire [8*N*(N+1)-1:0] a_h;
    wire [N*(N+1)-1:0]   v_h;
    wire [8*(N+1)*N-1:0] b_v;
    /* verilator lint_on UNUSEDSIGNAL */

    genvar gr, gc;
    generate
        // West edge: row r gets A[r][step - r] while 0 <= step - r < N (step - r wraps to >= N below 0).
        for (gr = 0; gr < N; gr = gr + 1) begin : g_west
            localparam [SW-1:0] ROW_DELAY = gr;
            wire [SW-1:0]  k = step - ROW_DELAY;
            wire           live = busy && (k < NS);
            wire [8*N-1:0] a_row = a_q[8*N*gr +: 8*N];
            assign a_h[8*gr*(N+1) +: 8] = live ? a_row[8*k +: 8] : 8'd0;
            assign v_h[gr*(N+1)] = live;
        end
        // North edge: column c gets B[step - c][c] while 0 <= step - c < N.
        for (gc = 0; gc < N; gc = gc + 1) begin : g_north
            localparam [SW-1:0] COL_DELAY = gc;
            wire [SW-1:0] k = step - COL_DELAY;
            wire          live = busy && (k < NS);
            assign b_v[8*gc +: 8] = live ? b_q[8*(N*k + gc) +: 8] : 8'd0;
        end
        for (gr = 0; gr < N; gr = gr + 1) begin : g_row
            for (gc = 0; gc < N; gc = gc + 1) begin : g_col
                systolic_pe pe (
                    .clk       (clk),
                    .rst       (rst),
                    .clear     (accept),
                    .valid_in  (v_h[gr*(N+1) + gc]),
                    .a_in      (a_h[8*(gr*(N+1) + gc) +: 8]),
                    .b_in      (b_v[8*(gr*N + gc) +: 8]),
                    .a_out     (a_h[8*(gr*(N+1) + gc + 1) +: 8]),
                    .b_out     (b_v[8*((gr+1)*N + gc) +: 8]),
                    .valid_out (v_h[gr*(N+1) + gc + 1]),
                    .acc       (c[32*(N*gr + gc) +: 32])
                );
            end
        end
    endgenerate
endmodule
`default_nettype wire
