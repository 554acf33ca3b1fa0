// A tiny bare-metal library for the test programs: UART output, PSCI,
// system-register and MMIO access, the GICv3/GICv2 registers the programs
// use (QEMU virt addresses), the generic timer, and exception frames.
#pragma once

typedef unsigned long u64;
typedef unsigned int u32;
typedef unsigned char u8;
typedef long s64;

#define NULL ((void*)0)

// Exception frame saved by the vectors (lib/start.S).
struct frame {
  u64 x[31];
  u64 elr, spsr, pad;
};
// kind passed to handler_el1/handler_el2.
enum { EXC_SYNC = 0, EXC_IRQ = 1, EXC_FIQ = 2, EXC_SERROR = 3, EXC_LOWER = 4 };

#define SYSREG_READ(enc) ({ u64 v_; __asm__ volatile("mrs %0, " #enc : "=r"(v_)); v_; })
#define SYSREG_WRITE(enc, v) __asm__ volatile("msr " #enc ", %0" ::"r"((u64)(v)))
#define ISB() __asm__ volatile("isb" ::: "memory")
#define DSB() __asm__ volatile("dsb sy" ::: "memory")
#define WFI() __asm__ volatile("wfi" ::: "memory")
#define IRQ_ENABLE() __asm__ volatile("msr daifclr, #3" ::: "memory")
#define IRQ_DISABLE() __asm__ volatile("msr daifset, #3" ::: "memory")

// GICv3 CPU interface registers (encodings: IHI 0069 12.1).
#define ICC_PMR_EL1 S3_0_C4_C6_0
#define ICC_IAR1_EL1 S3_0_C12_C12_0
#define ICC_EOIR1_EL1 S3_0_C12_C12_1
#define ICC_HPPIR1_EL1 S3_0_C12_C12_2
#define ICC_BPR1_EL1 S3_0_C12_C12_3
#define ICC_DIR_EL1 S3_0_C12_C11_1
#define ICC_RPR_EL1 S3_0_C12_C11_3
#define ICC_SGI1R_EL1 S3_0_C12_C11_5
#define ICC_CTLR_EL1 S3_0_C12_C12_4
#define ICC_SRE_EL1 S3_0_C12_C12_5
#define ICC_IGRPEN1_EL1 S3_0_C12_C12_7
#define ICC_SRE_EL2 S3_4_C12_C9_5
#define ICH_HCR_EL2 S3_4_C12_C11_0
#define ICH_VTR_EL2 S3_4_C12_C11_1
#define ICH_MISR_EL2 S3_4_C12_C11_2
#define ICH_EISR_EL2 S3_4_C12_C11_3
#define ICH_ELRSR_EL2 S3_4_C12_C11_5
#define ICH_VMCR_EL2 S3_4_C12_C11_7
#define ICH_LR0_EL2 S3_4_C12_C12_0
#define ICH_LR1_EL2 S3_4_C12_C12_1
#define ICH_LR2_EL2 S3_4_C12_C12_2
#define ICH_LR3_EL2 S3_4_C12_C12_3

// ICH_LR<n>_EL2 fields.
#define LR_STATE_PENDING (1ul << 62)
#define LR_STATE_ACTIVE (2ul << 62)
#define LR_STATE_MASK (3ul << 62)
#define LR_HW (1ul << 61)
#define LR_GROUP1 (1ul << 60)
#define LR_EOI (1ul << 41)
#define LR_PRIO(p) ((u64)((p) & 0xff) << 48)
#define LR_PINTID(i) ((u64)((i) & 0x1fff) << 32)
// ICH_HCR_EL2 / ICH_MISR_EL2 fields.
#define ICH_HCR_EN (1u << 0)
#define ICH_HCR_UIE (1u << 1)
#define ICH_MISR_EOI (1u << 0)
#define ICH_MISR_U (1u << 1)

u64 ich_lr_read(unsigned n);
void ich_lr_write(unsigned n, u64 v);
unsigned ich_num_lrs(void);

// MMIO.
static inline u32 mmio_read32(u64 a) { return *(volatile u32*)a; }
static inline void mmio_write32(u64 a, u32 v) { *(volatile u32*)a = v; }
static inline u64 mmio_read64(u64 a) { return *(volatile u64*)a; }
static inline void mmio_write64(u64 a, u64 v) { *(volatile u64*)a = v; }

// QEMU virt memory map.
#define GICD_BASE 0x08000000ul
#define GICC_BASE 0x08010000ul
#define GICH_BASE 0x08030000ul
#define GICV_BASE 0x08040000ul
#define GICR_BASE 0x080a0000ul
#define GICR_SGI(cpu) (GICR_BASE + (u64)(cpu) * 0x20000 + 0x10000)
#define GICR_RD(cpu) (GICR_BASE + (u64)(cpu) * 0x20000)

// UART and printing (PL011 at 0x09000000).
void putc(char c);
void puts(const char* s);
void put_dec(u64 v);
void put_hex(u64 v);
// "text" + decimal + newline.
void print_dec(const char* text, u64 v);

// PSCI (SMC conduit).
u64 psci_call(u64 fn, u64 a1, u64 a2, u64 a3);
u64 psci_cpu_on(u64 mpidr, void (*entry)(void), u64 context);
void psci_cpu_off(void);
void psci_system_off_status(u64 status) __attribute__((noreturn));
void secondary_entry(void);

// Program entry points and exception handlers (weak defaults in bm.c).
int main(void);
void secondary_main(u64 context);
void handler_el1(u64 kind, struct frame* f);
void handler_el2(u64 kind, struct frame* f);
void enter_el1(void (*fn)(u64), u64 arg) __attribute__((noreturn));
void unexpected(const char* where, u64 kind, struct frame* f) __attribute__((noreturn));

unsigned cpu_id(void);  // MPIDR Aff0

// Sleeps in WFI until *v >= want, without the lost wake-up: the check and
// the WFI run with IRQ and FIQ masked (a pending interrupt still ends WFI),
// and the interrupt is taken in the unmasked window that follows. Returns
// with interrupts unmasked.
void wfi_until(volatile unsigned* v, unsigned want);

// GICv3 physical bring-up as an OS does it.
void gicv3_dist_init(void);
void gicv3_redist_init(unsigned cpu);
void gicv3_cpuif_init(void);  // ICC_SRE/PMR/BPR/IGRPEN1 at the current EL
void gicv3_enable_ppi(unsigned cpu, unsigned intid, unsigned prio);
void gicv3_enable_spi(unsigned intid, unsigned prio, u64 mpidr);

// Generic timer.
static inline u64 cnt_freq(void) { return SYSREG_READ(cntfrq_el0); }

// Result checks: print "ok <what>" or "FAIL <what>" and count failures;
// finish() prints PASS or FAIL and powers off with the failure count.
extern unsigned failures;
void check(int ok, const char* what);
void finish(void) __attribute__((noreturn));
// From EL2: lets EL1 use the GIC's system registers (ICC_SRE_EL2.Enable,
// SRE) and enters fn at EL1.
void main_at_el1(void (*fn)(u64)) __attribute__((noreturn));
// Distributor, core 0's redistributor and CPU interface (EOImode 0).
void gicv3_init_cpu0(void);
