/*
 * tests/unit/harness.c — runs table-described CUnit suites, records skips,
 * and prints the summary line the test runner reads.
 */
#include "harness.h"

#include <CUnit/Basic.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static unsigned skipped;

void ginet_test_skip_(const char *fmt, ...)
{
    va_list ap;
    CU_pTest t = CU_get_current_test();
    CU_pSuite s = CU_get_current_suite();
    printf("SKIP %s/%s: ", s ? s->pName : "?", t ? t->pName : "?");
    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
    printf("\n");
    fflush(stdout);
    skipped++;
}

static int selected(const char *suite, const char *test, int argc, char **argv)
{
    if (argc <= 1)
        return 1;
    for (int i = 1; i < argc; i++) {
        const char *slash = strchr(argv[i], '/');
        if (slash == NULL) {
            if (strcmp(argv[i], suite) == 0)
                return 1;
        } else if (strncmp(argv[i], suite, (size_t)(slash - argv[i])) == 0
                   && suite[slash - argv[i]] == '\0'
                   && (test == NULL || strcmp(slash + 1, test) == 0)) {
            return 1;
        }
    }
    return 0;
}

int ginet_test_main(const ginet_test_suite *suites, int argc, char **argv)
{
    if (CU_initialize_registry() != CUE_SUCCESS) {
        fprintf(stderr, "CUnit: %s\n", CU_get_error_msg());
        printf("0 passed, 1 failed\n");
        return 1;
    }
    for (const ginet_test_suite *s = suites; s->name != NULL; s++) {
        if (!selected(s->name, NULL, argc, argv))
            continue;
        CU_pSuite cs = CU_add_suite(s->name, s->init, s->cleanup);
        if (cs == NULL) {
            fprintf(stderr, "CUnit: %s\n", CU_get_error_msg());
            CU_cleanup_registry();
            printf("0 passed, 1 failed\n");
            return 1;
        }
        for (const ginet_test_case *c = s->cases; c->name != NULL; c++)
            if (selected(s->name, c->name, argc, argv))
                CU_add_test(cs, c->name, c->fn);
    }
    CU_basic_set_mode(CU_BRM_VERBOSE);
    CU_basic_run_tests();
    CU_basic_show_failures(CU_get_failure_list());
    printf("\n");

    unsigned run = CU_get_number_of_tests_run();
    unsigned failed = CU_get_number_of_tests_failed();
    unsigned suites_failed = CU_get_number_of_suites_failed();
    CU_cleanup_registry();

    /* A skipped test asserts nothing, so it is in `run` and not in `failed`. */
    unsigned passed = run - failed - (skipped <= run - failed ? skipped : 0);
    failed += suites_failed;   /* a suite whose init failed ran nothing */
    if (skipped)
        printf("%u passed, %u failed, %u skipped\n", passed, failed, skipped);
    else
        printf("%u passed, %u failed\n", passed, failed);
    return failed ? 1 : 0;
}
