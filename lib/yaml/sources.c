/*
 * The YAML reader's sources: files (read through a descriptor, errno kept for the message) and
 * buffers, one batch per call, and the public entry points shr_catalog_load*. See loader.c.
 */
#include "loader_state.h"
#include "snapshot.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

/* The UTF-8 byte order mark. libyaml skips it only when it detects the encoding itself, which
 * the loader does not let it do (UTF-16 is not accepted): the loader skips it. */
static const unsigned char utf8_bom[3] = {0xEF, 0xBB, 0xBF};

/* The first read of a file: fill at least 3 bytes (or up to the end), then drop a BOM. */
static int read_first(loader *L, unsigned char *buffer, size_t size, size_t *size_read)
{
    size_t have = 0;
    while (have < sizeof utf8_bom && have < size) {
        ssize_t n = read(L->fd, buffer + have, size - have);
        if (n == 0)
            break;
        if (n < 0) {
            if (errno == EINTR)
                continue;
            L->read_errno = errno ? errno : EIO;
            return 0;
        }
        have += (size_t)n;
    }
    if (have >= sizeof utf8_bom && !memcmp(buffer, utf8_bom, sizeof utf8_bom)) {
        L->skipped = sizeof utf8_bom;
        have -= sizeof utf8_bom;
        memmove(buffer, buffer + sizeof utf8_bom, have);
    }
    *size_read = have;
    return 1;
}

/* libyaml read handler over a file descriptor, keeping errno for the message. */
static int read_handler(void *data, unsigned char *buffer, size_t size, size_t *size_read)
{
    loader *L = data;
    if (!L->started) {
        L->started = true;
        int ok = read_first(L, buffer, size, size_read);
        if (!ok || *size_read || !L->skipped)
            return ok;
        /* only a BOM so far: read on, libyaml takes 0 bytes for the end */
    }
    for (;;) {
        ssize_t n = read(L->fd, buffer, size);
        if (n >= 0) {
            *size_read = (size_t)n;
            return 1;
        }
        if (errno != EINTR) {
            L->read_errno = errno ? errno : EIO;
            return 0;
        }
    }
}

/* Register the file in the catalog (undone by rollback with the rest). */
static int add_file(shr_batch *b, const char *name, uint32_t *index, shr_error *err)
{
    shr_catalog *cat = b->cat;
    char *path = shr__arena_strndup(&cat->arena, name, strlen(name));
    if (!path || shr__grow(&cat->alloc, (void **)&cat->files.items, &cat->files.cap,
                           cat->files.count + 1, sizeof *cat->files.items))
        return shr__error_set_at(err, SHR_ENOMEM, name, 0, 0, NULL, "out of memory");
    shr_file_info *fi = &cat->files.items[cat->files.count];
    memset(fi, 0, sizeof *fi);
    fi->path = path;
    *index = (uint32_t)cat->files.count++;
    return SHR_OK;
}

/* Read one document (from fd, or data/size when fd < 0) into the batch. */
static int load_source(shr_batch *b, const char *name, int fd, const char *data, size_t size,
                       shr_error *err)
{
    loader L;
    memset(&L, 0, sizeof L);
    L.cat = b->cat;
    L.batch = b;
    L.err = err;
    L.fd = fd;
    shr__idmap_init(&L.interned, &L.cat->alloc);
    int rc = add_file(b, name, &L.file_index, err);
    if (rc)
        return rc;
    L.cat->files.items[L.file_index].buffer = fd < 0;
    L.file = L.cat->files.items[L.file_index].path;
    if (!yaml_parser_initialize(&L.parser))
        return shr__error_set_at(err, SHR_ENOMEM, name, 0, 0, NULL, "out of memory");
    yaml_parser_set_encoding(&L.parser, YAML_UTF8_ENCODING);
    if (fd < 0 && size >= sizeof utf8_bom && !memcmp(data, utf8_bom, sizeof utf8_bom)) {
        data += sizeof utf8_bom;
        size -= sizeof utf8_bom;
    }
    if (fd >= 0)
        yaml_parser_set_input(&L.parser, read_handler, &L);
    else
        yaml_parser_set_input_string(&L.parser, (const unsigned char *)data, size);
    L.data = fd >= 0 ? NULL : (const unsigned char *)data;
    rc = shr__load_parse_stream(&L);
    if (L.has_ev)
        yaml_event_delete(&L.ev);
    yaml_parser_delete(&L.parser);
    const shr_allocator *a = &L.cat->alloc;
    shr__free(a, L.refs.items);
    shr__free(a, L.strs.items);
    shr__free(a, L.figs.items);
    shr__free(a, L.marks.items);
    shr__free(a, L.acts.items);
    shr__free(a, L.ids.items);
    shr__free(a, L.btexts.items);
    shr__free(a, L.istrs.items);
    shr__free(a, L.dref.items);
    shr__free(a, L.dnames.items);
    shr__idmap_free(&L.interned);
    return rc;
}

static int load_path(shr_batch *b, const char *path, shr_error *err)
{
    if (!path)
        return shr__error_set(err, SHR_EINVAL, "NULL file path");
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return shr__error_set_at(err, SHR_EIO, path, 0, 0, NULL, "cannot open: %s",
                                 shr__strerror(errno));
    /* A snapshot is recognised by its magic number (docs/snapshot.md). */
    char head[8];
    ssize_t n = pread(fd, head, sizeof head, 0);
    int rc = n > 0 && shr__snapshot_magic(head, (size_t)n)
                 ? shr__snapshot_load(b, path, fd, err)
                 : load_source(b, path, fd, NULL, 0, err);
    close(fd);
    return rc;
}

/* Commit, or undo everything on failure. */
static int finish(shr_batch *b, int rc, shr_error *err)
{
    if (rc == SHR_OK)
        rc = shr__batch_commit(b, err);
    if (rc != SHR_OK)
        shr__batch_rollback(b);
    shr__batch_end(b);
    return rc;
}

int shr_catalog_load_files(shr_catalog *cat, const char *const *paths, size_t count,
                           shr_error *err)
{
    shr_error_clear(err);
    if (!cat || (!paths && count))
        return shr__error_set(err, SHR_EINVAL, "NULL catalog or path list");
    if (shr__catalog_check_unborrowed(cat, "load", err))
        return SHR_EMISUSE;
    shr_batch b;
    shr__batch_begin(&b, cat);
    int rc = SHR_OK;
    for (size_t i = 0; rc == SHR_OK && i < count; i++)
        rc = load_path(&b, paths[i], err);
    return finish(&b, rc, err);
}

int shr_catalog_load(shr_catalog *cat, const char *path, shr_error *err)
{
    return shr_catalog_load_files(cat, &path, 1, err);
}

int shr_catalog_load_buffer(shr_catalog *cat, const char *name, const char *data, size_t size,
                            shr_error *err)
{
    shr_error_clear(err);
    if (!cat || (!data && size))
        return shr__error_set(err, SHR_EINVAL, "NULL catalog or data");
    if (shr__catalog_check_unborrowed(cat, "load", err))
        return SHR_EMISUSE;
    shr_batch b;
    shr__batch_begin(&b, cat);
    int rc = load_source(&b, name ? name : "<buffer>", -1, data ? data : "", size, err);
    return finish(&b, rc, err);
}

