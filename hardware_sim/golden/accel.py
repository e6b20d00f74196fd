"""Golden model of accel: an INT8 dot-product accelerator behind a memory-mapped register bus.

RTL sources: rtl/dot_int8.v, rtl/requant_int8.v, rtl/act_unit.v and rtl/accel.v (top module accel;
`sim.sources("accel")` lists them in that order). The arithmetic is the three blocks' golden models:
ACC = dot_int8.dot(a, b), RESULT = act_unit.activate(requant_int8.requant(ACC, MULT, SHIFT), ACT).

Bus: addr (6-bit byte address), wdata (32), we, re, rdata (32). One transfer per clock: we writes at
the rising edge; re loads rdata at the rising edge with the register's value from before that edge
(rdata then holds until the next read; with re and we together the read sees the old value). Only
word-aligned addresses (addr % 4 == 0) are mapped; unmapped ones read 0 and ignore writes. While busy
every write is ignored.

Register map (byte addresses):

    0x00 CTRL    rw    bit 0 START (write 1 to start; reads 0), bits 2:1 ACT (act_unit mode:
                       0 identity, 1 ReLU, 2 ReLU6 on Q4.4, 3 leaky ReLU); reset 0
    0x04 STATUS  r/w1c bit 0 BUSY (read-only), bit 1 DONE (set when an operation ends; cleared by
                       the next START and by writing 1 to bit 1); reset 0
    0x08 A       rw    four signed int8 a[i], a[i] in bits 8i+7..8i; reset 0
    0x0C B       rw    four signed int8 b[i]; reset 0
    0x10 QPARAM  rw    bits 15:0 MULT (unsigned), bits 20:16 SHIFT, other bits read 0; reset 1
    0x14 RESULT  r     the int8 result, sign-extended to 32 bits; reset 0
    0x18 ACC     r     the int32 dot product (two's complement); reset 0
    0x1C ID      r     0x41434331 ("ACC1")

Timing (LATENCY = 2): a CTRL write with START while not busy, sampled at rising edge 0, also writes
ACT; busy is high after edge 0; ACC is loaded at edge 1; RESULT at edge 2, where busy falls and DONE
rises. Polling STATUS right after the start: the reads sampled at edges 1 and 2 show BUSY, the read at
edge 3 shows DONE. rst (synchronous) restores every reset value, rdata to 0.
"""

from __future__ import annotations

from . import act_unit, dot_int8, requant_int8

CTRL, STATUS, A, B, QPARAM, RESULT, ACC, ID = 0x00, 0x04, 0x08, 0x0C, 0x10, 0x14, 0x18, 0x1C
REGISTERS = {"CTRL": CTRL, "STATUS": STATUS, "A": A, "B": B, "QPARAM": QPARAM, "RESULT": RESULT, "ACC": ACC,
             "ID": ID}
ADDR_BITS = 6
START = 1 << 0
BUSY, DONE = 1 << 0, 1 << 1
ID_VALUE = 0x41434331
QPARAM_RESET = 0x00000001
LATENCY = 2
N = 4
MASK32 = 0xFFFFFFFF


def pack(values) -> int:
    """Four int8 values as an A or B register value (element i in bits 8i+7..8i)."""
    if len(values) != N:
        raise ValueError(f"{N} operands")
    return dot_int8.pack(values)


def unpack(word: int) -> list[int]:
    """The four signed int8 values of an A or B register value."""
    out = []
    for i in range(N):
        v = (word >> (8 * i)) & 0xFF
        out.append(v - 256 if v & 0x80 else v)
    return out


def qparam(mult: int, shift: int) -> int:
    """The QPARAM register value for a multiplier (0..65535) and a shift (0..31)."""
    if not (0 <= mult < 2**16 and 0 <= shift < 32):
        raise ValueError("mult is 16-bit unsigned, shift 5-bit")
    return mult | shift << 16


def ctrl(act: int, start: bool = True) -> int:
    """The CTRL value that sets ACT (0..3) and, with start, starts an operation."""
    return (act & 3) << 1 | (START if start else 0)


def compute(a, b, mult: int, shift: int, act: int) -> tuple[int, int]:
    """(ACC, RESULT) of one operation: ACC = sum a[i]*b[i] (exact int32), RESULT =
    act_unit(requant_int8(ACC, MULT, SHIFT), ACT), an int8."""
    acc = dot_int8.dot(a, b)
    q = int(requant_int8.requant(acc, mult, shift))
    return acc, int(act_unit.activate(q, act))


def signed32(v: int) -> int:
    return v - 2**32 if v & 0x80000000 else v


class Accel:
    """Cycle model: step() is one rising edge; rdata is the port's value after it."""

    def __init__(self):
        self.reset()

    def reset(self) -> None:
        self.act = 0
        self.a = 0
        self.b = 0
        self.mult, self.shift = 1, 0
        self.busy = self.done = False
        self.phase = 0
        self.acc = 0  # int32, signed
        self.result = 0  # int8, signed
        self.rdata = 0

    def read_value(self, addr: int) -> int:
        """What a read of addr returns (unsigned 32-bit), from the present state."""
        if addr % 4:
            return 0
        return {CTRL: self.act << 1, STATUS: (DONE if self.done else 0) | (BUSY if self.busy else 0),
                A: self.a, B: self.b, QPARAM: self.mult | self.shift << 16, RESULT: self.result & MASK32,
                ACC: self.acc & MASK32, ID: ID_VALUE}.get(addr, 0)

    def step(self, addr: int = 0, wdata: int = 0, we: bool = False, re: bool = False, rst: bool = False) -> None:
        if not (0 <= addr < 2**ADDR_BITS and 0 <= wdata <= MASK32):
            raise ValueError("addr is 6-bit, wdata 32-bit")
        if rst:
            self.reset()
            return
        rdata = self.read_value(addr) if re else self.rdata
        wr = we and addr % 4 == 0 and not self.busy
        start = wr and addr == CTRL and bool(wdata & START)
        # the sequencer, from the state before this edge
        if start:
            self.busy, self.done, self.phase = True, False, 0
        elif self.busy:
            if self.phase == 0:
                self.acc = dot_int8.dot(unpack(self.a), unpack(self.b))
                self.phase = 1
            else:
                q = int(requant_int8.requant(self.acc, self.mult, self.shift))
                self.result = int(act_unit.activate(q, self.act))
                self.busy, self.done = False, True
        elif wr and addr == STATUS and wdata & DONE:
            self.done = False
        # the configuration registers (never written while busy)
        if wr:
            if addr == CTRL:
                self.act = (wdata >> 1) & 3
            elif addr == A:
                self.a = wdata
            elif addr == B:
                self.b = wdata
            elif addr == QPARAM:
                self.mult, self.shift = wdata & 0xFFFF, (wdata >> 16) & 0x1F
        self.rdata = rdata
