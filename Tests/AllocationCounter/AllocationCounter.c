// Test support: interposes the C allocator so a test can count the heap allocations made by
// one thread over a region of code. Every call forwards to glibc's implementation; counting
// is a thread-local flag and counter, so other threads and other tests are unaffected.
#define _GNU_SOURCE
#include "AllocationCounter.h"
#include <stddef.h>
#include <errno.h>

// Under a sanitizer (swift build --sanitize=thread|address) the sanitizer owns the allocator:
// forwarding to glibc's would hand its blocks to the sanitizer's free, and the process crashes at
// start. There the counter is off (allocation_counter_stop returns -1) and scripts/tsan.sh skips
// the suites that count.
#if defined(__has_feature)
#if __has_feature(thread_sanitizer) || __has_feature(address_sanitizer)
#define ALLOCATION_COUNTER_UNDER_SANITIZER 1
#endif
#endif

#if defined(__linux__) && defined(__GLIBC__) && !defined(ALLOCATION_COUNTER_UNDER_SANITIZER)
extern void *__libc_malloc(size_t);
extern void *__libc_calloc(size_t, size_t);
extern void *__libc_realloc(void *, size_t);
extern void *__libc_memalign(size_t, size_t);
extern void __libc_free(void *);

static __thread int counting = 0;
static __thread int64_t count = 0;

void allocation_counter_start(void) { count = 0; counting = 1; }
int64_t allocation_counter_stop(void) { counting = 0; return count; }

void *malloc(size_t size) { if (counting) count++; return __libc_malloc(size); }
void *calloc(size_t n, size_t size) { if (counting) count++; return __libc_calloc(n, size); }
void *realloc(void *p, size_t size) { if (counting) count++; return __libc_realloc(p, size); }
void free(void *p) { __libc_free(p); }
void *memalign(size_t alignment, size_t size) { if (counting) count++; return __libc_memalign(alignment, size); }
void *aligned_alloc(size_t alignment, size_t size) { if (counting) count++; return __libc_memalign(alignment, size); }
int posix_memalign(void **out, size_t alignment, size_t size) {
    if (counting) count++;
    void *p = __libc_memalign(alignment, size);
    if (!p) return ENOMEM;
    *out = p;
    return 0;
}
#else
void allocation_counter_start(void) {}
int64_t allocation_counter_stop(void) { return -1; }
#endif
