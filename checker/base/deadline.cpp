#include "base/deadline.h"

#include <algorithm>
#include <cmath>
#include <utility>

namespace ptmc {

deadline::deadline(clock::time_point at, clock_function now) : at_(at), now_(std::move(now)) {}

deadline deadline::after(double seconds, clock_function now) {
  if (!(seconds > 0)) return {};
  const clock::time_point start = now ? now() : clock::now();
  // A limit beyond what the clock can count is no limit in practice (about 292 years).
  const double max_seconds = std::chrono::duration<double>(clock::time_point::max() - start).count();
  if (!std::isfinite(seconds) || seconds >= max_seconds) return {};
  return deadline(start + std::chrono::duration_cast<clock::duration>(std::chrono::duration<double>(seconds)),
                  std::move(now));
}

deadline::clock::time_point deadline::now() const { return now_ ? now_() : clock::now(); }

bool deadline::passed() const { return at_ && now() >= *at_; }

double deadline::remaining_seconds() const {
  if (!at_) return -1;
  return std::max(0.0, std::chrono::duration<double>(*at_ - now()).count());
}

}  // namespace ptmc
