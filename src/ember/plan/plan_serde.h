#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "ember/plan/physical_plan.h"

namespace ember {

/// Identifies the layout of serialized plans (proto/plan.proto); a reader rejects other versions
/// instead of misreading them.
inline constexpr uint32_t kPlanFormatVersion = 1;

/// Says which exchanges keep their subtrees when a plan is serialized. A task needs only its
/// stage's fragment: the rows of the exchanges below it arrive as shuffle blocks or broadcasts.
enum class ExchangeSubtrees {
  kKeep,          // the whole tree
  kCutBelowRoot,  // exchanges other than the root are stage inputs (map and sampling tasks)
  kCutAll,        // every exchange, the root too, is a stage input (result and write tasks)
};

/// Returns the protobuf bytes of `plan` (proto/plan.proto). Nodes, expressions, local data and
/// file sources shared within the plan are written once and stay shared when read back.
std::string SerializePlan(const PhysicalPlanPtr& plan,
                          ExchangeSubtrees subtrees = ExchangeSubtrees::kKeep);

/// Reads a plan written by SerializePlan. The bytes may come from another process, so every
/// index, enum, child count and column reference is checked: bad bytes raise an IO error
/// (INVALID_SERIALIZED_DATA) saying what is wrong, never a crash.
PhysicalPlanPtr DeserializePlan(std::string_view bytes);

}  // namespace ember
