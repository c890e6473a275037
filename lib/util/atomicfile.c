/*
 * Atomic replacement of a file (atomic_file.h): the one implementation behind
 * shr_catalog_save(), shr_report_save(), shr_import_save() and the tool's `-o`.
 *
 * The temporary file is created with open(O_CREAT | O_EXCL, 0666) under a random name, not
 * with mkstemp(): mkstemp gives mode 0600, and the only other way to learn the umask,
 * umask(2), changes the process's state (not thread-safe). open() applies the umask itself, so
 * a new file gets the mode any new file of the process gets; a replaced one keeps its own.
 */
#include "util.h"

#include "sharitories/atomic_file.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

struct shr_atomic_file {
    shr_allocator alloc;
    char *path; /* copies */
    char *tmp;
    int fd;       /* -1 once owned by stream or closed */
    FILE *stream; /* NULL until shr_atomic_file_stream() */
};

#define SUFFIX ".XXXXXX"
#define ATTEMPTS 100

static int io_error(shr_error *err, const char *path, const char *what, int e)
{
    return shr__error_set_at(err, SHR_EIO, path, 0, 0, NULL, "%s: %s", shr__w(what), shr__strerror(e));
}

static uint64_t mix(uint64_t x)
{
    /* splitmix64's finaliser */
    x += UINT64_C(0x9e3779b97f4a7c15);
    x = (x ^ (x >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
    x = (x ^ (x >> 27)) * UINT64_C(0x94d049bb133111eb);
    return x ^ (x >> 31);
}

/* Fill the 6 X of tmp's suffix; the seed differs between processes, calls and attempts. */
static void random_suffix(char *x, uint64_t seed)
{
    static const char chars[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    uint64_t v = mix(seed);
    for (int i = 0; i < 6; i++, v /= 62)
        x[i] = chars[v % 62];
}

int shr_atomic_file_open(const char *path, const shr_allocator *alloc, shr_atomic_file **out,
                         shr_error *err)
{
    shr_error_clear(err);
    if (out)
        *out = NULL;
    if (!path || !*path || !out)
        return shr__error_set(err, SHR_EINVAL, "atomic file: NULL or empty path");
    if (!alloc)
        alloc = shr_allocator_default();
    size_t len = strlen(path);
    shr_atomic_file *f = shr__calloc(alloc, 1, sizeof *f);
    char *copy = shr__malloc(alloc, len + 1);
    char *tmp = shr__malloc(alloc, len + sizeof SUFFIX);
    if (!f || !copy || !tmp) {
        shr__free(alloc, f);
        shr__free(alloc, copy);
        shr__free(alloc, tmp);
        return shr__error_set_at(err, SHR_ENOMEM, path, 0, 0, NULL, "out of memory");
    }
    f->alloc = *alloc;
    memcpy(copy, path, len + 1);
    memcpy(tmp, path, len);
    memcpy(tmp + len, SUFFIX, sizeof SUFFIX);
    f->path = copy;
    f->tmp = tmp;
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    uint64_t seed = ((uint64_t)getpid() << 32) ^ (uint64_t)ts.tv_sec * 1000000000u ^
                    (uint64_t)ts.tv_nsec ^ (uint64_t)(uintptr_t)f;
    int fd = -1;
    for (int i = 0; i < ATTEMPTS && fd < 0; i++) {
        random_suffix(tmp + len + 1, seed + (uint64_t)i);
        fd = open(tmp, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
        if (fd < 0 && errno != EEXIST)
            break;
    }
    if (fd < 0) {
        int rc = io_error(err, path, "cannot create a temporary file", errno);
        shr__free(alloc, tmp);
        shr__free(alloc, copy);
        shr__free(alloc, f);
        return rc;
    }
    f->fd = fd;
    *out = f;
    return SHR_OK;
}

int shr_atomic_file_descriptor(const shr_atomic_file *f)
{
    if (!f)
        return 0;
    return f->stream ? fileno(f->stream) : f->fd;
}

FILE *shr_atomic_file_stream(shr_atomic_file *f)
{
    if (!f)
        return NULL;
    if (!f->stream && f->fd >= 0) {
        f->stream = fdopen(f->fd, "wb");
        if (f->stream)
            f->fd = -1;
    }
    return f->stream;
}

static void release(shr_atomic_file *f)
{
    shr_allocator a = f->alloc;
    shr__free(&a, f->tmp);
    shr__free(&a, f->path);
    shr__free(&a, f);
}

void shr_atomic_file_abort(shr_atomic_file *f)
{
    if (!f)
        return;
    if (f->stream)
        fclose(f->stream);
    if (f->fd >= 0)
        close(f->fd);
    unlink(f->tmp);
    release(f);
}

/* Make the rename durable (best effort: not every file system can sync a directory). */
static void sync_dir(const char *path)
{
    const char *slash = strrchr(path, '/');
    char dir[4096];
    if (!slash) {
        dir[0] = '.', dir[1] = '\0';
    } else {
        size_t n = slash == path ? 1 : (size_t)(slash - path);
        if (n >= sizeof dir)
            return;
        memcpy(dir, path, n);
        dir[n] = '\0';
    }
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd >= 0) {
        fsync(fd);
        close(fd);
    }
}

int shr_atomic_file_commit(shr_atomic_file *f, shr_error *err)
{
    if (!f)
        return shr__error_set(err, SHR_EINVAL, "atomic file: NULL handle");
    int rc = SHR_OK;
    if (f->stream && fflush(f->stream) != 0)
        rc = io_error(err, f->path, "cannot write", errno);
    int fd = shr_atomic_file_descriptor(f);
    struct stat st;
    if (rc == SHR_OK && stat(f->path, &st) == 0 && fchmod(fd, st.st_mode & 07777) != 0)
        rc = io_error(err, f->path, "cannot set the file mode", errno);
    if (rc == SHR_OK && fsync(fd) != 0)
        rc = io_error(err, f->path, "cannot write", errno);
    int closed = f->stream ? fclose(f->stream) : close(f->fd);
    f->stream = NULL;
    f->fd = -1;
    if (rc == SHR_OK && closed != 0)
        rc = io_error(err, f->path, "cannot write", errno);
    if (rc == SHR_OK && rename(f->tmp, f->path) != 0)
        rc = io_error(err, f->path, "cannot replace the file", errno);
    if (rc == SHR_OK)
        sync_dir(f->path);
    else
        unlink(f->tmp);
    release(f);
    return rc;
}

int shr__atomic_save(const char *path, const shr_allocator *alloc, shr__stream_writer write,
                     const void *ctx, shr_error *err)
{
    shr_atomic_file *f;
    int rc = shr_atomic_file_open(path, alloc, &f, err);
    if (rc != SHR_OK)
        return rc;
    FILE *out = shr_atomic_file_stream(f);
    if (!out)
        rc = io_error(err, path, "cannot write", errno);
    else
        rc = write(ctx, out, err);
    if (rc != SHR_OK) {
        shr_atomic_file_abort(f);
        return rc;
    }
    return shr_atomic_file_commit(f, err);
}
