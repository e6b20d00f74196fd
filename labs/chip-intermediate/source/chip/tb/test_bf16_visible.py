"""Public bench for B1 (fp32_to_bf16): a handful of values. The hidden bench covers every class."""

import struct

import cocotb
from cocotb.triggers import Timer


def bits(x: float) -> int:
    return struct.unpack("<I", struct.pack("<f", x))[0]


# (binary32 bits, expected bfloat16 bits)
CASES = [(bits(1.0), 0x3F80), (bits(-2.5), 0xC020), (0x3F808000, 0x3F80), (0x3F818000, 0x3F82),
         (0x3F808001, 0x3F81), (0x7F800000, 0x7F80), (0xFF800000, 0xFF80), (0x7FC00000, 0x7FC0),
         (0x00000001, 0x0000), (0x7F7FFFFF, 0x7F80)]


@cocotb.test()
async def hand_picked(dut):
    for f, want in CASES:
        dut.f.value = f
        await Timer(1, unit="ns")
        got = dut.h.value.to_unsigned()
        assert got == want, f"f=0x{f:08X}: h=0x{got:04X}, expected 0x{want:04X}"
