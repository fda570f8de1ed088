/*
 * platform/posix/closing.c — a closed socket's last callbacks, the same
 * in every backend (see closing.h).
 */
#include "platform/posix/closing.h"

#include <stddef.h>

int ginet__close_deliver(ginet_bk_complete_fn complete, void *ctx, void *sock,
                         ginet_bk_req **in, ginet_bk_req **out,
                         ginet_bk_req *close_req, pthread_mutex_t *lock)
{
    ginet_bk_req *i = *in, *o = *out;
    int n = 0;
    *in = *out = NULL;
    if (i != NULL) {
        complete(ctx, sock, i);
        n++;
    }
    if (o != NULL) {
        complete(ctx, sock, o);
        n++;
    }
    pthread_mutex_destroy(lock);
    complete(ctx, sock, close_req);          /* the last word on SOCK */
    return n + 1;
}
