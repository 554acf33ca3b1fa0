#include <gtest/gtest.h>

#include "pending_set.h"
#include "priority.h"

using namespace gicsim;

TEST(PriorityLogic, FiveBitsResetAndClamps) {
  PriorityLogic p;
  p.configure(5, 5);
  EXPECT_EQ(p.bpr0, 2);
  EXPECT_EQ(p.bpr1, 3);
  p.set_bpr0(0);
  EXPECT_EQ(p.bpr0, 2);  // below the minimum: clamped
  p.set_bpr1(1);
  EXPECT_EQ(p.bpr1, 3);
  EXPECT_EQ(p.pri_mask(), 0xf8);
  EXPECT_EQ(p.ap_regs(), 1u);
  EXPECT_EQ(p.running_priority(), 0xff);
}

TEST(PriorityLogic, GroupPriorityUsesBinaryPoints) {
  PriorityLogic p;
  p.configure(8, 7);
  p.set_bpr0(3);  // group priority bits [7:4]
  p.set_bpr1(4);  // group 1 uses BPR1-1 = 3: bits [7:4]
  EXPECT_EQ(p.group_priority(0x5f, 0), 0x50);
  EXPECT_EQ(p.group_priority(0x5f, 1), 0x50);
  p.set_bpr1(0);  // clamps to min 1 -> bpr 0: bits [7:1]
  EXPECT_EQ(p.group_priority(0x5f, 1), 0x5e);
  p.cbpr = true;  // group 1 uses BPR0 and BPR1 reads BPR0+1
  EXPECT_EQ(p.group_priority(0x5f, 1), 0x50);
  EXPECT_EQ(p.bpr1_value(), 4);
}

TEST(PriorityLogic, ActivateDropRunningPriority) {
  PriorityLogic p;
  p.configure(5, 5);
  p.pmr = 0xff;
  EXPECT_TRUE(p.signals(0xa0, 1));
  p.activate(0xa0, 1);
  EXPECT_EQ(p.ap[1][0], 1u << 20);
  EXPECT_EQ(p.running_priority(), 0xa0);
  EXPECT_FALSE(p.signals(0xa0, 1));  // same group priority: no preemption
  EXPECT_TRUE(p.signals(0x80, 0));
  p.activate(0x80, 0);
  EXPECT_EQ(p.ap[0][0], 1u << 16);
  EXPECT_EQ(p.running_priority(), 0x80);
  EXPECT_EQ(p.drop(), 16);
  EXPECT_EQ(p.running_priority(), 0xa0);
  EXPECT_EQ(p.drop(), 20);
  EXPECT_EQ(p.drop(), -1);
}

// PriorityDrop clears one bit of one group: the same priority active in two
// groups takes two drops (Group 0 first unless a group is preferred).
TEST(PriorityLogic, DropClearsOneGroupOnly) {
  PriorityLogic p;
  p.configure(5, 5);
  p.ap[0][0] = p.ap[1][0] = 1u << 9;
  EXPECT_EQ(p.drop(), 9);
  EXPECT_EQ(p.ap[0][0], 0u);
  EXPECT_EQ(p.ap[1][0], 1u << 9);
  EXPECT_EQ(p.running_priority(), 9 << 3);
  p.ap[0][0] = 1u << 9;
  EXPECT_EQ(p.drop(1), 9);
  EXPECT_EQ(p.ap[0][0], 1u << 9);
  EXPECT_EQ(p.ap[1][0], 0u);
  EXPECT_TRUE(p.active_in(9, 0));
  EXPECT_FALSE(p.active_in(9, 1));
  EXPECT_EQ(p.ap_index(0x48, 0), 9);
}

TEST(PriorityLogic, PmrMasks) {
  PriorityLogic p;
  p.configure(5, 5);
  p.pmr = 0x80;
  EXPECT_FALSE(p.signals(0x80, 1));
  EXPECT_TRUE(p.signals(0x78, 1));
}

TEST(PriorityLogic, SevenPreemptionBitsUseFourRegisters) {
  PriorityLogic p;
  p.configure(8, 7);
  EXPECT_EQ(p.ap_regs(), 4u);
  p.set_bpr0(0);
  p.activate(0xfe, 0);  // index 127
  EXPECT_EQ(p.ap[0][3], 1u << 31);
  EXPECT_EQ(p.running_priority(), 0xfe);
}

TEST(PendingSetTest, TopIsLowestLevelThenLowestIntid) {
  PendingSet s(32);
  unsigned level, intid;
  EXPECT_FALSE(s.top(level, intid));
  s.insert(20, 900);
  s.insert(20, 40);
  s.insert(31, 1);
  ASSERT_TRUE(s.top(level, intid));
  EXPECT_EQ(level, 20u);
  EXPECT_EQ(intid, 40u);
  s.erase(20, 40);
  ASSERT_TRUE(s.top(level, intid));
  EXPECT_EQ(intid, 900u);
  s.erase(20, 900);
  ASSERT_TRUE(s.top(level, intid));
  EXPECT_EQ(level, 31u);
  EXPECT_TRUE(s.contains(31, 1));
  s.erase(31, 1);
  EXPECT_TRUE(s.empty());
}

// Issue 19: preemption compares group priorities. With BPR0 at its minimum,
// BPR1 = 5 and a Group 0 interrupt active at 0x48, a pending Group 1
// interrupt at 0x48 (group priority 0x40: Group 1 uses BPR1 - 1 = 4) must
// preempt; comparing the full priority (0x48 < 0x48) would not.
TEST(PriorityLogic, PreemptionComparesGroupPriority) {
  PriorityLogic p;
  p.configure(5, 5);
  p.pmr = 0xff;
  p.set_bpr1(5);
  EXPECT_EQ(p.bpr0, p.min_bpr0());
  p.activate(0x48, 0);
  EXPECT_EQ(p.running_priority(), 0x48);
  EXPECT_EQ(p.group_priority(0x48, 1), 0x40);
  EXPECT_TRUE(p.signals(0x48, 1));
  EXPECT_FALSE(p.signals(0x48, 0));  // Group 0 at BPR0 = 2: group priority 0x48, no preemption
}
