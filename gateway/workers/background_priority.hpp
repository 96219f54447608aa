#pragma once
// Receiving comes first: a burst of webhooks is acknowledged at full speed, and the
// work that can wait (filing kept deliveries, sending replies) takes the time the
// gateway has to spare. Every reporter's message is already durable by then.

namespace tipline::gateway {

// Lowers the calling thread to nice 19 and names it (as `top -H` and /proc show it; at
// most 15 characters); threads it starts later inherit both. Nice 19 rather than
// SCHED_IDLE, so that other busy processes on the machine cannot stop background work
// altogether. Linux gives each thread its own nice value.
void run_this_thread_in_background(const char* name);

}  // namespace tipline::gateway
