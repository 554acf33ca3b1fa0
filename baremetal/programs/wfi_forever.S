// Every interrupt masked and nothing armed: WFI waits forever (tests: the
// run ends with "every core ... waits for an interrupt that cannot come").
  .section .text.boot
  .global _start
_start:
  msr   daifset, #0xf
1:wfi
  b     1b
