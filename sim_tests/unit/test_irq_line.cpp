#include <gtest/gtest.h>

#include "irq_line.h"

using namespace gicsim;

TEST(IrqLine, ListenersCalledOnlyOnChange) {
  IrqLine l;
  std::vector<bool> seen;
  l.connect([&](bool v) { seen.push_back(v); });
  EXPECT_FALSE(l.set(false));
  EXPECT_TRUE(l.set(true));
  EXPECT_FALSE(l.set(true));
  EXPECT_TRUE(l.set(false));
  EXPECT_EQ(seen, (std::vector<bool>{true, false}));
  EXPECT_EQ(l.changes(), 2u);
}

TEST(IrqLine, PulseIsRiseThenFall) {
  IrqLine l;
  std::vector<bool> seen;
  l.connect([&](bool v) { seen.push_back(v); });
  l.pulse();
  EXPECT_EQ(seen, (std::vector<bool>{true, false}));
  EXPECT_FALSE(l.read());
}

TEST(IrqLine, ForwardsIntoAnotherLine) {
  IrqLine a, b;
  a.connect(b);
  int calls = 0;
  b.connect([&](bool) { ++calls; });
  a.raise();
  EXPECT_TRUE(b.read());
  a.raise();
  EXPECT_EQ(calls, 1);
  a.lower();
  EXPECT_FALSE(b.read());
}

TEST(IrqLines, VectorOfIndependentLines) {
  IrqLines v(8);
  EXPECT_EQ(v.size(), 8u);
  v[3].raise();
  for (size_t i = 0; i < v.size(); ++i) EXPECT_EQ(v[i].read(), i == 3);
}
