// Boot and exception vectors. Core 0 starts here at EL2 (QEMU -kernel with
// virtualization=on, and gicsim --elf); other cores start at
// secondary_entry through PSCI CPU_ON with X0 = context.
#include "asm.h"

  .section .text.boot
  .global _start
_start:
  bl    setup_el2
  // Zero .bss (core 0 only, before anything else runs).
  ldr   x0, =__bss_start
  ldr   x1, =__bss_end
1:cmp   x0, x1
  b.hs  2f
  str   xzr, [x0], #8
  b     1b
2:mov   x0, #0
  bl    main
  bl    psci_system_off_status
  b     .

  .global secondary_entry
secondary_entry:
  mov   x19, x0
  bl    setup_el2
  mov   x0, x19
  bl    secondary_main
  bl    psci_cpu_off
  b     .

// SP_EL2 and SP_EL1 by core number (MPIDR Aff0), VBAR_EL2, EL1 in AArch64.
setup_el2:
  mrs   x9, mpidr_el1
  and   x9, x9, #0xff
  add   x9, x9, #1
  lsl   x9, x9, #14
  ldr   x10, =__stacks
  add   sp, x10, x9
  ldr   x10, =__stacks_el1
  add   x10, x10, x9
  msr   sp_el1, x10
  ldr   x10, =vectors_el2
  msr   vbar_el2, x10
  ldr   x10, =vectors_el1
  msr   vbar_el1, x10
  mov   x10, #(1 << 31)        // HCR_EL2.RW: EL1 is AArch64
  msr   hcr_el2, x10
  mov   x10, #3                // CNTHCTL_EL2: EL1 may use the physical counter/timer
  msr   cnthctl_el2, x10
  msr   cntvoff_el2, xzr
  isb
  ret

// enter_el1(fn, arg): ERET to EL1h at fn with X0 = arg, interrupts masked.
  .global enter_el1
enter_el1:
  msr   elr_el2, x0
  mov   x0, x1
  mov   x10, #0x3c5            // EL1h, DAIF masked
  msr   spsr_el2, x10
  isb
  eret

// Vectors: every entry saves the general registers and ELR/SPSR in a frame
// on the stack and calls handler(kind, frame): kind = 0 sync, 1 IRQ,
// 2 FIQ, 3 SError, plus 4 when taken from a lower EL.
.macro VENTRY el, kind
  .balign 0x80
  sub   sp, sp, #FRAME_SIZE
  stp   x0, x1, [sp, #0]
  mov   x0, #\kind
  b     save_\el
.endm

.macro VTABLE el
  .balign 0x800
  .global vectors_\el
vectors_\el:
  VENTRY \el, 0
  VENTRY \el, 1
  VENTRY \el, 2
  VENTRY \el, 3
  VENTRY \el, 0
  VENTRY \el, 1
  VENTRY \el, 2
  VENTRY \el, 3
  VENTRY \el, 4
  VENTRY \el, 5
  VENTRY \el, 6
  VENTRY \el, 7
  VENTRY \el, 4
  VENTRY \el, 5
  VENTRY \el, 6
  VENTRY \el, 7
.endm

.macro SAVE_RESTORE el
save_\el:
  stp   x2, x3, [sp, #16]
  stp   x4, x5, [sp, #32]
  stp   x6, x7, [sp, #48]
  stp   x8, x9, [sp, #64]
  stp   x10, x11, [sp, #80]
  stp   x12, x13, [sp, #96]
  stp   x14, x15, [sp, #112]
  stp   x16, x17, [sp, #128]
  stp   x18, x19, [sp, #144]
  stp   x20, x21, [sp, #160]
  stp   x22, x23, [sp, #176]
  stp   x24, x25, [sp, #192]
  stp   x26, x27, [sp, #208]
  stp   x28, x29, [sp, #224]
  mrs   x9, elr_\el
  mrs   x10, spsr_\el
  stp   x30, x9, [sp, #240]
  str   x10, [sp, #256]
  mov   x1, sp
  bl    handler_\el
  ldp   x30, x9, [sp, #240]
  ldr   x10, [sp, #256]
  msr   elr_\el, x9
  msr   spsr_\el, x10
  ldp   x0, x1, [sp, #0]
  ldp   x2, x3, [sp, #16]
  ldp   x4, x5, [sp, #32]
  ldp   x6, x7, [sp, #48]
  ldp   x8, x9, [sp, #64]
  ldp   x10, x11, [sp, #80]
  ldp   x12, x13, [sp, #96]
  ldp   x14, x15, [sp, #112]
  ldp   x16, x17, [sp, #128]
  ldp   x18, x19, [sp, #144]
  ldp   x20, x21, [sp, #160]
  ldp   x22, x23, [sp, #176]
  ldp   x24, x25, [sp, #192]
  ldp   x26, x27, [sp, #208]
  ldp   x28, x29, [sp, #224]
  add   sp, sp, #FRAME_SIZE
  eret
.endm

  .text
  VTABLE el2
  VTABLE el1
  SAVE_RESTORE el2
  SAVE_RESTORE el1

// PSCI over SMC (QEMU virt with virtualization=on uses the SMC conduit).
  .global psci_call
psci_call:
  smc   #0
  ret
