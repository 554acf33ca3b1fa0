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
  virtual void hvc() = 0;                                         // a hypercall (traps)
  virtual uint32_t gicd_read(uint32_t offset) = 0;                // emulated GICD (traps)
  virtual void eoi(uint32_t value) = 0;                           // ICV_EOIR1 / GICV_EOIR
  virtual void send_sgi(unsigned target_vcpu, unsigned sgi) = 0;  // ICC_SGI1R / GICD_SGIR
  virtual void io_out(unsigned backend_cpu) = 0;                  // a doorbell write (ioeventfd)
  // Host thread operations (the backend).
  virtual void inject_spi(unsigned vm, unsigned intid) = 0;  // irqfd
  // Notifies q at the stub's local time (a store another CPU waits for).
  virtual void post(sc_core::sc_event_queue& q) = 0;
};

class GuestProgram {
 public:
  enum class Step {
    Ran,    // did something; run again
    Spin,   // waits in the guest for `changed` or an interrupt (no trap)
    Wfi,    // executes WFI (traps as cpu.wfi_trap says)
    Block,  // executes WFI on a CPU shared with other tasks: it traps and blocks
  };
  virtual ~GuestProgram() = default;
  // vCPU (vm, vcpu) runs with no interrupt to take.
  virtual Step run(GuestOps& g, unsigned vm, unsigned vcpu) = 0;
  // Its interrupt handler, between acknowledge and EOI.
  virtual void on_irq(GuestOps& g, unsigned vm, unsigned vcpu, unsigned intid) = 0;
  // vCPU (vm, vcpu) blocked in WFI (at g's time).
  virtual void on_blocked(GuestOps& /*g*/, unsigned /*vm*/, unsigned /*vcpu*/) {}
  // A host thread on cpu (woken by an I/O doorbell): whether it is runnable.
  virtual bool host_runnable(unsigned /*cpu*/) const { return false; }
  // One step of that thread (Spin: it polls for `changed`, Wfi: it sleeps).
  virtual Step host_run(GuestOps& /*g*/) { return Step::Wfi; }
  // A doorbell for the backend on cpu was rung (it becomes runnable).
  virtual void doorbell(unsigned /*cpu*/) {}
  // Notified (at the poster's local time) when a CPU stores something
  // another one polls for. A program's flags carry the time they were set,
  // so a CPU running behind does not see them early.
  // A queue: notifications posted for different times all arrive.
  sc_core::sc_event_queue changed{"program_changed"};
};

}  // namespace gicsim
