// Test support for `swift build --sanitize=thread` (scripts/tsan.sh); an empty file otherwise.
//
// Why: on Linux, `Synchronization.Mutex` takes its fast path with an atomic compare-and-swap that
// is inlined into the caller (so ThreadSanitizer sees it), but a contended lock or unlock goes
// through `_MutexHandle._lockSlow` / `_unlockSlow` in libswiftSynchronization.so, which is not
// instrumented and hands the lock over inside the kernel (futex FUTEX_LOCK_PI / FUTEX_UNLOCK_PI).
// ThreadSanitizer then sees no synchronisation between the previous owner's critical section and
// the next one's, and reports a "Swift access race" on the value the Mutex protects. A ten-line
// program of four threads appending to a `Mutex<[Int]>` is reported that way with Swift 6.3.1, so
// the report is about the runtime, not about this project.
//
// What: the test binary defines those three functions itself (a definition in the executable wins
// over the shared library's for every call made from the executable's code). Each calls the real
// one, found with dlsym(RTLD_NEXT), and tells ThreadSanitizer what happened: a release of the
// Mutex before the slow unlock, an acquire after the slow lock. That is the lock's real
// happens-before edge, not a suppression: accesses that are not ordered by the lock are still
// reported. If a toolchain renames these symbols, nothing calls these definitions any more and the
// false reports come back; update the names from `nm -D libswiftSynchronization.so`.
//
// The `self` of a Swift method (here the address of the Mutex's atomic word) travels in the
// register Clang's `swift_context` parameter uses (LLVM `swiftself`: r13 on x86-64, x20 on arm64).
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#if defined(__has_feature)
#if __has_feature(thread_sanitizer) && defined(__linux__)

void __tsan_acquire(void *address);
void __tsan_release(void *address);

#define LOCK_SLOW "$s15Synchronization12_MutexHandleV9_lockSlowyys6UInt32VF"
#define TRY_LOCK_SLOW "$s15Synchronization12_MutexHandleV12_tryLockSlowSbyF"
#define UNLOCK_SLOW "$s15Synchronization12_MutexHandleV11_unlockSlowyyF"

typedef __attribute__((swiftcall)) void (*LockSlow)(uint32_t, __attribute__((swift_context)) void *);
typedef __attribute__((swiftcall)) bool (*TryLockSlow)(__attribute__((swift_context)) void *);
typedef __attribute__((swiftcall)) void (*UnlockSlow)(__attribute__((swift_context)) void *);

static void *next_definition(const char *name) {
    void *function = dlsym(RTLD_NEXT, name);
    if (function == NULL) {
        fprintf(stderr, "TSanMutexAnnotations: %s not found in libswiftSynchronization\n", name);
        abort();
    }
    return function;
}

__attribute__((swiftcall)) void tsan_mutex_lock_slow(uint32_t self_id, __attribute__((swift_context)) void *handle)
    __asm__(LOCK_SLOW);
__attribute__((swiftcall)) void tsan_mutex_lock_slow(uint32_t self_id, __attribute__((swift_context)) void *handle) {
    static LockSlow cached;
    LockSlow real = __atomic_load_n(&cached, __ATOMIC_ACQUIRE);
    if (real == NULL) {
        real = (LockSlow)next_definition(LOCK_SLOW);
        __atomic_store_n(&cached, real, __ATOMIC_RELEASE);
    }
    real(self_id, handle);
    __tsan_acquire(handle);
}

__attribute__((swiftcall)) bool tsan_mutex_try_lock_slow(__attribute__((swift_context)) void *handle)
    __asm__(TRY_LOCK_SLOW);
__attribute__((swiftcall)) bool tsan_mutex_try_lock_slow(__attribute__((swift_context)) void *handle) {
    static TryLockSlow cached;
    TryLockSlow real = __atomic_load_n(&cached, __ATOMIC_ACQUIRE);
    if (real == NULL) {
        real = (TryLockSlow)next_definition(TRY_LOCK_SLOW);
        __atomic_store_n(&cached, real, __ATOMIC_RELEASE);
    }
    bool locked = real(handle);
    if (locked) __tsan_acquire(handle);
    return locked;
}

__attribute__((swiftcall)) void tsan_mutex_unlock_slow(__attribute__((swift_context)) void *handle)
    __asm__(UNLOCK_SLOW);
__attribute__((swiftcall)) void tsan_mutex_unlock_slow(__attribute__((swift_context)) void *handle) {
    static UnlockSlow cached;
    UnlockSlow real = __atomic_load_n(&cached, __ATOMIC_ACQUIRE);
    if (real == NULL) {
        real = (UnlockSlow)next_definition(UNLOCK_SLOW);
        __atomic_store_n(&cached, real, __ATOMIC_RELEASE);
    }
    __tsan_release(handle);
    real(handle);
}

#endif
#endif
