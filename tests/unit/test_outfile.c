/* test_outfile.c: directory creation, atomic file replacement and staged
 * results directories, including the failure paths (nothing half-written left). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "engram/outfile.h"

#define ROOT "outfile-test"

/* Entries of dir other than . and ..; -1 when it does not exist. */
static int count_entries(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d)
        return -1;
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL)
        if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
            n++;
    closedir(d);
    return n;
}

static char *read_text(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    static char buf[256];
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    buf[n] = '\0';
    fclose(f);
    return buf;
}

static int mode_of(const char *path)
{
    struct stat sb;
    assert_int_equal(stat(path, &sb), 0);
    return (int)(sb.st_mode & 0777);
}

static void test_mkdirs_with_parents_and_umask(void **state)
{
    (void)state;
    mode_t old = umask(022);
    eg_error err;
    assert_int_equal(eg_outfile_mkdirs(ROOT "/a/b/c", &err), EG_OK);
    assert_int_equal(mode_of(ROOT "/a/b/c"), 0755);
    assert_int_equal(mode_of(ROOT "/a"), 0755);
    assert_int_equal(eg_outfile_mkdirs(ROOT "/a/b/c/", &err), EG_OK); /* exists already */
    assert_int_equal(eg_outfile_write(ROOT "/a/file", "x", 1, &err), EG_OK);
    assert_int_equal(mode_of(ROOT "/a/file"), 0644);
    assert_int_equal(eg_outfile_mkdirs(ROOT "/a/file/sub", &err), EG_EIO);
    assert_non_null(strstr(err.msg, ROOT "/a/file/sub: cannot create directory"));
    assert_int_equal(eg_outfile_mkdirs(ROOT "/a/file", &err), EG_EIO);
    assert_string_equal(err.msg, ROOT "/a/file: exists and is not a directory");
    assert_int_equal(eg_outfile_mkdirs("", &err), EG_EIO);
    umask(077);
    assert_int_equal(eg_outfile_write(ROOT "/a/private", "y", 1, &err), EG_OK);
    assert_int_equal(mode_of(ROOT "/a/private"), 0600);
    umask(old);
    unlink(ROOT "/a/file");
    unlink(ROOT "/a/private");
    rmdir(ROOT "/a/b/c");
    rmdir(ROOT "/a/b");
    rmdir(ROOT "/a");
}

static void test_atomic_write_replaces_and_leaves_no_temporary(void **state)
{
    (void)state;
    eg_error err;
    assert_int_equal(eg_outfile_mkdirs(ROOT "/w", &err), EG_OK);
    assert_int_equal(eg_outfile_write(ROOT "/w/r.txt", "first", 5, &err), EG_OK);
    assert_string_equal(read_text(ROOT "/w/r.txt"), "first");
    assert_int_equal(eg_outfile_write(ROOT "/w/r.txt", "second", 6, &err), EG_OK);
    assert_string_equal(read_text(ROOT "/w/r.txt"), "second");
    assert_int_equal(eg_outfile_write(ROOT "/w/empty", "", 0, &err), EG_OK);
    assert_string_equal(read_text(ROOT "/w/empty"), "");
    assert_int_equal(count_entries(ROOT "/w"), 2);

    /* Streaming: nothing appears under the name until commit; abort leaves nothing. */
    eg_outfile *f = NULL;
    assert_int_equal(eg_outfile_open(ROOT "/w/s.txt", &f, &err), EG_OK);
    fprintf(eg_outfile_stream(f), "%d,%d\n", 1, 2);
    assert_null(read_text(ROOT "/w/s.txt"));
    assert_int_equal(count_entries(ROOT "/w"), 3); /* the temporary */
    assert_int_equal(eg_outfile_commit(f, &err), EG_OK);
    assert_string_equal(read_text(ROOT "/w/s.txt"), "1,2\n");
    assert_int_equal(eg_outfile_open(ROOT "/w/s.txt", &f, &err), EG_OK);
    fputs("half", eg_outfile_stream(f));
    eg_outfile_abort(f);
    assert_string_equal(read_text(ROOT "/w/s.txt"), "1,2\n");
    assert_int_equal(count_entries(ROOT "/w"), 3);
    eg_outfile_abort(NULL);
    unlink(ROOT "/w/r.txt");
    unlink(ROOT "/w/empty");
    unlink(ROOT "/w/s.txt");
    rmdir(ROOT "/w");
}

static void test_atomic_write_failures(void **state)
{
    (void)state;
    eg_error err;
    assert_int_equal(eg_outfile_write(ROOT "/missing/dir/x.npy", "x", 1, &err), EG_EIO);
    assert_non_null(strstr(err.msg, ROOT "/missing/dir/x.npy: cannot create a temporary file"));
    /* The rename fails when the target is a directory: the temporary must go. */
    assert_int_equal(eg_outfile_mkdirs(ROOT "/f/target", &err), EG_OK);
    assert_int_equal(eg_outfile_write(ROOT "/f/target", "data", 4, &err), EG_EIO);
    assert_non_null(strstr(err.msg, ROOT "/f/target: cannot rename the temporary into place"));
    assert_int_equal(count_entries(ROOT "/f"), 1);
    assert_int_equal(eg_outfile_write(ROOT "/f/", "data", 4, &err), EG_EIO);
    assert_string_equal(err.msg, ROOT "/f/: not a file name");
    rmdir(ROOT "/f/target");
    rmdir(ROOT "/f");
}

static void test_outdir_commit_and_abort(void **state)
{
    (void)state;
    eg_error err;
    eg_outdir *d = NULL;
    assert_int_equal(eg_outdir_begin(ROOT "/run", &d, &err), EG_OK);
    assert_string_equal(eg_outdir_dir(d), ROOT "/run");
    const char *a = eg_outdir_path(d, "a.csv");
    const char *b = eg_outdir_path(d, "b.json");
    assert_non_null(a);
    assert_non_null(b);
    assert_null(eg_outdir_path(d, "sub/c"));
    assert_null(eg_outdir_path(d, ".hidden"));
    assert_null(eg_outdir_path(d, ""));
    assert_int_equal(eg_outfile_write(a, "1,2\n", 4, &err), EG_OK);
    assert_int_equal(eg_outfile_write(b, "{}", 2, &err), EG_OK);
    /* Before commit only the staging directory is visible. */
    assert_int_equal(count_entries(ROOT "/run"), 1);
    assert_null(read_text(ROOT "/run/a.csv"));
    assert_int_equal(eg_outdir_commit(d, &err), EG_OK);
    assert_int_equal(count_entries(ROOT "/run"), 2);
    assert_string_equal(read_text(ROOT "/run/a.csv"), "1,2\n");
    assert_string_equal(read_text(ROOT "/run/b.json"), "{}");

    /* A failing run: nothing of it stays, earlier results are untouched. */
    assert_int_equal(eg_outdir_begin(ROOT "/run", &d, &err), EG_OK);
    assert_int_equal(eg_outfile_write(eg_outdir_path(d, "c.npy"), "zz", 2, &err), EG_OK);
    eg_outfile *half = NULL;
    assert_int_equal(eg_outfile_open(eg_outdir_path(d, "d.npy"), &half, &err), EG_OK);
    fputs("partial", eg_outfile_stream(half)); /* a temporary left open, as a crash mid-write would */
    fflush(eg_outfile_stream(half));
    eg_outdir_abort(d);
    eg_outfile_abort(half);
    assert_int_equal(count_entries(ROOT "/run"), 2);
    assert_string_equal(read_text(ROOT "/run/a.csv"), "1,2\n");
    eg_outdir_abort(NULL);
}

/* Commits one run of the named results (each holding its own name) into dir,
 * replacing the previous run's. */
static void commit_run(const char *dir, const char *const *names)
{
    eg_error err;
    eg_outdir *d = NULL;
    assert_int_equal(eg_outdir_begin(dir, &d, &err), EG_OK);
    eg_outdir_replace(d);
    for (size_t i = 0; names[i]; i++)
        assert_int_equal(eg_outfile_write(eg_outdir_path(d, names[i]), names[i], strlen(names[i]), &err), EG_OK);
    assert_int_equal(eg_outdir_commit(d, &err), EG_OK);
}

static void test_outdir_replace(void **state)
{
    (void)state;
    const char *first[] = {"a.npy", "b.npy", "fig.gp", NULL}, *second[] = {"b.npy", "c.npy", NULL};
    commit_run(ROOT "/rep", first);
    assert_string_equal(read_text(ROOT "/rep/" EG_OUTDIR_MANIFEST), "a.npy\nb.npy\nfig.gp\n");
    FILE *f = fopen(ROOT "/rep/mine.txt", "w"); /* a file engram did not write */
    assert_non_null(f);
    fclose(f);
    f = fopen(ROOT "/rep/fig.svg", "w"); /* rendered from fig.gp */
    assert_non_null(f);
    fclose(f);
    commit_run(ROOT "/rep", second);
    /* b and c of the second run, the user's file, the manifest: nothing of the first run. */
    assert_int_equal(count_entries(ROOT "/rep"), 4);
    assert_null(read_text(ROOT "/rep/a.npy"));
    assert_null(read_text(ROOT "/rep/fig.gp"));
    assert_null(read_text(ROOT "/rep/fig.svg"));
    assert_string_equal(read_text(ROOT "/rep/c.npy"), "c.npy");
    assert_non_null(read_text(ROOT "/rep/mine.txt"));
    /* A manifest is read, not trusted: names outside the directory stay. */
    f = fopen(ROOT "/outside", "w");
    assert_non_null(f);
    fclose(f);
    f = fopen(ROOT "/rep/" EG_OUTDIR_MANIFEST, "w");
    assert_non_null(f);
    fputs("../outside\n/etc/passwd\n.hidden\nc.npy\n", f);
    fclose(f);
    commit_run(ROOT "/rep", second);
    assert_non_null(read_text(ROOT "/outside"));
    unlink(ROOT "/outside");
    const char *leftovers[] = {"b.npy", "c.npy", "mine.txt", EG_OUTDIR_MANIFEST};
    for (size_t i = 0; i < 4; i++) {
        char path[128];
        snprintf(path, sizeof path, ROOT "/rep/%s", leftovers[i]);
        assert_int_equal(unlink(path), 0);
    }
    assert_int_equal(rmdir(ROOT "/rep"), 0);
}

static void test_outdir_commit_failure_rolls_back(void **state)
{
    (void)state;
    eg_error err;
    /* A directory in the way of one result makes its rename fail. */
    assert_int_equal(eg_outfile_mkdirs(ROOT "/run2/B", &err), EG_OK);
    eg_outdir *d = NULL;
    assert_int_equal(eg_outdir_begin(ROOT "/run2", &d, &err), EG_OK);
    assert_int_equal(eg_outfile_write(eg_outdir_path(d, "A"), "a", 1, &err), EG_OK);
    assert_int_equal(eg_outfile_write(eg_outdir_path(d, "B"), "b", 1, &err), EG_OK);
    assert_int_equal(eg_outfile_write(eg_outdir_path(d, "C"), "c", 1, &err), EG_OK);
    assert_int_equal(eg_outdir_commit(d, &err), EG_EIO);
    assert_non_null(strstr(err.msg, ROOT "/run2: cannot move 'B' into place"));
    /* Only the directory that was there before remains. */
    assert_int_equal(count_entries(ROOT "/run2"), 1);
    assert_int_equal(count_entries(ROOT "/run2/B"), 0);
    rmdir(ROOT "/run2/B");
    rmdir(ROOT "/run2");
    unlink(ROOT "/run/a.csv");
    unlink(ROOT "/run/b.json");
    rmdir(ROOT "/run");
    assert_int_equal(rmdir(ROOT), 0); /* everything above cleaned up after itself */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_mkdirs_with_parents_and_umask),
        cmocka_unit_test(test_atomic_write_replaces_and_leaves_no_temporary),
        cmocka_unit_test(test_atomic_write_failures),
        cmocka_unit_test(test_outdir_commit_and_abort),
        cmocka_unit_test(test_outdir_replace),
        cmocka_unit_test(test_outdir_commit_failure_rolls_back),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
