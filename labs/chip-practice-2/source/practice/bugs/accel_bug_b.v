// 练习用的缺陷设计 B / practice bug B: a copy of accel/accel.v with one planted bug.
// 先别看是什么缺陷，用你的测试平台找出来 / Do not look for it yet: let your bench find it.
// A small INT8 dot-product accelerator behind a memory-mapped register bus. It ties library blocks
// together: dot_int8 (N = 4) computes the int32 dot product, requant_int8 scales it to int8 and
// act_unit applies the activation.
// practicum-depends: dot_int8.v, requant_int8.v, act_unit.v
//
// Bus (one transfer per clock, no wait states): addr is a byte address of a 32-bit register; only
// word-aligned addresses (addr[1:0] == 0) are mapped. we writes wdata at the rising edge; re loads
// rdata at the rising edge with the addressed register's value from before that edge (rdata holds
// until the next read; re and we together read the old value). Unmapped addresses read 0 and ignore
// writes. While busy, every write is ignored (configuration is stable during an operation).
//
//   0x00 CTRL    rw  [0] START: writing 1 starts an operation (reads 0); [2:1] ACT, the act_unit mode
//                    (0 identity, 1 ReLU, 2 ReLU6 on Q4.4, 3 leaky ReLU). Reset 0.
//   0x04 STATUS  r/w1c [0] BUSY (read-only), [1] DONE: set when an operation finishes, cleared by the
//                    next START and by writing 1 to bit 1. Reset 0.
//   0x08 A       rw  four signed int8 operands, a[i] in bits [8*i+7:8*i]. Reset 0.
//   0x0C B       rw  four signed int8 operands, b[i] in bits [8*i+7:8*i]. Reset 0.
//   0x10 QPARAM  rw  [15:0] MULT (unsigned), [20:16] SHIFT; other bits read 0. Reset 0x00000001.
//   0x14 RESULT  r   the int8 result of the last operation, sign-extended to 32 bits. Reset 0.
//   0x18 ACC     r   the int32 dot product of the last operation. Reset 0.
//   0x1C ID      r   0x41434331 ("ACC1").
//
// Operation: a CTRL write with bit 0 set while not busy is sampled at rising edge 0 (its ACT field
// is written at the same edge); busy is high after edge 0, ACC = sum a[i]*b[i] is loaded at edge 1,
// RESULT = act(requant(ACC, MULT, SHIFT), ACT) at edge 2, where busy falls and done rises (so STATUS
// reads sampled at edges 1 and 2 show BUSY, from edge 3 on DONE). rst is synchronous and restores
// every reset value (rdata too, to 0).
`default_nettype none
module accel (
    input  wire        clk,
    input  wire        rst,
    input  wire [5:0]  addr,
    input  wire [31:0] wdata,
    input  wire        we,
    input  wire        re,
    output reg  [31:0] rdata
);
    localparam [3:0] R_CTRL   = 4'd0;
    localparam [3:0] R_STATUS = 4'd1;
    localparam [3:0] R_A      = 4'd2;
    localparam [3:0] R_B      = 4'd3;
    localparam [3:0] R_QPARAM = 4'd4;
    localparam [3:0] R_RESULT = 4'd5;
    localparam [3:0] R_ACC    = 4'd6;
    localparam [3:0] R_ID     = 4'd7;
    localparam [31:0] ID_VALUE = 32'h4143_4331;  // "ACC1"

    reg               busy, done;
    reg               phase;                     // 0: the dot product is next, 1: the requantisation
    reg        [1:0]  act;
    reg        [31:0] a_reg, b_reg;
    reg        [15:0] mult;
    reg        [4:0]  shift;
    reg signed [31:0] acc_q;
    reg signed [7:0]  result_q;

    // Address decode.
    wire       aligned = (addr[1:0] == 2'b00);
    wire [3:0] word    = addr[5:2];
    wire       wr      = we && aligned && !busy;  // every write while busy is ignored
    wire       start   = wr && (word == R_CTRL) && wdata[0];
    wire       clear_done = wr && (word == R_STATUS) && wdata[1];

    // The datapath: library blocks.
    wire signed [31:0] dot;
    wire signed [7:0]  q;
    wire signed [7:0]  y;

    dot_int8 #(.N(4)) u_dot (
        .a (a_reg),
        .b (b_reg),
        .y (dot)
    );

    requant_int8 u_requant (
        .acc   (acc_q),
        .mult  (mult),
        .shift (shift),
        .q     (q)
    );

    act_unit u_act (
        .x    (q),
        .mode (act),
        .y    (y)
    );

    // Configuration registers.
    always @(posedge clk) begin
        if (rst) begin
            act   <= 2'd0;
            a_reg <= 32'd0;
            b_reg <= 32'd0;
            mult  <= 16'd1;
            shift <= 5'd0;
        end else if (wr) begin
            case (word)
                R_CTRL:   act   <= wdata[2:1];
                R_A:      a_reg <= wdata;
                R_B:      b_reg <= wdata;
                R_QPARAM: begin
                    mult  <= wdata[15:0];
                    shift <= wdata[20:16];
                end
                default: ;
            endcase
        end
    end

    // The sequencer: start -> ACC (edge 1) -> RESULT and done (edge 2).
    always @(posedge clk) begin
        if (rst) begin
            busy     <= 1'b0;
            done     <= 1'b0;
            phase    <= 1'b0;
            acc_q    <= 32'sd0;
            result_q <= 8'sd0;
        end else if (start) begin
            busy  <= 1'b1;
            done  <= 1'b0;  // a new operation clears DONE
            phase <= 1'b0;
        end else if (busy) begin
            if (!phase) begin
                acc_q <= dot;
                phase <= 1'b1;
            end else begin
                result_q <= y;
                busy     <= 1'b0;
                done     <= 1'b1;
            end
        end else if (clear_done) begin
            done <= 1'b0;
        end
    end

    // Reads.
    reg [31:0] read_value;
    always @* begin
        read_value = 32'd0;
        if (aligned) begin
            case (word)
                R_CTRL:   read_value = {29'd0, act, 1'b0};
                R_STATUS: read_value = {30'd0, done, busy};
                R_A:      read_value = a_reg;
                R_B:      read_value = b_reg;
                R_QPARAM: read_value = {11'd0, shift, mult};
                R_RESULT: read_value = {{24{result_q[7]}}, result_q};
                R_ACC:    read_value = acc_q;
                R_ID:     read_value = ID_VALUE;
                default:  read_value = 32'd0;
            endcase
        end
    end

    always @(posedge clk) begin
        if (rst)
            rdata <= 32'd0;
        else
            rdata <= re ? read_value : 32'd0;
    end
endmodule
`default_nettype wire
