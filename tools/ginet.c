/* placeholder */
#include <ginet/ginet.h>
#include <stdio.h>
int main(void) { printf("ginet %s\n", ginet_version()); return 0; }
