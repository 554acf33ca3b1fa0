// A small EL2 hypervisor for one vCPU on core 0, the way KVM's vgic works in
// miniature: a software queue of virtual interrupts sorted by priority,
// list registers filled with the highest-priority ones (ICH_LR<n>_EL2 on
// GICv3, GICH_LR<n> on GICv2), the maintenance interrupt (PPI 25) for EOI
// and underflow (refill), a hardware-mapped virtual timer (PPI 27 with
// HW = 1), and trapped ICC_SGI1R_EL1 writes emulated. The guest calls it
// with HVC (x0 = function).
#pragma once

#include "bm.h"

#define VF_EOI 1u  // ask for an EOI maintenance interrupt (HW = 0 only)
#define VF_HW 2u   // hardware-mapped: pINTID = vINTID

enum {
  HVC_INJECT = 1,    // x1 intid, x2 priority, x3 flags: queue and fill LRs
  HVC_QUEUE = 2,     // the same without filling LRs (a batch)
  HVC_FLUSH = 3,     // fill LRs from the queue
  HVC_LR_STATE = 4,  // x1 intid: 0 none/invalid, 1 pending, 2 active, 3 both
  HVC_COUNTER = 5,   // x1 counter, x2 argument
  HVC_ICH_HCR = 6,   // ICH_HCR_EL2 |= x1, &= ~x2 (GICv3: the trap bits)
};
// Other trapped system-register accesses (EC 0x18) are emulated: a read
// returns TRAP_READ_VALUE; the syndrome is kept (CNT_LAST_TRAP_ISS).
#define TRAP_READ_VALUE 0xabul
// ICH_HCR_EL2 trap bits.
#define ICH_HCR_TC (1u << 10)
#define ICH_HCR_TALL0 (1u << 11)
#define ICH_HCR_TALL1 (1u << 12)
#define ICH_HCR_TDIR (1u << 14)
enum {
  CNT_EOI_MAINT = 0,   // EOI maintenance interrupts for INTID x2
  CNT_UNDERFLOW = 1,   // underflow maintenance interrupts
  CNT_VTIMER = 2,      // virtual timer interrupts injected
  CNT_SGI_TRAP = 3,    // trapped ICC_SGI1R_EL1 writes
  CNT_PHYS_ACTIVE = 4, // physical INTID x2 active (GICR_ISACTIVER0 / GICD_ISACTIVER0)
  CNT_QUEUED = 5,      // virtual interrupts waiting for a list register
  CNT_TRAP_ISS_OK = 6, // trapped SGI writes whose ESR_EL2 syndrome decoded right
  CNT_OTHER_TRAP = 7,  // other trapped GIC system-register accesses
  CNT_LAST_TRAP_ISS = 8,
};

// Brings up the physical GIC (version 3 or 2) at EL2 with EOImode 1, enables
// the maintenance and virtual-timer PPIs, the virtual CPU interface, and
// routes physical IRQ/FIQ to EL2 (HCR_EL2.IMO/FMO).
void hyp_init(int gic_version);
// Guest side: an HVC call.
u64 hvc(u64 fn, u64 a1, u64 a2, u64 a3);
