/* core/address.c — placeholder until the address work lands. */
#include <ginet/ginet.h>
