/*
 * core/runtime.c — owns APR's initialisation and the library's root pool.
 */
#include "core/runtime.h"

#include <ginet/ginet.h>

#include <apr_general.h>
#include <pthread.h>

static pthread_once_t once = PTHREAD_ONCE_INIT;
static int init_status = GINET_ENOMEM;
static apr_pool_t *root_pool;

static void init_once(void)
{
    if (apr_initialize() != APR_SUCCESS) {
        init_status = GINET_ENOMEM;
        return;
    }
    if (apr_pool_create(&root_pool, NULL) != APR_SUCCESS) {
        init_status = GINET_ENOMEM;
        return;
    }
    init_status = 0;
}

int ginet__runtime_init(void)
{
    pthread_once(&once, init_once);
    return init_status;
}

apr_pool_t *ginet__runtime_pool(void)
{
    return root_pool;
}
