#pragma once
// Background threads (a workspace scan's walker and workers) run at a lower priority and give
// the CPU away at safe points. Priority alone is not enough: a kernel with a 4 ms tick (HZ=250)
// lets a background thread keep a CPU until the next tick while a runnable event loop waits.

namespace cc {

// Lowers the calling thread's scheduling priority (nice +10) and marks it as background for
// background_checkpoint(). Best effort; returns false when the platform or permissions do not
// allow it.
bool lower_current_thread_priority();

// On a background thread, gives the CPU to any waiting thread once it has run 250 µs since its
// last yield; elsewhere does nothing. Cheap enough to call per file or per 64 KiB of input.
void background_checkpoint();

}  // namespace cc
