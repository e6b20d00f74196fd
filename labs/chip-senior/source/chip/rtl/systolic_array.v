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
    // YOUR CODE HERE: latch a and b on an accepted start, skew the rows of A and the columns of B,
    // instantiate N*N systolic_pe, count the steps, drive busy and done, expose every acc on c.
    initial begin
        busy = 1'b0;
        done = 1'b0;
    end
    assign c = {32*N*N{1'b0}};
endmodule
`default_nettype wire
