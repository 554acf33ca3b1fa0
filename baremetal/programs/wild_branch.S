// A branch into unmapped memory with no exception vectors installed
// (VBAR_EL2 = 0): the instruction abort's vector is unmapped too (tests).
  .section .text.boot
  .global _start
_start:
  msr   vbar_el2, xzr
  mov   x0, #0x50000000
  br    x0
