/* core/term.c — placeholder until the term work lands. */
#include <ginet/ginet.h>
