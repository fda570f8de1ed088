/*
 * tests/unit/harness.h — the small layer every CUnit test program shares:
 * a table form for suites, skips with a printed reason, and the closing
 * "N passed, N failed[, N skipped]" line tests/run-tests.sh adds up.
 */
#ifndef GINET_TEST_HARNESS_H
#define GINET_TEST_HARNESS_H

#include <CUnit/CUnit.h>

typedef struct ginet_test_case {
    const char *name;
    void (*fn)(void);
} ginet_test_case;

typedef struct ginet_test_suite {
    const char *name;
    int (*init)(void);          /* may be NULL */
    int (*cleanup)(void);       /* may be NULL */
    const ginet_test_case *cases; /* ended by a {NULL, NULL} entry */
} ginet_test_suite;

/* Run SUITES (ended by an entry with a NULL name).  Arguments select suites
 * or "suite/test" names to run (all when none).  Prints every failure,
 * every skip with its reason, and the summary line; returns the exit
 * status for main(). */
int ginet_test_main(const ginet_test_suite *suites, int argc, char **argv);

/* Mark the running test as skipped with REASON (printf format) and return
 * from it.  A skipped test is never counted as passed. */
void ginet_test_skip_(const char *fmt, ...)
    __attribute__((format(printf, 1, 2)));
#define GINET_SKIP(...) do { ginet_test_skip_(__VA_ARGS__); return; } while (0)

#endif
