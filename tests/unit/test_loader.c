/*
 * tests/unit/test_loader.c — the backend loader (include/ginet/loader.h):
 * name validation before any file is touched, the search path and the one
 * line naming what was searched, refusing modules that are wrong (another
 * ABI, another name, no entry symbol, not a module at all, a probe that
 * says no), caching, loading from many threads, and the listing.  The
 * wrong modules are built from fake_backend.c into tests/backends.
 */
#include "harness.h"
#include "config.h"

#include <ginet/ginet.h>
#include <ginet/backend.h>

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef GINET_MODULE_EXT
#define GINET_MODULE_EXT ".so"
#endif
#ifndef FAKE_BACKENDS_DIR
#error "FAKE_BACKENDS_DIR must name the directory of the fake modules"
#endif

static char junk_dir[64];

static void expect_fail(const char *name, int code, const char *text)
{
    const ginet_backend *bk = (const ginet_backend *)0x1;
    int rc = ginet_backend_load(name, &bk);
    if (rc != code)
        printf("  %s: got %s (%s), expected %s\n", name, ginet_error_atom(rc),
               ginet_last_error(), ginet_error_atom(code));
    CU_ASSERT_EQUAL(rc, code);
    CU_ASSERT(bk == (const ginet_backend *)0x1);   /* untouched on failure */
    if (text != NULL && strstr(ginet_last_error(), text) == NULL) {
        printf("  %s: '%s' lacks '%s'\n", name, ginet_last_error(), text);
        CU_FAIL("error text");
    }
    CU_ASSERT(strchr(ginet_last_error(), '\n') == NULL);   /* one line */
}

static void names_are_checked(void)
{
    expect_fail("", GINET_EINVAL, "not valid");
    expect_fail("../epoll", GINET_EINVAL, "not valid");
    expect_fail("a/b", GINET_EINVAL, "not valid");
    expect_fail("..", GINET_EINVAL, "not valid");
    expect_fail("9lives", GINET_EINVAL, "not valid");
    expect_fail("sp ace", GINET_EINVAL, "not valid");
    expect_fail("abcdefghijklmnopqrstuvwxyz0123456", GINET_EINVAL, "not valid");
    /* 32 characters is fine (and simply not there). */
    expect_fail("abcdefghijklmnopqrstuvwxyz012345", GINET_ENOENT, "not found");
}

static void not_found_names_the_path(void)
{
    expect_fail("nope", GINET_ENOENT, "backend 'nope' not found; searched: ");
    const char *e = ginet_last_error();
    CU_ASSERT(strstr(e, FAKE_BACKENDS_DIR) != NULL);
    CU_ASSERT(strstr(e, junk_dir) != NULL);
    char path[2048];
    long n = ginet_backend_search_path(path, sizeof path);
    CU_ASSERT(n > 0 && (size_t)n < sizeof path);
    CU_ASSERT(strstr(e, path) != NULL);          /* every directory, in order */
    CU_ASSERT(strstr(path, junk_dir) < strstr(path, FAKE_BACKENDS_DIR));
    /* A short buffer: truncated, still terminated, full length returned. */
    char small[8];
    CU_ASSERT_EQUAL(ginet_backend_search_path(small, sizeof small), n);
    CU_ASSERT_EQUAL(strlen(small), sizeof small - 1);
}

static void wrong_modules_are_refused(void)
{
    expect_fail("fakeabi", GINET_EINVAL, "speaks backend ABI 999");
    expect_fail("fakename", GINET_EINVAL, "calls itself 'somebody'");
    expect_fail("fakenosym", GINET_ELIBBAD, "has no ginet_backend_entry symbol");
    expect_fail("fakeprobe", GINET_EPERM, "cannot run here: the fake kernel says no");
    expect_fail("junk", GINET_ELIBBAD, "cannot load");
    /* Failures are not cached: the same answer again. */
    expect_fail("fakeabi", GINET_EINVAL, "speaks backend ABI 999");
}

static void good_module_is_cached(void)
{
    const ginet_backend *a = NULL, *b = NULL;
    CU_ASSERT_EQUAL(ginet_backend_load("fakeok", &a), 0);
    CU_ASSERT_EQUAL(ginet_backend_load("fakeok", &b), 0);
    CU_ASSERT_PTR_NOT_NULL(a);
    CU_ASSERT_PTR_EQUAL(a, b);
    CU_ASSERT_STRING_EQUAL(a->name, "fakeok");
    CU_ASSERT_EQUAL(a->abi_version, GINET_BACKEND_ABI_VERSION);
}

struct loader_thread { const char *name; const ginet_backend *bk; int rc; };

static void *load_in_thread(void *arg)
{
    struct loader_thread *t = arg;
    t->rc = ginet_backend_load(t->name, &t->bk);
    return NULL;
}

static void loads_from_many_threads(void)
{
    struct loader_thread t[8];
    pthread_t th[8];
    for (int i = 0; i < 8; i++) {
        t[i] = (struct loader_thread){ i % 2 ? "fakeok" : "fakeprobe", NULL, 1 };
        pthread_create(&th[i], NULL, load_in_thread, &t[i]);
    }
    for (int i = 0; i < 8; i++)
        pthread_join(th[i], NULL);
    for (int i = 0; i < 8; i++) {
        if (i % 2) {
            CU_ASSERT_EQUAL(t[i].rc, 0);
            CU_ASSERT_PTR_EQUAL(t[i].bk, t[1].bk);
        } else {
            CU_ASSERT_EQUAL(t[i].rc, GINET_EPERM);
        }
    }
}

static void default_from_environment(void)
{
    char *saved = getenv("GINET_BACKEND") ? strdup(getenv("GINET_BACKEND")) : NULL;
    setenv("GINET_BACKEND", "fakeok", 1);
    CU_ASSERT_STRING_EQUAL(ginet_backend_default(), "fakeok");
    const ginet_backend *bk = NULL;
    CU_ASSERT_EQUAL(ginet_backend_load(NULL, &bk), 0);
    CU_ASSERT(bk != NULL && strcmp(bk->name, "fakeok") == 0);
    setenv("GINET_BACKEND", "nope", 1);
    expect_fail(NULL, GINET_ENOENT, "backend 'nope' not found; searched: ");
    setenv("GINET_BACKEND", "", 1);            /* empty: the configured default */
    CU_ASSERT(strcmp(ginet_backend_default(), "nope") != 0);
    CU_ASSERT(ginet_backend_default()[0] != '\0');
    if (saved != NULL) {
        setenv("GINET_BACKEND", saved, 1);
        free(saved);
    } else {
        unsetenv("GINET_BACKEND");
    }
}

static void listing(void)
{
    ginet_backend_info *list = NULL;
    size_t n = 0;
    CU_ASSERT_EQUAL_FATAL(ginet_backends(&list, &n), 0);
    CU_ASSERT(n >= 5);
    CU_ASSERT(list[0].is_default);
    CU_ASSERT_STRING_EQUAL(list[0].name, ginet_backend_default());
    int seen_ok = 0, seen_probe = 0, seen_known = 0, defaults = 0;
    for (size_t i = 0; i < n; i++) {
        const ginet_backend_info *b = &list[i];
        defaults += b->is_default;
        CU_ASSERT(b->loaded == (b->error == 0));
        CU_ASSERT(b->loaded ? b->reason[0] == '\0' : b->reason[0] != '\0');
        if (strcmp(b->name, "fakeok") == 0) {
            seen_ok = 1;
            CU_ASSERT(b->loaded);
            CU_ASSERT(b->caps & GINET_BKCAP_READINESS);
            CU_ASSERT(strstr(b->path, "fakeok") != NULL);
            CU_ASSERT_STRING_EQUAL(b->description, "a fake backend for the loader tests");
        } else if (strcmp(b->name, "fakeprobe") == 0) {
            seen_probe = 1;
            CU_ASSERT_EQUAL(b->error, GINET_EPERM);
            CU_ASSERT(strstr(b->reason, "the fake kernel says no") != NULL);
            CU_ASSERT(strstr(b->path, "fakeprobe") != NULL);
        } else if (strcmp(b->name, "kqueue") == 0 || strcmp(b->name, "iocp") == 0) {
            seen_known++;                        /* listed even where absent */
        }
    }
    CU_ASSERT_EQUAL(defaults, 1);
    CU_ASSERT(seen_ok && seen_probe);
    CU_ASSERT_EQUAL(seen_known, 2);
    ginet_backends_free(list, n);
    ginet_backends_free(NULL, 0);
    CU_ASSERT_EQUAL(ginet_backends(NULL, &n), GINET_EINVAL);
}

static void cap_names(void)
{
    CU_ASSERT_STRING_EQUAL(ginet_backend_cap_name(GINET_BKCAP_READINESS), "readiness");
    CU_ASSERT_STRING_EQUAL(ginet_backend_cap_name(GINET_BKCAP_REUSEPORT_LB), "reuseport_lb");
    CU_ASSERT_PTR_NULL(ginet_backend_cap_name(UINT64_C(1) << 63));
    CU_ASSERT_PTR_NULL(ginet_backend_cap_name(GINET_BKCAP_TCP | GINET_BKCAP_UDP));
}

static const ginet_test_case cases[] = {
    { "names_are_checked", names_are_checked },
    { "not_found_names_the_path", not_found_names_the_path },
    { "wrong_modules_are_refused", wrong_modules_are_refused },
    { "good_module_is_cached", good_module_is_cached },
    { "loads_from_many_threads", loads_from_many_threads },
    { "default_from_environment", default_from_environment },
    { "listing", listing },
    { "cap_names", cap_names },
    { NULL, NULL }
};

static const ginet_test_suite suites[] = {
    { "loader", NULL, NULL, cases },
    { NULL, NULL, NULL, NULL }
};

int main(int argc, char **argv)
{
    /* A directory with a file that looks like a module and is not, ahead
     * of the fake modules and whatever the caller had. */
    snprintf(junk_dir, sizeof junk_dir, "/tmp/ginet-loader-%d", (int)getpid());
    char junk[128], path[4096];
    mkdir(junk_dir, 0700);
    snprintf(junk, sizeof junk, "%s/junk%s", junk_dir, GINET_MODULE_EXT);
    FILE *f = fopen(junk, "w");
    if (f != NULL) {
        fputs("not an ELF file\n", f);
        fclose(f);
    }
    const char *old = getenv("GINET_BACKEND_PATH");
    snprintf(path, sizeof path, "%s:%s%s%s", junk_dir, FAKE_BACKENDS_DIR,
             old && *old ? ":" : "", old && *old ? old : "");
    setenv("GINET_BACKEND_PATH", path, 1);
    int rc = ginet_test_main(suites, argc, argv);
    unlink(junk);
    rmdir(junk_dir);
    return rc;
}
