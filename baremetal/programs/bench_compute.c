// Benchmark: a compute loop at EL2 with the GIC attached (and idle):
// ITERATIONS rounds of integer work, then a checksum.
#include "bm.h"

#define ITERATIONS 20000000ul

int main(void) {
  u64 a = 1, b = 2, c = 3;
  for (u64 i = 0; i < ITERATIONS; ++i) {
    a = a * 6364136223846793005ul + b;
    b ^= a >> 7;
    c += a ^ b;
  }
  puts("bench-compute: checksum ");
  put_hex(c);
  putc('\n');
  return 0;
}
