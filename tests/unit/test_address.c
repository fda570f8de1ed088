/* tests/unit/test_address.c — placeholder. */
#include "harness.h"
static void placeholder(void) { CU_ASSERT(1); }
static const ginet_test_case cases[] = { {"placeholder", placeholder}, {NULL, NULL} };
static const ginet_test_suite suites[] = { {"address", NULL, NULL, cases}, {NULL, NULL, NULL, NULL} };
int main(int argc, char **argv) { return ginet_test_main(suites, argc, argv); }
