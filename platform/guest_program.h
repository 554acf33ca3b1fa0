// What a guest runs on the CPU stubs besides taking interrupts: the main job
// has no program (its guests handle interrupts and wait); the micro-benchmark
// mode runs kvm-unit-tests-style operations. A program also owns the host
// threads of its platform (an I/O backend).
#pragma once

#include <cstdint>
#include <systemc>

namespace gicsim {

// The operations a guest (or a host thread) performs on a CPU stub; each
// is charged to the stub's time along the path it takes (cost_model.h).
class GuestOps {
 public:
  virtual ~GuestOps() = default;
  virtual unsigned cpu() const = 0;
  // Local time of the stub (temporal decoupling included), in cycles.
  virtual uint64_t cycles() const = 0;
  // Guest operations.
  virtual void hvc() = 0;                                   // a hypercall (traps)
  virtual uint32_t gicd_read(uint32_t offset) = 0;          // emulated GICD (traps)
  virtual void eoi(uint32_t value) = 0;                     // ICV_EOIR1 / GICV_EOIR
  virtual void send_sgi(unsigned target_vcpu, unsigned sgi) = 0;  // ICC_SGI1R / GICD_SGIR
  virtual void io_out(unsigned backend_cpu) = 0;  // a doorbell write (ioeventfd)
  // Host thread operations (the backend).
  virtual void inject_spi(unsigned vm, unsigned intid) = 0;  // irqfd
  // Notifies ev at the stub's local time (a store another CPU waits for).
  virtual void post(sc_core::sc_event& ev) = 0;
};

class GuestProgram {
 public:
  enum class Step {
    Ran,   // did something; run again
    Spin,  // waits in the guest for `changed` or an interrupt (no trap)
    Wfi,   // executes WFI (traps as cpu.wfi_trap says)
    Block, // executes WFI on a CPU shared with other tasks: it traps and blocks
  };
  virtual ~GuestProgram() = default;
  // vCPU (vm, vcpu) runs with no interrupt to take.
  virtual Step run(GuestOps& g, unsigned vm, unsigned vcpu) = 0;
  // Its interrupt handler, between acknowledge and EOI.
  virtual void on_irq(GuestOps& g, unsigned vm, unsigned vcpu, unsigned intid) = 0;
  // A host thread on cpu (woken by an I/O doorbell): whether it is runnable.
  virtual bool host_runnable(unsigned /*cpu*/) const { return false; }
  virtual void host_run(GuestOps& /*g*/) {}
  // A doorbell for the backend on cpu was rung (it becomes runnable).
  virtual void doorbell(unsigned /*cpu*/) {}
  sc_core::sc_event changed;
};

}  // namespace gicsim
