/* core/error.c — placeholder until the error work lands. */
#include <ginet/ginet.h>
