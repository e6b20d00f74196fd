// 练习 4 / Exercise 4 -- N x N 输出驻留脉动阵列 / output-stationary systolic array (see 04_systolic_array.ipynb)
// C = A x B，A、B 是有符号 INT8 矩阵，C 是 INT32。由 N*N 个 systolic_pe（rtl/systolic_pe.v，已给出且正确）组成。
// C = A x B for signed INT8 matrices, C in INT32, built from N*N systolic_pe (rtl/systolic_pe.v,
// given and correct). Simulate and grade it with both files: ["rtl/systolic_pe.v", "rtl/systolic_array.v"].
// practicum-depends: systolic_pe.v
//
// Ports: A[r][k] in a[8*(N*r+k) +: 8], B[k][c] in b[8*(N*k+c) +: 8], C[r][c] in c[32*(N*r+c) +: 32].
// Control: start while not busy (sampled at rising edge 0) latches a and b and clears every
// accumulator; busy is high from edge 0; done rises after edge 3N-2 (10 for N = 4) together with busy
// falling, and stays high, c holding C, until the next accepted start. start while busy is ignored.
// rst (synchronous) returns to idle: busy and done low, every accumulator zero.
`default_nettype none
module systolic_array #(
    parameter N = 4
) (
    input  wire                clk,
    input  wire                rst,
    input  wire                start,
    input  wire [8*N*N-1:0]    a,
    input  wire [8*N*N-1:0]    b,
    output wire                busy,    // 可以改成 output reg / you may make these `output reg`
    output wire                done,
    output wire [32*N*N-1:0]   c
);
    localparam SW = $clog2(4 * N);              // 步数计数器位宽 / step counter width (holds 3N-2)
    localparam integer LAST_STEP = 3 * N - 3;   // 最后一批乘积进入的那一步 / the step of the last products

    // 网格连线（已声明，可以直接使用）/ The grid's wires (declared for you):
    //   a_h[8*(r*(N+1)+col) +: 8], v_h[r*(N+1)+col]: operand a and valid entering PE (r, col) from
    //   the west (col = N is the east edge, unused); b_v[8*(row*N+c) +: 8]: operand b entering PE
    //   (row, c) from the north (row = N is the south edge, unused).
    wire [8*N*(N+1)-1:0] a_h;
    wire [N*(N+1)-1:0]   v_h;
    wire [8*(N+1)*N-1:0] b_v;

    // TODO 1: start 且不忙时（accept）锁存 a 和 b / latch a and b on an accepted start (start && !busy).
    // TODO 2: 控制：busy、done 和步数计数器 step（accept 时清零，busy 时每拍加一，step == LAST_STEP 时结束）。
    //         Control: busy, done and a step counter (zero at accept, +1 per cycle while busy; the
    //         operation ends at the edge where step == LAST_STEP: busy falls, done rises).
    // TODO 3: 西边界：第 r 行在 step - r = k（0 <= k < N）时送入 A[r][k]，valid 为 1；否则送 0、valid 为 0。
    //         北边界：第 c 列在 step - c = k 时送入 B[k][c]。
    //         West edge: row r gets A[r][k] with valid 1 while k = step - r is in 0..N-1, else 0 and
    //         valid 0. North edge: column c gets B[k][c] while k = step - c is in 0..N-1.
    // TODO 4: 用两层 generate for 例化 N*N 个 systolic_pe，clear 接 accept，acc 接到 c 的对应位置。
    //         Two nested generate loops of systolic_pe, clear driven by accept, acc wired into c.
    assign busy = 1'b0;
    assign done = 1'b0;
    assign c = {32*N*N{1'b0}};
endmodule
`default_nettype wire
