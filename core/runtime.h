/*
 * core/runtime.h — process-wide initialisation of the library's internals
 * (APR), done once, on first use, from any thread.
 */
#ifndef GINET_CORE_RUNTIME_H
#define GINET_CORE_RUNTIME_H

#include <apr_pools.h>

/* Initialise APR once.  Returns 0 or a GINET_E* code. */
int ginet__runtime_init(void);

/* A process-lifetime APR pool for objects that live as long as the
 * library (loaded modules).  Valid after ginet__runtime_init() succeeded.
 * Creating sub-pools from it is thread-safe; allocating from it is not. */
apr_pool_t *ginet__runtime_pool(void);

#endif
