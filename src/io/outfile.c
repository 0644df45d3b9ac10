/* outfile.c: atomic output files (temporary name, fsync, rename) and staged
 * results directories, so that a failed run never leaves half-written output. */
#ifdef __linux__
#define _GNU_SOURCE /* syscall(SYS_getdents64): reading a directory inside a signal handler */
#endif
#include "engram/outfile.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#ifdef __linux__
#include <sys/syscall.h>
#endif

static char *dup_string(const char *s)
{
    size_t n = strlen(s) + 1;
    char *c = malloc(n);
    if (c)
        memcpy(c, s, n);
    return c;
}

/* malloc'd "a/b", or "b" when a is empty. */
static char *join_path(const char *a, const char *b)
{
    size_t na = strlen(a), nb = strlen(b);
    char *p = malloc(na + nb + 2);
    if (!p)
        return NULL;
    memcpy(p, a, na);
    size_t n = na;
    if (na && a[na - 1] != '/')
        p[n++] = '/';
    memcpy(p + n, b, nb + 1);
    return p;
}

eg_status eg_outfile_mkdirs(const char *dir, eg_error *err)
{
    if (!dir[0])
        return eg_error_set(err, EG_EIO, "cannot create a directory with an empty name");
    char *p = dup_string(dir);
    if (!p)
        return eg_error_set(err, EG_ENOMEM, "%s: out of memory", dir);
    eg_status st = EG_OK;
    /* Make each prefix that ends before a '/', then the whole path. */
    for (char *s = p + 1; ; s++) {
        if (*s != '/' && *s != '\0')
            continue;
        char saved = *s;
        *s = '\0';
        if (mkdir(p, 0777) != 0 && errno != EEXIST) {
            st = eg_error_set(err, EG_EIO, "%s: cannot create directory '%s': %s", dir, p, strerror(errno));
            break;
        }
        *s = saved;
        if (saved == '\0')
            break;
    }
    if (!st) {
        struct stat sb;
        if (stat(dir, &sb) != 0 || !S_ISDIR(sb.st_mode))
            st = eg_error_set(err, EG_EIO, "%s: exists and is not a directory", dir);
    }
    free(p);
    return st;
}

/* Makes a file's rename durable. Best effort: some file systems refuse fsync on
 * directories (EINVAL), and the rename itself has already succeeded. */
static void sync_parent(const char *path)
{
    const char *slash = strrchr(path, '/');
    char *dir = slash ? malloc((size_t)(slash - path) + 2) : dup_string(".");
    if (!dir)
        return;
    if (slash) {
        size_t n = slash == path ? 1 : (size_t)(slash - path);
        memcpy(dir, path, n);
        dir[n] = '\0';
    }
    int fd = open(dir, O_RDONLY);
    if (fd >= 0) {
        (void)fsync(fd);
        close(fd);
    }
    free(dir);
}

struct eg_outfile {
    char *path, *tmp;
    FILE *fp;
};

static atomic_ulong temp_counter;

eg_status eg_outfile_open(const char *path, eg_outfile **out, eg_error *err)
{
    eg_outfile *f = calloc(1, sizeof *f);
    if (!f || !(f->path = dup_string(path))) {
        free(f);
        return eg_error_set(err, EG_ENOMEM, "%s: out of memory", path);
    }
    const char *slash = strrchr(path, '/');
    const char *base = slash ? slash + 1 : path;
    size_t dir_len = (size_t)(base - path);
    if (*base == '\0') {
        eg_outfile_abort(f);
        return eg_error_set(err, EG_EIO, "%s: not a file name", path);
    }
    size_t cap = strlen(path) + 64;
    f->tmp = malloc(cap);
    if (!f->tmp) {
        eg_outfile_abort(f);
        return eg_error_set(err, EG_ENOMEM, "%s: out of memory", path);
    }
    /* O_EXCL with a fresh name: O_CREAT's mode goes through the umask, which
     * mkstemp's fixed 0600 would not. */
    int fd = -1;
    for (int attempt = 0; attempt < 100 && fd < 0; attempt++) {
        unsigned long n = atomic_fetch_add(&temp_counter, 1);
        snprintf(f->tmp, cap, "%.*s.%s.tmp-%ld-%lu", (int)dir_len, path, base, (long)getpid(), n);
        fd = open(f->tmp, O_WRONLY | O_CREAT | O_EXCL, 0666);
        if (fd < 0 && errno != EEXIST)
            break;
    }
    if (fd < 0) {
        int e = errno;
        free(f->tmp);
        f->tmp = NULL;
        eg_outfile_abort(f);
        return eg_error_set(err, EG_EIO, "%s: cannot create a temporary file: %s", path, strerror(e));
    }
    f->fp = fdopen(fd, "wb");
    if (!f->fp) {
        int e = errno;
        close(fd);
        eg_outfile_abort(f);
        return eg_error_set(err, EG_EIO, "%s: cannot open a temporary file: %s", path, strerror(e));
    }
    *out = f;
    return EG_OK;
}

FILE *eg_outfile_stream(eg_outfile *f)
{
    return f->fp;
}

void eg_outfile_abort(eg_outfile *f)
{
    if (!f)
        return;
    if (f->fp)
        fclose(f->fp);
    if (f->tmp)
        unlink(f->tmp);
    free(f->tmp);
    free(f->path);
    free(f);
}

eg_status eg_outfile_commit(eg_outfile *f, eg_error *err)
{
    const char *what = NULL;
    int e = 0;
    if (fflush(f->fp) != 0 || ferror(f->fp))
        what = "write failed", e = errno;
    else if (fsync(fileno(f->fp)) != 0)
        what = "fsync failed", e = errno;
    int closed = fclose(f->fp);
    f->fp = NULL;
    if (!what && closed != 0)
        what = "close failed", e = errno;
    if (!what && rename(f->tmp, f->path) != 0)
        what = "cannot rename the temporary into place", e = errno;
    if (what) {
        eg_status st = eg_error_set(err, EG_EIO, "%s: %s: %s", f->path, what, e ? strerror(e) : "stream error");
        eg_outfile_abort(f);
        return st;
    }
    sync_parent(f->path);
    free(f->tmp);
    f->tmp = NULL; /* renamed: nothing to remove */
    eg_outfile_abort(f);
    return EG_OK;
}

eg_status eg_outfile_write(const char *path, const void *data, size_t len, eg_error *err)
{
    eg_outfile *f = NULL;
    eg_status st = eg_outfile_open(path, &f, err);
    if (st)
        return st;
    if (len && fwrite(data, 1, len, f->fp) != len) {
        int e = errno;
        eg_outfile_abort(f);
        return eg_error_set(err, EG_EIO, "%s: write failed: %s", path, strerror(e));
    }
    return eg_outfile_commit(f, err);
}

/* ---------------------------------------------------------------- directories */

struct eg_outdir {
    char *dir, *staging;
    char **paths; /* handed out by eg_outdir_path */
    size_t npaths;
    int replace;  /* eg_outdir_replace: commit removes the previous run's files */
};

/* ------------------------------------------ staging directories and signals */

/* Staging directories are named ".staging-PID-XXXXXX" after the process that
 * writes them: a later run into the same directory removes those of processes
 * that no longer exist (killed with SIGKILL, or by a power cut). */
#define STAGING_PREFIX ".staging-"

/* The staging directories being written, for the signal handler; a slot is
 * NULL when free. More at once than slots only loses the cleanup on a signal. */
#define ACTIVE_SLOTS 16
static _Atomic(const char *) active_staging[ACTIVE_SLOTS];
static atomic_int handlers_installed;
static const int cleanup_signals[] = {SIGINT, SIGTERM, SIGHUP};

/* Removes the files of staging directory dir and dir itself, with system
 * calls only: this runs inside a signal handler, where opendir and malloc
 * may deadlock. Linux only (getdents64); elsewhere the next run cleans up. */
static void wipe_staging(const char *dir)
{
#ifdef __linux__
    int fd = open(dir, O_RDONLY | O_DIRECTORY);
    if (fd < 0)
        return;
    _Alignas(8) char buf[4096];
    /* Unlinking while reading may skip entries: read again until a pass
     * removes nothing. */
    for (int pass = 0, removed = 1; removed && pass < 64; pass++) {
        removed = 0;
        lseek(fd, 0, SEEK_SET);
        long n;
        while ((n = syscall(SYS_getdents64, fd, buf, sizeof buf)) > 0) {
            for (long off = 0; off < n;) {
                /* struct linux_dirent64: ino (8), off (8), reclen (2), type (1), name */
                unsigned short reclen;
                memcpy(&reclen, buf + off + 16, sizeof reclen);
                const char *name = buf + off + 19;
                if (strcmp(name, ".") && strcmp(name, "..") && unlinkat(fd, name, 0) == 0)
                    removed = 1;
                off += reclen;
            }
        }
    }
    close(fd);
    rmdir(dir);
#else
    (void)dir;
#endif
}

/* SIGINT, SIGTERM, SIGHUP while results are staged: the staged files go, then
 * the signal takes its default course (the exit status still says which). */
static void on_signal(int sig)
{
    int saved = errno;
    for (size_t i = 0; i < ACTIVE_SLOTS; i++) {
        const char *dir = atomic_load(&active_staging[i]);
        if (dir)
            wipe_staging(dir);
    }
    signal(sig, SIG_DFL);
    raise(sig);
    errno = saved;
}

/* Installs on_signal for the signals that would kill the process by
 * default; a signal the caller ignores (nohup) or handles stays so. */
static void install_handlers(void)
{
    int expected = 0;
    if (!atomic_compare_exchange_strong(&handlers_installed, &expected, 1))
        return;
    for (size_t i = 0; i < sizeof cleanup_signals / sizeof cleanup_signals[0]; i++) {
        struct sigaction old, sa;
        if (sigaction(cleanup_signals[i], NULL, &old) != 0 || old.sa_handler != SIG_DFL)
            continue;
        memset(&sa, 0, sizeof sa);
        sa.sa_handler = on_signal;
        sigemptyset(&sa.sa_mask);
        for (size_t k = 0; k < sizeof cleanup_signals / sizeof cleanup_signals[0]; k++)
            sigaddset(&sa.sa_mask, cleanup_signals[k]);
        sigaction(cleanup_signals[i], &sa, NULL);
    }
}

/* Lists staging for the signal handler (installed by the caller); returns its slot, or -1. */
static int register_staging(const char *staging)
{
    for (int i = 0; i < ACTIVE_SLOTS; i++) {
        const char *none = NULL;
        if (atomic_compare_exchange_strong(&active_staging[i], &none, staging))
            return i;
    }
    return -1;
}

static void unregister_staging(const char *staging)
{
    for (size_t i = 0; i < ACTIVE_SLOTS; i++) {
        const char *mine = staging;
        atomic_compare_exchange_strong(&active_staging[i], &mine, NULL);
    }
}

static void remove_staging(const char *staging);

/* Removes the staging directories in dir of processes that no longer exist. */
static void remove_stale_staging(const char *dir)
{
    DIR *dp = opendir(dir);
    if (!dp)
        return;
    struct dirent *e;
    while ((e = readdir(dp)) != NULL) {
        if (strncmp(e->d_name, STAGING_PREFIX, strlen(STAGING_PREFIX)) != 0)
            continue;
        const char *num = e->d_name + strlen(STAGING_PREFIX);
        char *end = NULL;
        long pid = strtol(num, &end, 10);
        if (end == num || *end != '-' || pid <= 0 || pid == (long)getpid())
            continue;
        if (kill((pid_t)pid, 0) == 0 || errno != ESRCH)
            continue; /* alive, or another user's: not ours to judge */
        char *path = join_path(dir, e->d_name);
        if (path)
            remove_staging(path);
        free(path);
    }
    closedir(dp);
}

static void free_outdir(eg_outdir *d)
{
    unregister_staging(d->staging);
    for (size_t k = 0; k < d->npaths; k++)
        free(d->paths[k]);
    free(d->paths);
    free(d->dir);
    free(d->staging);
    free(d);
}

eg_status eg_outdir_begin(const char *dir, eg_outdir **out, eg_error *err)
{
    eg_status st = eg_outfile_mkdirs(dir, err);
    if (st)
        return st;
    remove_stale_staging(dir);
    char name[64];
    snprintf(name, sizeof name, STAGING_PREFIX "%ld-XXXXXX", (long)getpid());
    eg_outdir *d = calloc(1, sizeof *d);
    if (!d || !(d->dir = dup_string(dir)) || !(d->staging = join_path(dir, name))) {
        if (d)
            free_outdir(d);
        return eg_error_set(err, EG_ENOMEM, "%s: out of memory", dir);
    }
    /* A signal between creating the directory and listing it for the handler
     * would leave it behind: the cleanup signals wait until it is listed. */
    install_handlers();
    sigset_t block, saved;
    sigemptyset(&block);
    for (size_t i = 0; i < sizeof cleanup_signals / sizeof cleanup_signals[0]; i++)
        sigaddset(&block, cleanup_signals[i]);
    pthread_sigmask(SIG_BLOCK, &block, &saved);
    int made = mkdtemp(d->staging) != NULL;
    int e = errno;
    if (made)
        register_staging(d->staging);
    pthread_sigmask(SIG_SETMASK, &saved, NULL);
    if (!made) {
        st = eg_error_set(err, EG_EIO, "%s: cannot create a staging directory: %s", dir, strerror(e));
        free_outdir(d);
        return st;
    }
    *out = d;
    return EG_OK;
}

const char *eg_outdir_dir(const eg_outdir *d)
{
    return d->dir;
}

const char *eg_outdir_path(eg_outdir *d, const char *name)
{
    if (!name[0] || name[0] == '.' || strchr(name, '/'))
        return NULL;
    char **grown = realloc(d->paths, (d->npaths + 1) * sizeof *grown);
    if (!grown)
        return NULL;
    d->paths = grown;
    char *p = join_path(d->staging, name);
    if (!p)
        return NULL;
    d->paths[d->npaths++] = p;
    return p;
}

/* The names in the staging directory, malloc'd; dot files (temporaries an
 * interrupted atomic write left) are listed too when with_dot is set. */
static int list_staged(const char *staging, int with_dot, char ***names, size_t *count)
{
    DIR *dp = opendir(staging);
    if (!dp)
        return -1;
    char **v = NULL;
    size_t n = 0;
    int fail = 0;
    struct dirent *e;
    while (!fail && (e = readdir(dp)) != NULL) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..") || (!with_dot && e->d_name[0] == '.'))
            continue;
        char **grown = realloc(v, (n + 1) * sizeof *v);
        char *name = grown ? dup_string(e->d_name) : NULL;
        if (grown)
            v = grown;
        if (!name)
            fail = 1;
        else
            v[n++] = name;
    }
    closedir(dp);
    *names = v;
    *count = n;
    return fail ? -1 : 0;
}

static void free_names(char **names, size_t n)
{
    for (size_t k = 0; k < n; k++)
        free(names[k]);
    free(names);
}

/* Removes every entry of the staging directory (files only; results are flat)
 * and the directory itself. */
static void remove_staging(const char *staging)
{
    char **names = NULL;
    size_t n = 0;
    list_staged(staging, 1, &names, &n);
    for (size_t k = 0; k < n; k++) {
        char *p = join_path(staging, names[k]);
        if (p)
            unlink(p);
        free(p);
    }
    free_names(names, n);
    rmdir(staging);
}

void eg_outdir_abort(eg_outdir *d)
{
    if (!d)
        return;
    remove_staging(d->staging);
    free_outdir(d);
}

void eg_outdir_replace(eg_outdir *d)
{
    d->replace = 1;
}

static int compare_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The names listed in file path, one a line, malloc'd; none when it cannot be read. */
static void read_manifest(const char *path, char ***names, size_t *count)
{
    *names = NULL;
    *count = 0;
    FILE *f = fopen(path, "r");
    if (!f)
        return;
    char line[4096];
    while (fgets(line, sizeof line, f)) {
        line[strcspn(line, "\n")] = '\0';
        char **grown = line[0] ? realloc(*names, (*count + 1) * sizeof **names) : NULL;
        char *name = grown ? dup_string(line) : NULL;
        if (grown)
            *names = grown;
        if (name)
            (*names)[(*count)++] = name;
    }
    fclose(f);
}

/* Unlinks dir/name, or with suffix set dir/STEM+suffix for name STEM.EXT (the
 * figure gnuplot rendered from a script); only for a plain file name: a
 * manifest is read, not trusted, and may name nothing outside dir. */
static void remove_result(const char *dir, const char *name, const char *suffix)
{
    if (!name[0] || name[0] == '.' || strchr(name, '/'))
        return;
    const char *dot = strrchr(name, '.');
    size_t stem = *suffix && dot ? (size_t)(dot - name) : strlen(name);
    char *file = malloc(stem + strlen(suffix) + 1);
    if (!file)
        return;
    memcpy(file, name, stem);
    strcpy(file + stem, suffix);
    char *p = join_path(dir, file);
    if (p)
        unlink(p);
    free(p);
    free(file);
}

/* After the new files are in place: removes what the previous run listed in
 * the manifest and this run did not write (sorted in names), and the figures
 * rendered from the previous run's plot scripts; then lists this run's files. */
static eg_status replace_previous(eg_outdir *d, char **names, size_t n, eg_error *err)
{
    char *manifest = join_path(d->dir, EG_OUTDIR_MANIFEST);
    if (!manifest)
        return eg_error_set(err, EG_ENOMEM, "%s: out of memory", d->dir);
    char **old = NULL;
    size_t nold = 0;
    read_manifest(manifest, &old, &nold);
    for (size_t k = 0; k < nold; k++) {
        size_t len = strlen(old[k]);
        if (len > 3 && strcmp(old[k] + len - 3, ".gp") == 0) {
            remove_result(d->dir, old[k], ".svg");
            remove_result(d->dir, old[k], ".png");
        }
        if (!bsearch(&old[k], names, n, sizeof *names, compare_names))
            remove_result(d->dir, old[k], "");
    }
    free_names(old, nold);
    size_t len = 0;
    for (size_t k = 0; k < n; k++)
        len += strlen(names[k]) + 1;
    char *text = malloc(len + 1);
    eg_status st = EG_OK;
    if (!text) {
        st = eg_error_set(err, EG_ENOMEM, "%s: out of memory", d->dir);
    } else {
        size_t at = 0;
        for (size_t k = 0; k < n; k++) {
            size_t m = strlen(names[k]);
            memcpy(text + at, names[k], m);
            text[at + m] = '\n';
            at += m + 1;
        }
        st = eg_outfile_write(manifest, text, at, err);
    }
    free(text);
    free(manifest);
    return st;
}

eg_status eg_outdir_commit(eg_outdir *d, eg_error *err)
{
    char **names = NULL;
    size_t n = 0;
    eg_status st = EG_OK;
    if (list_staged(d->staging, 0, &names, &n) != 0)
        st = eg_error_set(err, EG_EIO, "%s: cannot list the staging directory '%s': %s", d->dir, d->staging,
                          strerror(errno));
    size_t moved = 0;
    for (; !st && moved < n; moved++) {
        char *from = join_path(d->staging, names[moved]);
        char *to = join_path(d->dir, names[moved]);
        if (!from || !to)
            st = eg_error_set(err, EG_ENOMEM, "%s: out of memory", d->dir);
        else if (rename(from, to) != 0)
            st = eg_error_set(err, EG_EIO, "%s: cannot move '%s' into place: %s", d->dir, names[moved],
                              strerror(errno));
        free(from);
        free(to);
        if (st)
            break;
    }
    if (st) {
        /* Take back what this run had already moved in. */
        for (size_t k = 0; k < moved; k++) {
            char *p = join_path(d->dir, names[k]);
            if (p)
                unlink(p);
            free(p);
        }
    } else {
        sync_parent(d->staging);
    }
    if (!st && d->replace) {
        qsort(names, n, sizeof *names, compare_names);
        st = replace_previous(d, names, n, err);
    }
    free_names(names, n);
    remove_staging(d->staging);
    free_outdir(d);
    return st;
}
