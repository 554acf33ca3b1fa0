// A program that never ends (tests: the instruction and time limits).
  .section .text.boot
  .global _start
_start:
  b     _start
