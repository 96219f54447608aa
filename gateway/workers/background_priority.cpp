#include "gateway/workers/background_priority.hpp"

#include <pthread.h>
#include <sys/resource.h>
#include <unistd.h>

namespace tipline::gateway {

void run_this_thread_in_background(const char* name) {
  // Lowered before it is named: whoever sees the name sees the priority too.
  ::setpriority(PRIO_PROCESS, static_cast<id_t>(::gettid()), 19);
  ::pthread_setname_np(::pthread_self(), name);
}

}  // namespace tipline::gateway
