/*
 * core/version.c — the library's run-time version.
 */
#include <ginet/ginet.h>

GINET_API const char *ginet_version(void)
{
    return GINET_VERSION_STRING;
}
