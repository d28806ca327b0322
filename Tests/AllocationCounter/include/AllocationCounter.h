#ifndef ALLOCATION_COUNTER_H
#define ALLOCATION_COUNTER_H
#include <stdint.h>

/// Starts counting heap allocations made by the calling thread (resets the count).
void allocation_counter_start(void);
/// Stops counting and returns the number of allocations the calling thread made since start.
int64_t allocation_counter_stop(void);

#endif
